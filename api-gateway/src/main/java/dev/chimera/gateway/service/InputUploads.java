package dev.chimera.gateway.service;

import dev.chimera.storage.objects.ObjectStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores a submission's input images in object storage at the same time, through the one shared S3 client: a
 * submit waits for the slowest PUT instead of the sum of them. Returns only when every PUT has ended, so that a
 * failure leaves no upload running behind the caller's clean-up.
 */
@ApplicationScoped
public class InputUploads {

    private static final int THREADS = 8;

    private final ObjectStore objects;
    private final ExecutorService uploads;

    public InputUploads(ObjectStore objects) {
        this.objects = objects;
        AtomicInteger count = new AtomicInteger();
        this.uploads = Executors.newFixedThreadPool(THREADS, task -> {
            Thread thread = new Thread(task, "input-upload-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** PUTs every image under its key (same role in both maps); throws the first failure after all have ended. */
    public void store(Map<String, String> keysByRole, Map<String, SubmissionValidator.ValidImage> imagesByRole) {
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        List<Runnable> work = new ArrayList<>();
        keysByRole.forEach((role, key) -> {
            SubmissionValidator.ValidImage image = imagesByRole.get(role);
            work.add(() -> objects.put(key, image.bytes(), image.mediaType()));
        });
        // The request's own thread does the last PUT instead of waiting idle.
        for (int i = 0; i < work.size() - 1; i++) {
            puts.add(CompletableFuture.runAsync(work.get(i), uploads));
        }
        RuntimeException failure = null;
        if (!work.isEmpty()) {
            try {
                work.get(work.size() - 1).run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        for (CompletableFuture<Void> put : puts) {
            try {
                put.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        uploads.shutdown();
        uploads.awaitTermination(10, TimeUnit.SECONDS);
    }
}
