package dev.chimera.gateway.messaging;

import dev.chimera.contract.KafkaTopics;
import dev.chimera.messaging.KafkaClientSettings;
import dev.chimera.messaging.TopicProvisioner;
import dev.chimera.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/** Creates every Chimera topic that is missing when the gateway starts, with the standard partition plan. */
@ApplicationScoped
public class StartupTopics {

    private static final Logger LOG = Logger.getLogger(StartupTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final GatewayConfig.Kafka config;

    public StartupTopics(GatewayConfig config) {
        this.config = config.kafka();
    }

    void onStart(@Observes StartupEvent event) {
        try (Admin admin = Admin.create(new KafkaClientSettings(config.bootstrap()).admin("chimera-gateway-topics",
                TIMEOUT))) {
            Set<String> created = new TopicProvisioner(admin, TIMEOUT)
                    .ensure(KafkaTopics.partitionPlan(config.workPartitions(), config.partitions()),
                            config.replication());
            LOG.infof("topics provisioned created=%s", created);
        }
    }
}
