package dev.chimera.storage.objects;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.storage.LocalStack;
import java.io.InputStream;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stops the local stack's S3 server in the middle of the test: run it alone, other users of the stack notice. */
@Tag("integration")
class ObjectStoreOutageTest {

    private static final S3Settings SETTINGS = S3Settings.fromEnvironment(System.getenv());
    private static final byte[] CONTENT = {1, 2, 3, 4};

    private static ObjectStore store;

    @BeforeAll
    static void openStore() {
        store = new ObjectStore(SETTINGS);
        store.ensureBucket();
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Test
    void aStoppedServerIsReportedAsUnavailableAndTheStoreRecoversOnceItIsBack() throws Exception {
        String prefix = "test/outage/" + UUID.randomUUID() + "/";
        store.put(prefix + "before", CONTENT, "application/octet-stream");

        LocalStack.stop("s3");
        try {
            ObjectStoreUnavailableException onStat = assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.stat(prefix + "before"));
            assertThrows(ObjectStoreUnavailableException.class,
                    () -> store.put(prefix + "during", CONTENT, "application/octet-stream"));
            assertThrows(ObjectStoreUnavailableException.class, () -> store.get(prefix + "before"));
            assertThrows(ObjectStoreUnavailableException.class, () -> store.list(prefix));
            assertTrue(onStat.getMessage().contains(SETTINGS.endpoint()), onStat.getMessage());
            // Signing needs no server, so links can still be handed out.
            assertTrue(store.presignedGet(prefix + "before", Duration.ofMinutes(1)).toString()
                    .startsWith(SETTINGS.endpoint()));
        } finally {
            LocalStack.start("s3");
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .ignoreException(ObjectStoreUnavailableException.class)
                .untilAsserted(() -> store.put(prefix + "after", CONTENT, "application/octet-stream"));
        try (InputStream before = store.get(prefix + "before")) {
            assertArrayEquals(CONTENT, before.readAllBytes());
        }
    }
}
