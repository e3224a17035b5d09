package dev.chimera.messaging;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the Kafka topics that do not exist yet, so that nothing depends on the broker's auto-creation, and, where
 * asked, raises the partition count of topics that have fewer partitions than planned. {@link #ensure} leaves an
 * existing topic as it is.
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

    /**
     * Raises each existing topic of {@code partitions} (topic name to partition count) that has fewer partitions to
     * its planned count, and returns the names of the topics this call grew; a topic with as many or more is left as
     * it is. Only for topics whose consumers need no order between records of one key: a new partition count moves
     * keys to other partitions.
     */
    public Set<String> grow(Map<String, Integer> partitions) {
        try {
            Map<String, TopicDescription> existing = admin.describeTopics(partitions.keySet()).allTopicNames()
                    .get(timeout.toMillis(), MILLISECONDS);
            Map<String, NewPartitions> tooFew = new LinkedHashMap<>();
            existing.forEach((topic, description) -> {
                int planned = partitions.get(topic);
                if (description.partitions().size() < planned) {
                    tooFew.put(topic, NewPartitions.increaseTo(planned));
                }
            });
            Set<String> grown = new LinkedHashSet<>();
            for (Map.Entry<String, KafkaFuture<Void>> growth : admin.createPartitions(tooFew).values().entrySet()) {
                if (awaitGrowth(growth.getKey(), growth.getValue())) {
                    grown.add(growth.getKey());
                }
            }
            return grown;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while growing Kafka topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe Kafka topics " + partitions.keySet(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout, e);
        }
    }

    // Another replica may grow the same topic between our description and our request: that is fine.
    private boolean awaitGrowth(String topic, KafkaFuture<Void> growth) throws InterruptedException, TimeoutException {
        try {
            growth.get(timeout.toMillis(), MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidPartitionsException) {
                return false;
            }
            throw new IllegalStateException("cannot add partitions to Kafka topic " + topic, e.getCause());
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
