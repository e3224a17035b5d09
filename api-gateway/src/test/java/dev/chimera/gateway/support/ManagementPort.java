package dev.chimera.gateway.support;

import io.quarkus.vertx.http.HttpServer;
import java.net.URI;

/** URLs on the running gateway's management port, which a test profile opens on a free port. */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** {@code path} on the management port of {@code server} (inject {@link HttpServer} into the test). */
    public static String url(HttpServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.getManagementPort() + path).toString();
    }
}
