package dev.chimera.contract.images;

import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one place that decides whether an upload is an acceptable image, from its bytes alone and without decoding a
 * pixel: the format by its magic bytes, the size from its header (so decompression bombs are refused up front), and
 * a walk of its structure to the end marker (so a truncated upload is caught).
 *
 * <p>Codes: {@code upload_too_large}, {@code not_an_image}, {@code unsupported_image_format},
 * {@code truncated_image}, {@code image_too_large}. A header that declares too many pixels and a body that is cut
 * short are both reported.
 */
public final class ImageCheck {

    private static final String RECOGNISED = "PNG, JPEG, GIF, BMP or WebP";

    private ImageCheck() {
    }

    /**
     * Inspects an upload held in memory.
     *
     * @param field the problem's field path, e.g. {@code inputs.structure}
     */
    public static ImageInspection inspect(byte[] bytes, ImageLimits limits, String field) {
        if (bytes.length > limits.maxBytes()) {
            return refused(new Problem(ProblemCode.UPLOAD_TOO_LARGE, field,
                    "is " + bytes.length + " bytes, more than the limit of " + limits.maxBytes()));
        }
        Optional<ImageFormat> format = ImageFormat.detect(bytes);
        if (format.isEmpty()) {
            return refused(new Problem(ProblemCode.NOT_AN_IMAGE, field, "is not a " + RECOGNISED + " image"));
        }
        if (!limits.formats().contains(format.get())) {
            return refused(new Problem(ProblemCode.UNSUPPORTED_IMAGE_FORMAT, field,
                    "is a " + format.get() + " image; accepted formats are " + accepted(limits)));
        }
        ImageStructure structure = structureOf(format.get());
        ImageHeader header;
        try {
            header = structure.header(bytes);
        } catch (ImageDefect defect) {
            return refused(problem(defect, field));
        }
        List<Problem> problems = new ArrayList<>();
        if (header.pixels() > limits.maxPixels()) {
            problems.add(new Problem(ProblemCode.IMAGE_TOO_LARGE, field, "declares " + header.width() + "x"
                    + header.height() + " pixels, more than the limit of " + limits.maxPixels() + " pixels"));
        }
        try {
            structure.requireComplete(bytes);
        } catch (ImageDefect defect) {
            problems.add(problem(defect, field));
        }
        return problems.isEmpty() ? new ImageInspection.Accepted(header) : new ImageInspection.Refused(problems);
    }

    /**
     * Inspects an upload as it streams in, reading at most one byte more than {@code limits.maxBytes()}; an upload
     * over the limit is refused without reading the rest. The stream is not closed.
     *
     * @param field the problem's field path, e.g. {@code inputs.structure}
     */
    public static ImageInspection inspect(InputStream upload, ImageLimits limits, String field) throws IOException {
        byte[] bytes = upload.readNBytes((int) limits.maxBytes() + 1);
        if (bytes.length > limits.maxBytes()) {
            return refused(new Problem(ProblemCode.UPLOAD_TOO_LARGE, field,
                    "is more than the limit of " + limits.maxBytes() + " bytes"));
        }
        return inspect(bytes, limits, field);
    }

    private static ImageStructure structureOf(ImageFormat format) {
        return switch (format) {
            case PNG -> new PngStructure();
            case JPEG -> new JpegStructure();
            case GIF -> new GifStructure();
            case BMP -> new BmpStructure();
            case WEBP -> new WebpStructure();
        };
    }

    private static Problem problem(ImageDefect defect, String field) {
        return new Problem(defect.code(), field, defect.getMessage());
    }

    private static ImageInspection refused(Problem problem) {
        return new ImageInspection.Refused(List.of(problem));
    }

    private static String accepted(ImageLimits limits) {
        return limits.formats().stream().sorted().map(ImageFormat::name).collect(Collectors.joining(", "));
    }
}
