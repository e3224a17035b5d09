package dev.chimera.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A job submission whose body trickles in a few bytes a second on its own connection, as a hostile or badly connected
 * client sends it: the headers promise {@value #DECLARED_LENGTH} bytes, which at this pace would take hours. Its
 * answer is whatever the gateway says before it closes the connection.
 */
public final class SlowUpload implements AutoCloseable {

    private static final int DECLARED_LENGTH = 100_000;
    private static final Duration TRICKLE_PERIOD = Duration.ofMillis(500);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(180);

    private final Socket socket;
    private final ScheduledFuture<?> trickle;
    private final CompletableFuture<ApiResponse> answer = new CompletableFuture<>();

    private SlowUpload(Socket socket, ScheduledFuture<?> trickle) {
        this.socket = socket;
        this.trickle = trickle;
    }

    /**
     * Connects, sends the request head and the start of an image part, and from then on one byte every
     * {@link #TRICKLE_PERIOD} on {@code trickler}; the answer is read on a thread of its own.
     */
    public static SlowUpload start(URI gateway, String apiKey, ScheduledExecutorService trickler) {
        String boundary = "slow-" + UUID.randomUUID();
        String head = "POST /api/v1/jobs HTTP/1.1\r\nHost: " + gateway.getHost() + ":" + gateway.getPort()
                + "\r\nAuthorization: Bearer " + apiKey + "\r\nContent-Type: multipart/form-data; boundary=" + boundary
                + "\r\nContent-Length: " + DECLARED_LENGTH + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmorphing\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"imageA\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(gateway.getHost(), gateway.getPort()), 5_000);
            socket.setSoTimeout((int) LONGEST_WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ScheduledFuture<?> trickle = trickler.scheduleAtFixedRate(() -> {
                try {
                    out.write('x');
                    out.flush();
                } catch (IOException e) {
                    // The gateway answered and closed the connection: the upload is over.
                    throw new UncheckedIOException(e);
                }
            }, TRICKLE_PERIOD.toMillis(), TRICKLE_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            SlowUpload upload = new SlowUpload(socket, trickle);
            Thread reader = new Thread(upload::readAnswer, "slow-upload-answer");
            reader.setDaemon(true);
            reader.start();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a slow upload to " + gateway, e);
        }
    }

    /** The gateway's answer, completed once it has closed the connection (or failed if it never answered). */
    public CompletableFuture<ApiResponse> answer() {
        return answer;
    }

    @Override
    public void close() {
        trickle.cancel(false);
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket the gateway already closed: nothing is left to release.
        }
    }

    private void readAnswer() {
        try (InputStream in = socket.getInputStream()) {
            answer.complete(parse(readUntilClosed(in)));
        } catch (IOException | RuntimeException e) {
            answer.completeExceptionally(e);
        } finally {
            close();
        }
    }

    // The gateway closes the connection after a refusal, so the answer is everything up to the end of the stream;
    // a reset after the answer (the unread body) ends it as well.
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                bytes.write(buffer, 0, read);
            }
        } catch (java.net.SocketException e) {
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ApiResponse parse(String raw) {
        int headEnd = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || headEnd < 0) {
            throw new IllegalStateException("not an HTTP answer: " + raw);
        }
        String[] lines = raw.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    name -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
        // The gateway sends a problem with its Content-Length and closes: the rest of the stream is the body.
        return new ApiResponse(status, HttpHeaders.of(headers, (name, value) -> true), raw.substring(headEnd + 4));
    }
}
