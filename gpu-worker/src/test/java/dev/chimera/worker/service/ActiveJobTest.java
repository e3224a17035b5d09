package dev.chimera.worker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.chimera.contract.JobKind;
import dev.chimera.contract.Method;
import dev.chimera.contract.messages.WorkerEvent;
import dev.chimera.contract.messages.WorkerEventType;
import dev.chimera.contract.messages.WorkOrder;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.storage.objects.S3Settings;
import dev.chimera.worker.pipeline.MemoryBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ActiveJobTest {

    private final WorkOrder order = WorkOrder.of(UUID.randomUUID(), 1, "tenant-a", JobKind.MORPHING,
            Method.CROSSBREED, 0, JsonNodeFactory.instance.objectNode(), Map.of(), null, Instant.now(), null);

    @Test
    void aHeartbeatFromTheLeaseTimerNeverFollowsTheAttemptsLastEvent() {
        List<WorkerEvent> published = new CopyOnWriteArrayList<>();
        WorkerEvent heartbeat = new WorkerEvent.Heartbeat(order.jobId(), 1, "worker-a", Instant.now(),
                Instant.now().plusSeconds(30));
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()))) {
            ActiveJob job = new ActiveJob(order, "worker-a", Device.cpu(), manager, published::add, objects,
                    new ObjectStoreCache(objects), new OutageRetry(OutagePolicy.withPatience(Duration.ZERO)),
                    new MemoryBudget(1L << 30));

            job.publishWhileRunning(heartbeat);
            job.publishLast(new WorkerEvent.Succeeded(order.jobId(), 1, "worker-a", Instant.now(),
                    List.of("results/" + order.jobId() + "/1/output.png")));
            job.publishWhileRunning(heartbeat);
        }

        assertEquals(List.of(WorkerEventType.HEARTBEAT, WorkerEventType.SUCCEEDED),
                published.stream().map(WorkerEvent::type).toList());
    }

    @Test
    void anInversionCacheHitIsPublishedAsAnEventNamingItsInputs() {
        List<WorkerEvent> published = new CopyOnWriteArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             ObjectStore objects = new ObjectStore(S3Settings.fromEnvironment(System.getenv()))) {
            ActiveJob job = new ActiveJob(order, "worker-a", Device.cpu(), manager, published::add, objects,
                    new ObjectStoreCache(objects), new OutageRetry(OutagePolicy.withPatience(Duration.ZERO)),
                    new MemoryBudget(1L << 30));

            job.inversionCached(List.of("appearance"));
        }

        WorkerEvent.InversionCached hit = (WorkerEvent.InversionCached) published.get(0);
        assertEquals(List.of("appearance"), hit.inputs());
        assertEquals(order.jobId(), hit.jobId());
        assertEquals(1, hit.attempt());
    }
}
