package dev.chimera.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client that writes HTTP/1.1 by hand, for requests no ordinary client sends: bodies that stop half-way. */
public final class RawHttp implements AutoCloseable {

    private final Socket socket;

    private RawHttp(Socket socket) {
        this.socket = socket;
    }

    /** A connection to the host and port of {@code base}, whose reads give up after {@code timeout}. */
    public static RawHttp connect(URL base, Duration timeout) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout((int) timeout.toMillis());
        return new RawHttp(socket);
    }

    /** Sends the start of a multipart submission that declares {@code declaredLength} bytes and stops. */
    public RawHttp startSubmission(String apiKey, int declaredLength) throws IOException {
        String boundary = "raw-boundary";
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmorphing\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"imageA\"; filename=\"a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        return send("POST /api/v1/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + apiKey
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                + declaredLength + "\r\n\r\n" + head);
    }

    /** Writes {@code text} as it is. */
    public RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The answer's status line and headers, and its body when it declares a Content-Length. */
    public String answer() throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                int length = Integer.parseInt(line.substring("content-length:".length()).trim());
                text += new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
        }
        return text;
    }

    /** What arrives until {@code marker} has been read, or the connection ends. */
    public String readUntil(String marker) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            read.write(b);
            if (read.toString(StandardCharsets.UTF_8).contains(marker)) {
                // The rest of the event: up to its blank line.
                while (!read.toString(StandardCharsets.UTF_8).endsWith("\n\n") && (b = in.read()) != -1) {
                    read.write(b);
                }
                break;
            }
        }
        return read.toString(StandardCharsets.UTF_8);
    }

    /** Whether the server closed the connection: the next read finds its end. */
    public boolean closedByServer() throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
