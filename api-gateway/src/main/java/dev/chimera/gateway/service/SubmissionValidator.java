package dev.chimera.gateway.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import dev.chimera.contract.InputRole;
import dev.chimera.contract.images.ImageCheck;
import dev.chimera.contract.images.ImageHeader;
import dev.chimera.contract.images.ImageInspection;
import dev.chimera.contract.images.ImageLimits;
import dev.chimera.contract.images.ImagePolicy;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.ParamsValidation;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import dev.chimera.contract.params.ValidationResult;
import dev.chimera.gateway.config.GatewayConfig;
import dev.chimera.storage.objects.ContentAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a whole submission with the contract's rules (kind, method, params, roles) and the contract's image checks
 * (format, truncation, declared pixels, bytes), so that nothing is stored for a bad request. When those pass, every
 * input goes through the contract's {@link ImagePolicy}: decoded fully with the worker's decoder, checked against the
 * method (shape, label classes of the model the job will use) and normalised into the canonical PNG that is stored.
 * Decoding waits for the cheap checks so that a request refused anyway costs no decoding.
 */
@ApplicationScoped
public class SubmissionValidator {

    private static final String PNG = "image/png";

    private final ImageLimits limits;
    private final ModelLabelClasses labelClasses;
    private final ObjectMapper json = ContractJson.mapper();

    public SubmissionValidator(GatewayConfig config, ModelLabelClasses labelClasses) {
        this.limits = ImageLimits.of(config.maxUploadBytes(), config.maxImagePixels());
        this.labelClasses = labelClasses;
    }

    /** The validated submission; RequestRefusedException (413 or 422) listing every problem otherwise. */
    public ValidSubmission validate(SubmissionForm form) {
        List<Problem> problems = new ArrayList<>(form.formProblems());
        JsonNode params = parseParams(form.paramsText(), problems);
        Set<String> roles = form.images().stream().map(SubmissionForm.UploadedImage::role)
                .collect(Collectors.toCollection(TreeSet::new));
        ValidationResult result = ParamsValidation.validateSubmission(form.kind(), form.method(), params, roles);
        problems.addAll(result.problems());

        Map<String, ImageHeader> headers = new LinkedHashMap<>();
        for (SubmissionForm.UploadedImage image : form.images()) {
            ImageInspection inspection = ImageCheck.inspect(image.bytes(), limits, field(image));
            problems.addAll(inspection.problems());
            if (inspection.isAccepted()) {
                headers.put(image.role(), inspection.header());
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        MethodParams validated = result.params();
        Map<String, ValidImage> images = new LinkedHashMap<>();
        for (SubmissionForm.UploadedImage image : form.images()) {
            InputRole role = validated.method().inputRole(image.role()).orElseThrow();
            ImagePolicy.Admission admission = ImagePolicy.admit(image.bytes(), headers.get(image.role()), role,
                    validated, role.labelMap() ? labelClasses.forJob(validated) : OptionalInt.empty(), field(image));
            problems.addAll(admission.problems());
            if (admission.isAdmitted()) {
                images.put(image.role(), new ValidImage(admission.image().png(), PNG,
                        ContentAddress.sha256Hex(image.bytes())));
            }
        }
        if (!problems.isEmpty()) {
            throw refusal(problems);
        }
        return new ValidSubmission(validated, canonicalJson(validated), images);
    }

    private static String field(SubmissionForm.UploadedImage image) {
        return "inputs." + image.role();
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

    /**
     * An input image as it is stored: the canonical PNG, its media type, and the SHA-256 (hex) of the bytes the
     * client sent, which is what the request fingerprint of an idempotent replay compares.
     */
    public record ValidImage(byte[] bytes, String mediaType, String originalSha256) {
    }
}
