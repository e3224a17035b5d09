package dev.chimera.contract.images;

import dev.chimera.contract.InputRole;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.OptionalInt;

/**
 * Chimera's one image policy, applied to an input whose header {@link ImageCheck} accepted: decode it fully with
 * the {@link ImageDecoder} the worker uses, refuse what cannot be read ({@code unsupported_image_format},
 * {@code truncated_image}, {@code image_corrupt}), what the method cannot work on ({@code image_aspect}, see
 * {@link InputShape}) and a label map with classes the model does not know ({@code unknown_label_class}); then
 * normalise it into its {@link CanonicalImage}.
 */
public final class ImagePolicy {

    private ImagePolicy() {
    }

    /** The outcome: the canonical image, or every problem found. */
    public record Admission(CanonicalImage image, List<Problem> problems) {

        /** Keeps an immutable list; an admitted image has no problem. */
        public Admission {
            problems = List.copyOf(problems);
        }

        /** Whether the input was admitted. */
        public boolean isAdmitted() {
            return image != null;
        }
    }

    /**
     * Decodes, checks and normalises one input.
     *
     * @param header what {@link ImageCheck} read from the bytes
     * @param params the job's validated parameters
     * @param modelClasses the number of classes of the model version the job will use, when known; a label map's
     *     classes must lie below it
     * @param field the problems' field path, e.g. {@code inputs.labelMap}
     */
    public static Admission admit(byte[] bytes, ImageHeader header, InputRole role, MethodParams params,
                                  OptionalInt modelClasses, String field) {
        BufferedImage decoded;
        try {
            decoded = ImageDecoder.decode(bytes);
        } catch (UndecodableImageException e) {
            return refused(new Problem(e.reason().code(), field, "cannot be decoded as a " + header.format()
                    + " image: " + e.getMessage()));
        }
        ExifOrientation orientation = ExifOrientation.of(bytes, header.format());
        int width = orientation.swapsSides() ? decoded.getHeight() : decoded.getWidth();
        int height = orientation.swapsSides() ? decoded.getWidth() : decoded.getHeight();
        var shapeProblem = InputShape.check(params, width, height, field);
        if (shapeProblem.isPresent()) {
            return refused(shapeProblem.get());
        }
        if (!role.labelMap()) {
            return new Admission(CanonicalImage.picture(decoded, orientation), List.of());
        }
        int highest = 0;
        for (int label : CanonicalImage.labelClasses(decoded)) {
            highest = Math.max(highest, label);
        }
        int known = Math.min(modelClasses.orElse(CanonicalImage.MAX_CLASS + 1), CanonicalImage.MAX_CLASS + 1);
        if (highest >= known) {
            return refused(new Problem(ProblemCode.UNKNOWN_LABEL_CLASS, field, "holds class " + highest
                    + " but the model " + (modelClasses.isPresent() ? "knows" : "can know") + " classes 0 to "
                    + (known - 1)));
        }
        return new Admission(CanonicalImage.labelMap(decoded, orientation), List.of());
    }

    private static Admission refused(Problem problem) {
        return new Admission(null, List.of(problem));
    }
}
