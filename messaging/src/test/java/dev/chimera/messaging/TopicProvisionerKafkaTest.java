package dev.chimera.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.KafkaTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs against the Kafka broker of the local stack ({@code CHIMERA_KAFKA_BOOTSTRAP}, default 127.0.0.1:19092). Topics
 * made up by a test carry a random suffix and are deleted afterwards.
 */
@Tag("integration")
class TopicProvisionerKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final short REPLICATION = 1;

    private static Admin admin;
    private static final List<String> madeUpTopics = new ArrayList<>();

    // Fails the class once, within seconds, when the stack's Kafka is not running, instead of each test timing out.
    @BeforeAll
    static void connect() throws Exception {
        String bootstrap = System.getenv().getOrDefault("CHIMERA_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()));
        try {
            admin.listTopics().names().get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            admin.close(Duration.ZERO);
            throw new IllegalStateException("no Kafka at " + bootstrap + "; is the local stack running?", e);
        }
    }

    @AfterAll
    static void deleteMadeUpTopicsAndDisconnect() throws Exception {
        try {
            if (!madeUpTopics.isEmpty()) {
                admin.deleteTopics(madeUpTopics).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            admin.close();
        }
    }

    private static String madeUpTopic(String purpose) {
        String topic = "chimera.test.contract." + purpose + "." + UUID.randomUUID();
        madeUpTopics.add(topic);
        return topic;
    }

    private static TopicProvisioner provisioner() {
        return new TopicProvisioner(admin, TIMEOUT);
    }

    // A new topic may be listed before each partition has a leader: wait for the leaders, not for the listing.
    private static TopicDescription awaitLedTopic(String topic) {
        return await().atMost(TIMEOUT).until(() -> describe(topic),
                description -> description.partitions().stream().allMatch(partition -> partition.leader() != null));
    }

    private static TopicDescription describe(String topic) throws Exception {
        return admin.describeTopics(Set.of(topic)).allTopicNames().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .get(topic);
    }

    @Test
    void createsEachMissingTopicWithItsOwnPartitionCount() {
        String wide = madeUpTopic("wide");
        String narrow = madeUpTopic("narrow");

        Set<String> created = provisioner().ensure(Map.of(wide, 4, narrow, 1), REPLICATION);

        assertEquals(Set.of(wide, narrow), created);
        assertEquals(4, awaitLedTopic(wide).partitions().size());
        assertEquals(1, awaitLedTopic(narrow).partitions().size());
    }

    @Test
    void leavesAnExistingTopicAsItIs() throws Exception {
        String existing = madeUpTopic("existing");
        admin.createTopics(List.of(new NewTopic(existing, 2, REPLICATION))).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitLedTopic(existing);

        Set<String> created = provisioner().ensure(Map.of(existing, 5), REPLICATION);

        assertTrue(created.isEmpty(), "created " + created);
        assertEquals(2, awaitLedTopic(existing).partitions().size());
    }

    @Test
    void growsAnExistingTopicWithFewerPartitionsThanPlannedAndLeavesOneWithMore() throws Exception {
        String narrow = madeUpTopic("narrow-existing");
        String wide = madeUpTopic("wide-existing");
        admin.createTopics(List.of(new NewTopic(narrow, 1, REPLICATION), new NewTopic(wide, 8, REPLICATION))).all()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitLedTopic(narrow);
        awaitLedTopic(wide);

        Set<String> grown = provisioner().grow(Map.of(narrow, 6, wide, 6));

        assertEquals(Set.of(narrow), grown);
        assertEquals(6, awaitLedTopic(narrow).partitions().size());
        assertEquals(8, awaitLedTopic(wide).partitions().size());
        assertEquals(Set.of(), provisioner().grow(Map.of(narrow, 6)), "a second call has nothing to grow");
    }

    @Test
    void provisionersRacingForTheSameTopicsBothSucceedAndEachTopicIsCreatedOnce() throws Exception {
        Map<String, Integer> plan = Map.of(madeUpTopic("raced-a"), 2, madeUpTopic("raced-b"), 2);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Set<String>>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(start);
                return provisioner().ensure(plan, REPLICATION);
            }));
        }

        start.countDown();
        Set<String> createdByEither = new HashSet<>();
        for (CompletableFuture<Set<String>> racer : racers) {
            for (String topic : racer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                assertTrue(createdByEither.add(topic), topic + " reported created twice");
            }
        }

        assertEquals(plan.keySet(), createdByEither);
        plan.keySet().forEach(topic -> assertEquals(2, awaitLedTopic(topic).partitions().size()));
    }

    @Test
    void afterProvisioningTheStandardPlanEveryChimeraTopicExists() throws Exception {
        provisioner().ensure(KafkaTopics.partitionPlan(6, 3), REPLICATION);

        Set<String> names = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(names.containsAll(KafkaTopics.all()), "missing from " + names);
        KafkaTopics.all().forEach(TopicProvisionerKafkaTest::awaitLedTopic);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
