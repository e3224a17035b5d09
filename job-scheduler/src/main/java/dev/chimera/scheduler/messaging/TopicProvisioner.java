package dev.chimera.scheduler.messaging;

import dev.chimera.contract.JobKind;
import dev.chimera.contract.KafkaTopics;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates every Chimera topic that does not exist yet, so that nothing depends on the broker's auto-creation. */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final Admin admin;
    private final int workTopicPartitions;
    private final int topicPartitions;
    private final short replication;

    /** A provisioner that creates work topics and the other topics with the given partition counts. */
    public TopicProvisioner(Admin admin, int workTopicPartitions, int topicPartitions, short replication) {
        this.admin = admin;
        this.workTopicPartitions = workTopicPartitions;
        this.topicPartitions = topicPartitions;
        this.replication = replication;
    }

    /** Creates the missing topics; existing topics are left exactly as they are. */
    public void ensureTopics() {
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = KafkaTopics.all().stream()
                    .filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, partitionsOf(topic), replication))
                    .toList();
            for (NewTopic topic : missing) {
                createIgnoringRace(topic);
            }
            LOG.infof("topics provisioned created=%d existing=%d", missing.size(), existing.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list Kafka topics", e);
        }
    }

    private int partitionsOf(String topic) {
        boolean work = List.of(JobKind.values()).stream().map(KafkaTopics::work).anyMatch(topic::equals);
        return work ? workTopicPartitions : topicPartitions;
    }

    // Another service (or replica) may create the same topic between our listing and our request: that is fine.
    private void createIgnoringRace(NewTopic topic) throws InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create Kafka topic " + topic.name(), e.getCause());
            }
        }
    }
}
