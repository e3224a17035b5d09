package dev.chimera.e2e.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A {@code multipart/form-data} request body, built field by field in the order given. */
public final class Multipart {

    private final String boundary = "chimera-e2e-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** An empty form. */
    public static Multipart form() {
        return new Multipart();
    }

    /** Adds a text field. */
    public Multipart field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        write("\r\n");
        return this;
    }

    /** Adds a file field. */
    public Multipart file(String name, String fileName, byte[] content, String contentType) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** Adds a PNG file field named after its role, e.g. {@code imageA} → {@code imageA.png}. */
    public Multipart png(String role, byte[] content) {
        return file(role, role + ".png", content, "image/png");
    }

    /** The value of the Content-Type header for this body. */
    public String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The complete body, closing boundary included. */
    public byte[] bytes() {
        ByteArrayOutputStream complete = new ByteArrayOutputStream();
        complete.writeBytes(body.toByteArray());
        complete.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return complete.toByteArray();
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
