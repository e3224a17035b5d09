package dev.chimera.storage.objects;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** An HTTP server on a free loopback port that answers S3 requests with {@code handler}, and a store on it. */
final class StandInS3Server implements AutoCloseable {

    private final HttpServer server;
    private final ObjectStore store;

    StandInS3Server(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        store = new ObjectStore(new S3Settings("http://127.0.0.1:" + server.getAddress().getPort(), "key",
                "secret-key", "us-east-1", "bucket"));
    }

    /** A store on this server's bucket {@code bucket}. */
    ObjectStore store() {
        return store;
    }

    /** Answers {@code exchange} with S3's error document of {@code code} and HTTP {@code status}. */
    static void error(HttpExchange exchange, int status, String code) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + "</Message><Resource>/bucket/key</Resource><RequestId>1</RequestId></Error>")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        store.close();
        server.stop(0);
    }
}
