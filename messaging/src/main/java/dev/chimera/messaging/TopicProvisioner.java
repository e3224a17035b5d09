package dev.chimera.messaging;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the Kafka topics that do not exist yet, so that nothing depends on the broker's auto-creation; a topic
 * that exists is left exactly as it is, whatever its partition count.
 */
public final class TopicProvisioner {

    private final Admin admin;
    private final Duration timeout;

    /** A provisioner over an admin client its caller closes; each broker request waits at most {@code timeout}. */
    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates each topic of {@code partitions} (topic name to partition count) that is missing, with
     * {@code replication} replicas, and returns the names of the topics this call created.
     */
    public Set<String> ensure(Map<String, Integer> partitions, short replication) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), MILLISECONDS);
            List<NewTopic> missing = partitions.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), replication))
                    .toList();
            Set<String> created = new LinkedHashSet<>();
            if (missing.isEmpty()) {
                return created;
            }
            for (Map.Entry<String, KafkaFuture<Void>> creation : admin.createTopics(missing).values().entrySet()) {
                if (awaitCreation(creation.getKey(), creation.getValue())) {
                    created.add(creation.getKey());
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning Kafka topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list Kafka topics", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout, e);
        }
    }

    // Another service or replica may create the same topic between our listing and our request: that is fine.
    private boolean awaitCreation(String topic, KafkaFuture<Void> creation)
            throws InterruptedException, TimeoutException {
        try {
            creation.get(timeout.toMillis(), MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("cannot create Kafka topic " + topic, e.getCause());
        }
    }
}
