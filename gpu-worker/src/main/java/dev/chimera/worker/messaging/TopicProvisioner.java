package dev.chimera.worker.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the topics the worker uses if they are missing, so nothing depends on the broker's auto-creation. */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** Creates every topic of {@code partitions} (name → partition count) that does not exist yet. */
    public static void ensure(String bootstrap, Map<String, Integer> partitions, short replication) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, count) -> topics.add(new NewTopic(name, count, replication)));
            admin.createTopics(topics).values().forEach((name, future) -> {
                try {
                    future.get();
                    LOG.infof("topic created topic=%s partitions=%d", name, partitions.get(name));
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating topic " + name, e);
                }
            });
        }
    }
}
