package dev.chimera.contract.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Shared limits and assertions for the image check tests. */
final class Inspections {

    static final String FIELD = "inputs.structure";
    static final ImageLimits LIMITS = ImageLimits.of(1_000_000, 4_000_000);

    private Inspections() {
    }

    static ImageInspection inspect(byte[] bytes) {
        return ImageCheck.inspect(bytes, LIMITS, FIELD);
    }

    /** The wire names of the problems, in order. */
    static List<String> codes(ImageInspection inspection) {
        return inspection.problems().stream().map(problem -> problem.code().wireName()).toList();
    }

    static void assertAccepted(ImageFormat format, int width, int height, ImageInspection inspection) {
        assertTrue(inspection.isAccepted(), () -> "refused: " + inspection.problems());
        assertEquals(new ImageHeader(format, width, height), inspection.header());
    }

    static void assertRefused(List<String> expectedCodes, ImageInspection inspection) {
        assertEquals(expectedCodes, codes(inspection), () -> "problems: " + inspection.problems());
    }
}
