package dev.chimera.storage.objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Applying an expiry rule, against a stand-in S3 server that records the requests: the bucket's lifecycle is read,
 * then written with the rule; a server without lifecycle support leaves nothing expiring and says so.
 */
class ObjectStoreExpiryTest {

    private static final ExpiryRule CACHE = new ExpiryRule("chimera-cache-expiry", "cache/", 30);

    private StandInS3Server server;
    private ObjectStore store;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> writtenConfigurations = new CopyOnWriteArrayList<>();
    private volatile boolean lifecycleSupported = true;

    @BeforeEach
    void startServer() throws IOException {
        server = new StandInS3Server(this::answer);
        store = server.store();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void theRuleIsWrittenIntoTheBucketsLifecycle() {
        assertTrue(store.applyExpiry(CACHE));

        assertEquals(List.of("GET /bucket?lifecycle", "PUT /bucket?lifecycle"), requests);
        String written = writtenConfigurations.get(0);
        assertTrue(written.contains("<ID>chimera-cache-expiry</ID>"), written);
        assertTrue(written.contains("<Prefix>cache/</Prefix>"), written);
        assertTrue(written.contains("<Days>30</Days>"), written);
        assertTrue(written.contains("<Status>Enabled</Status>"), written);
    }

    @Test
    void aServerWithoutLifecycleSupportLeavesTheObjectsAndSaysSo() {
        lifecycleSupported = false;

        assertFalse(store.applyExpiry(CACHE));
        assertTrue(writtenConfigurations.isEmpty());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        requests.add(method + " " + exchange.getRequestURI().getPath() + "?" + exchange.getRequestURI().getQuery()
                .replace("=", ""));
        byte[] request = exchange.getRequestBody().readAllBytes();
        if (!lifecycleSupported) {
            StandInS3Server.error(exchange, 501, "NotImplemented");
        } else if (method.equals("GET")) {
            StandInS3Server.error(exchange, 404, "NoSuchLifecycleConfiguration");
        } else {
            writtenConfigurations.add(new String(request, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }
    }
}
