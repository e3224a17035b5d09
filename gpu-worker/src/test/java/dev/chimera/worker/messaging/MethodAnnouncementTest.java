package dev.chimera.worker.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.chimera.contract.ContractJson;
import dev.chimera.contract.KafkaTopics;
import dev.chimera.contract.Method;
import dev.chimera.messaging.TopicProvisioner;
import dev.chimera.contract.messages.WorkerAnnouncement;

/**
 * A real worker's announcements on chimera.workers.methods, read back from the local stack's Kafka. The bench worker
 * takes morphing and synthesis jobs, announces every second and each announcement holds three seconds.
 */
@Tag("integration")
class MethodAnnouncementTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static List<WorkerAnnouncement> announcementsOf(TopicRecorder recorder, String workerId) {
        return recorder.withKey(workerId).stream().map(record -> {
            try {
                return ContractJson.mapper().readValue(record.value(), WorkerAnnouncement.class);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static WorkerAnnouncement last(List<WorkerAnnouncement> announcements) {
        return announcements.get(announcements.size() - 1);
    }

    @Test
    void aWorkerAnnouncesTheMethodsOfItsKindsAtStartAndEveryPeriodAndWithdrawsThemWhenItStops() throws Exception {
        try (WorkerTestBench bench = new WorkerTestBench()) {
            new TopicProvisioner(bench.admin, TIMEOUT).ensure(bench.settings.topicPartitions(), (short) 1);
            String worker = bench.settings.workerId();
            try (TopicRecorder recorder = new TopicRecorder(bench.bootstrap, KafkaTopics.WORKER_METHODS)) {
                bench.startWorker();

                await().atMost(TIMEOUT).until(() -> announcementsOf(recorder, worker).size() >= 2);
                List<WorkerAnnouncement> announced = announcementsOf(recorder, worker);
                WorkerAnnouncement first = announced.get(0);
                assertEquals(Set.of(Method.CLVAE, Method.CROSSBREED), first.knownMethods());
                assertEquals(first.methods().size(), first.knownMethods().size());
                assertEquals(bench.settings.announcementTtl(), Duration.between(first.announcedAt(),
                        first.expiresAt()));
                assertTrue(announced.get(1).announcedAt().isAfter(first.announcedAt()));

                bench.worker.stop();

                await().atMost(TIMEOUT).until(() -> last(announcementsOf(recorder, worker)).methods().isEmpty());
                WorkerAnnouncement withdrawal = last(announcementsOf(recorder, worker));
                assertEquals(withdrawal.announcedAt(), withdrawal.expiresAt());
            }
        }
    }
}
