package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An S3 server that answers an error S3 asks clients to retry is unavailable, not refusing the request. */
class ObjectStoreServerErrorTest {

    private StandInS3Server server;
    private ObjectStore store;
    private volatile int status;
    private volatile String code;

    @BeforeEach
    void startServer() throws IOException {
        server = new StandInS3Server(exchange -> StandInS3Server.error(exchange, status, code));
        store = server.store();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void anInternalErrorOfAStoppingServerIsAnOutage() {
        status = 500;
        code = "InternalError";

        assertThrows(ObjectStoreUnavailableException.class, () -> store.get("inputs/job/imageA"));
        assertThrows(ObjectStoreUnavailableException.class,
                () -> store.put("results/job/1/out.png", new byte[] {1}, "image/png"));
    }

    @Test
    void slowDownIsAnOutage() {
        status = 503;
        code = "SlowDown";

        assertThrows(ObjectStoreUnavailableException.class, () -> store.stat("inputs/job/imageA"));
    }

    @Test
    void accessDeniedIsARefusalNotAnOutage() {
        status = 403;
        code = "AccessDenied";

        ObjectStoreException refused = assertThrows(ObjectStoreException.class, () -> store.get("inputs/job/a"));
        assertFalse(refused instanceof ObjectStoreUnavailableException, refused.toString());
    }
}
