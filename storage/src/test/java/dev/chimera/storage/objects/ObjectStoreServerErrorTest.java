package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An S3 server that answers an error S3 asks clients to retry is unavailable, not refusing the request. */
class ObjectStoreServerErrorTest {

    private HttpServer server;
    private ObjectStore store;
    private volatile int status;
    private volatile String code;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code
                    + "</Code><Message>try again</Message><Resource>/bucket/key</Resource><RequestId>1</RequestId>"
                    + "</Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        store = new ObjectStore(new S3Settings("http://127.0.0.1:" + server.getAddress().getPort(), "key",
                "secret-key", "us-east-1", "bucket"));
    }

    @AfterEach
    void stopServer() {
        store.close();
        server.stop(0);
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
