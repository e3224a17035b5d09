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
        return answered("provision Kafka topics " + partitions.keySet(), () -> {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), MILLISECONDS);
            List<NewTopic> missing = partitions.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), replication))
                    .toList();
            if (missing.isEmpty()) {
                return Set.of();
            }
            // Another service or replica may create the same topic between our listing and our request.
            return done(admin.createTopics(missing).values(), TopicExistsException.class, "create Kafka topic");
        });
    }

    /**
     * Raises each existing topic of {@code partitions} (topic name to partition count) that has fewer partitions to
     * its planned count, and returns the names of the topics this call grew; a topic with as many or more is left as
     * it is. Only for topics whose consumers need no order between records of one key: a new partition count moves
     * keys to other partitions.
     */
    public Set<String> grow(Map<String, Integer> partitions) {
        return answered("grow Kafka topics " + partitions.keySet(), () -> {
            Map<String, TopicDescription> existing = admin.describeTopics(partitions.keySet()).allTopicNames()
                    .get(timeout.toMillis(), MILLISECONDS);
            Map<String, NewPartitions> tooFew = new LinkedHashMap<>();
            existing.forEach((topic, description) -> {
                int planned = partitions.get(topic);
                if (description.partitions().size() < planned) {
                    tooFew.put(topic, NewPartitions.increaseTo(planned));
                }
            });
            // Another replica may grow the same topic between our description and our request.
            return done(admin.createPartitions(tooFew).values(), InvalidPartitionsException.class,
                    "add partitions to Kafka topic");
        });
    }

    private interface BrokerWork<T> {
        T run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    private <T> T answered(String action, BrokerWork<T> work) {
        try {
            return work.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + action, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot " + action, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " to " + action, e);
        }
    }

    // The topics whose request succeeded; one that failed with doneByOther was changed by someone else first.
    private Set<String> done(Map<String, KafkaFuture<Void>> requests, Class<? extends Throwable> doneByOther,
            String action) throws InterruptedException, TimeoutException {
        Set<String> done = new LinkedHashSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> request : requests.entrySet()) {
            try {
                request.getValue().get(timeout.toMillis(), MILLISECONDS);
                done.add(request.getKey());
            } catch (ExecutionException e) {
                if (!doneByOther.isInstance(e.getCause())) {
                    throw new IllegalStateException("cannot " + action + " " + request.getKey(), e.getCause());
                }
            }
        }
        return done;
    }
}
