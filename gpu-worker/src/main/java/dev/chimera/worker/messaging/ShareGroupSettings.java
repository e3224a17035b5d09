package dev.chimera.worker.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.jboss.logging.Logger;

import dev.chimera.worker.config.WorkerSettings;

/**
 * Sets the work share group's own configuration before the worker joins it: where it starts on a partition it has
 * not read ({@code share.auto.offset.reset}; Kafka's default, {@code latest}, would skip orders sent before the first
 * worker of a pool started), the record lock duration and the delivery count limit. Every worker of the pool sets the
 * same values; setting them again changes nothing.
 */
final class ShareGroupSettings {

    private static final Logger LOG = Logger.getLogger(ShareGroupSettings.class);

    private ShareGroupSettings() {
    }

    static void apply(Admin admin, WorkerSettings settings, Duration timeout) {
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, settings.group());
        List<AlterConfigOp> values = List.of(
                set("share.auto.offset.reset", settings.offsetReset()),
                set("share.record.lock.duration.ms", Long.toString(settings.lockTimeout().toMillis())),
                set("share.delivery.count.limit", Integer.toString(settings.deliveryLimit())));
        try {
            admin.incrementalAlterConfigs(Map.of(group, values)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot configure share group " + settings.group() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring share group " + settings.group(), e);
        }
        LOG.infof("share group configured group=%s offsetReset=%s lockTimeout=%s deliveryLimit=%d", settings.group(),
                settings.offsetReset(), settings.lockTimeout(), settings.deliveryLimit());
        applyHeartbeat(admin, group, settings.groupHeartbeat(), timeout);
    }

    /**
     * A broker whose {@code group.share.min.heartbeat.interval.ms} is above the asked interval refuses it; the worker
     * still works, only it takes the broker's interval (5 s by default) to take orders again after each job.
     */
    private static void applyHeartbeat(Admin admin, ConfigResource group, Duration heartbeat, Duration timeout) {
        try {
            admin.incrementalAlterConfigs(Map.of(group, List.of(set("share.heartbeat.interval.ms",
                    Long.toString(heartbeat.toMillis()))))).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("share group heartbeat group=%s interval=%s", group.name(), heartbeat);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof InvalidConfigurationException)) {
                throw new IllegalStateException("cannot configure share group " + group.name() + ": " + e, e);
            }
            LOG.warnf("the brokers refuse share group heartbeat %s (%s): a worker rejoins its group after a job only"
                    + " after the brokers' interval; lower group.share.min.heartbeat.interval.ms", heartbeat,
                    e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot configure share group " + group.name() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring share group " + group.name(), e);
        }
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
