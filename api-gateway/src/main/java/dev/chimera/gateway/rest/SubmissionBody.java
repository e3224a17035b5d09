package dev.chimera.gateway.rest;

import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.service.SubmissionForm;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerFileUpload;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the parts of one multipart submission as Vert.x decodes them on the event loop: the text fields
 * {@code kind}, {@code method} and {@code params}, and every other part as an input image named by its role. Each
 * part is kept in memory up to one byte past its limit (the upload limit for images, the text limit for fields) and
 * the rest of it is dropped as it arrives, so a body never costs more than the limits.
 */
final class SubmissionBody {

    private static final String KIND = "kind";
    private static final String METHOD = "method";
    private static final String PARAMS = "params";
    private static final Set<String> FIELDS = Set.of(KIND, METHOD, PARAMS);

    private final long maxImageBytes;
    private final long maxTextBytes;
    private final Map<String, Buffer> parts = new LinkedHashMap<>();
    private final List<String> repeated = new ArrayList<>();
    private int unfinished;

    SubmissionBody(long maxImageBytes, long maxTextBytes) {
        this.maxImageBytes = maxImageBytes;
        this.maxTextBytes = maxTextBytes;
    }

    /** Starts collecting one file part. */
    void receive(HttpServerFileUpload upload) {
        String name = upload.name();
        Buffer content = start(name);
        long limit = FIELDS.contains(name) ? maxTextBytes : maxImageBytes;
        unfinished++;
        upload.handler(chunk -> {
            long room = limit + 1 - content.length();
            if (room > 0) {
                content.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, (int) room));
            }
        });
        upload.endHandler(end -> unfinished--);
    }

    /** Whether a part started and its closing boundary never came. */
    boolean hasUnfinishedPart() {
        return unfinished > 0;
    }

    /** Whether no part was found. */
    boolean isEmpty() {
        return parts.isEmpty();
    }

    /** The submission, with the form attributes (parts without a file name) Vert.x collected at the end. */
    SubmissionForm form(MultiMap attributes) {
        for (String name : attributes.names()) {
            for (String value : attributes.getAll(name)) {
                start(name).appendString(value);
            }
        }
        List<Problem> problems = new ArrayList<>();
        for (String name : repeated) {
            problems.add(new Problem(ProblemCode.INVALID_VALUE, FIELDS.contains(name) ? name : "inputs." + name,
                    "was sent more than once"));
        }
        for (String field : FIELDS) {
            if (parts.containsKey(field) && parts.get(field).length() > maxTextBytes) {
                problems.add(new Problem(ProblemCode.UPLOAD_TOO_LARGE, field,
                        "is more than the limit of " + maxTextBytes + " bytes"));
                parts.remove(field);
            }
        }
        List<SubmissionForm.UploadedImage> images = new ArrayList<>();
        parts.forEach((name, content) -> {
            if (!FIELDS.contains(name)) {
                images.add(new SubmissionForm.UploadedImage(name, content.getBytes()));
            }
        });
        return new SubmissionForm(text(KIND).orElse(null), text(METHOD).orElse(null), text(PARAMS).orElse(null),
                images, problems);
    }

    private Buffer start(String name) {
        if (parts.containsKey(name)) {
            if (!repeated.contains(name)) {
                repeated.add(name);
            }
            // A repeated part is reported, and its content is read into nothing.
            return Buffer.buffer();
        }
        Buffer content = Buffer.buffer();
        parts.put(name, content);
        return content;
    }

    /**
     * A text field without surrounding white space, which none of them can mean: Netty's decoder leaves the CR of the
     * line break before the closing boundary in an attribute's value when the CR and the LF arrive in different
     * packets, so a client saw {@code kind} "morphing\r" refused now and then.
     */
    private Optional<String> text(String name) {
        return Optional.ofNullable(parts.get(name)).map(content -> content.toString(StandardCharsets.UTF_8).strip());
    }
}
