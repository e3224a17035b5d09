package dev.chimera.worker.registrytool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;

/** Downloads a file over HTTP(S), following redirects, checking its length and computing its sha256 on the way. */
final class Download {

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();

    /** A downloaded file and the sha256 (hex) of its bytes. */
    record Downloaded(Path file, long size, String sha256) {
    }

    /**
     * Downloads {@code url} to {@code target}; the target appears only once the whole body has arrived.
     *
     * @throws IOException if the server answers other than 200 or the body is shorter than announced
     */
    Downloaded fetch(String url, Path target) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("download of " + url + " interrupted", e);
        }
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        MessageDigest digest = sha256();
        long size;
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("download of " + url + " answered HTTP " + response.statusCode());
            }
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                size = body.transferTo(out);
            }
        }
        OptionalLong announced = response.headers().firstValueAsLong("Content-Length");
        if (announced.isPresent() && announced.getAsLong() != size) {
            Files.deleteIfExists(partial);
            throw new IOException("download of " + url + " ended after " + size + " of " + announced.getAsLong()
                    + " bytes");
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Downloaded(target, size, HexFormat.of().formatHex(digest.digest()));
    }

    /** The sha256 (hex) of a local file. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file);
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            in.transferTo(sink);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
