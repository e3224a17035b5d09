package dev.chimera.gateway.messaging;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates every Chimera topic at start unless it exists, so nothing depends on the broker's auto-creation. Work
 * topics get more partitions (they bound how many workers share a kind); the rest get the default count.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 30;
    private static final Set<String> WORK_TOPICS =
            Arrays.stream(JobKind.values()).map(KafkaTopics::work).collect(Collectors.toSet());

    private final GatewayConfig.Kafka config;

    public TopicProvisioner(GatewayConfig config) {
        this.config = config.kafka();
    }

    void onStart(@Observes StartupEvent event) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap()))) {
            List<NewTopic> topics = KafkaTopics.all().stream()
                    .map(name -> new NewTopic(name, partitionsOf(name), config.replication()))
                    .toList();
            admin.createTopics(topics).values().forEach((name, creation) -> {
                try {
                    creation.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    LOG.infof("topic created topic=%s partitions=%d", name, partitionsOf(name));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("Kafka did not create topic " + name + " in time", e);
                }
            });
        }
    }

    private int partitionsOf(String topic) {
        return WORK_TOPICS.contains(topic) ? config.workPartitions() : config.partitions();
    }
}
