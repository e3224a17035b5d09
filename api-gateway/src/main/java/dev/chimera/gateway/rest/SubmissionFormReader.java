package dev.chimera.gateway.rest;

import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.gateway.service.SubmissionForm;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * Reads a multipart submission: the text fields {@code kind}, {@code method} and {@code params}, and every other part
 * as an input image named by its role. An image is read up to one byte past the upload limit, no further.
 */
@ApplicationScoped
public class SubmissionFormReader {

    private static final String KIND = "kind";
    private static final String METHOD = "method";
    private static final String PARAMS = "params";
    private static final Set<String> FIELDS = Set.of(KIND, METHOD, PARAMS);

    private final long maxUploadBytes;

    public SubmissionFormReader(GatewayConfig config) {
        this.maxUploadBytes = config.maxUploadBytes();
    }

    /** The submission the parts describe; duplicated parts become problems of the form. */
    public SubmissionForm read(MultipartFormDataInput input) {
        Map<String, Collection<FormValue>> parts = input.getValues();
        List<Problem> problems = new ArrayList<>();
        List<SubmissionForm.UploadedImage> images = new ArrayList<>();
        parts.forEach((name, values) -> {
            if (values.size() > 1) {
                problems.add(new Problem(ProblemCode.INVALID_VALUE, fieldPath(name), "was sent more than once"));
            }
            if (!FIELDS.contains(name) && !values.isEmpty()) {
                images.add(new SubmissionForm.UploadedImage(name, bytesOf(values.iterator().next())));
            }
        });
        return new SubmissionForm(text(parts, KIND), text(parts, METHOD), text(parts, PARAMS), images, problems);
    }

    private static String fieldPath(String name) {
        return FIELDS.contains(name) ? name : "inputs." + name;
    }

    private String text(Map<String, Collection<FormValue>> parts, String name) {
        Collection<FormValue> values = parts.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        FormValue value = values.iterator().next();
        return value.isFileItem() ? new String(bytesOf(value), StandardCharsets.UTF_8) : value.getValue();
    }

    private byte[] bytesOf(FormValue value) {
        if (!value.isFileItem()) {
            return value.getValue().getBytes(StandardCharsets.UTF_8);
        }
        try (InputStream content = value.getFileItem().getInputStream()) {
            return content.readNBytes((int) Math.min(maxUploadBytes + 1, Integer.MAX_VALUE - 8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded part " + value.getFileName(), e);
        }
    }
}
