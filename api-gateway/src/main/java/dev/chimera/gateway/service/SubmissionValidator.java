package dev.chimera.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.images.ImageCheck;
import dev.chimera.contract.images.ImageInspection;
import dev.chimera.contract.images.ImageLimits;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.ParamsValidation;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.contract.params.ValidationResult;
import dev.chimera.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a whole submission in one pass with the contract's rules (kind, method, params, roles) and the contract's
 * image checks (format, truncation, declared pixels, bytes), so that every problem is reported and nothing is stored
 * for a bad request.
 */
@ApplicationScoped
public class SubmissionValidator {

    private final ImageLimits limits;
    private final ObjectMapper json = ContractJson.mapper();

    public SubmissionValidator(GatewayConfig config) {
        this.limits = ImageLimits.of(config.maxUploadBytes(), config.maxImagePixels());
    }

    /** The validated submission; RequestRefusedException (413 or 422) listing every problem otherwise. */
    public ValidSubmission validate(SubmissionForm form) {
        List<Problem> problems = new ArrayList<>(form.formProblems());
        JsonNode params = parseParams(form.paramsText(), problems);
        Set<String> roles = form.images().stream().map(SubmissionForm.UploadedImage::role)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        ValidationResult result = ParamsValidation.validateSubmission(form.kind(), form.method(), params, roles);
        problems.addAll(result.problems());

        Map<String, ValidImage> images = new LinkedHashMap<>();
        for (SubmissionForm.UploadedImage image : form.images()) {
            ImageInspection inspection = ImageCheck.inspect(image.bytes(), limits, "inputs." + image.role());
            problems.addAll(inspection.problems());
            if (inspection.isAccepted()) {
                images.put(image.role(), new ValidImage(image.bytes(), inspection.header().format().mediaType()));
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        MethodParams validated = result.params();
        return new ValidSubmission(validated, canonicalJson(validated), images);
    }

    private JsonNode parseParams(String text, List<Problem> problems) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(ProblemCode.WRONG_TYPE, "params",
                    "is not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
    }

    private String canonicalJson(MethodParams params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("validated parameters must serialise", e);
        }
    }

    private static RequestRefusedException refusal(List<Problem> problems) {
        boolean tooLarge = problems.stream().anyMatch(p -> p.code() == ProblemCode.UPLOAD_TOO_LARGE);
        if (tooLarge) {
            return new RequestRefusedException(413, "payload_too_large",
                    "an upload is larger than the limit", problems);
        }
        String detail = problems.size() == 1 ? problems.get(0).field() + " " + problems.get(0).message()
                : problems.size() + " problems in the submission";
        return new RequestRefusedException(422, problems.get(0).code().wireName(), detail, problems);
    }

    /** A submission that passed every check. */
    public record ValidSubmission(MethodParams params, String paramsJson, Map<String, ValidImage> images) {
    }

    /** An input image that passed the checks, with the media type its magic bytes name. */
    public record ValidImage(byte[] bytes, String mediaType) {
    }
}
