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
    }

    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
