package dev.chimera.contract.images;

import static dev.chimera.contract.images.Inspections.FIELD;
import static dev.chimera.contract.images.Inspections.LIMITS;
import static dev.chimera.contract.images.Inspections.assertAccepted;
import static dev.chimera.contract.images.Inspections.assertRefused;
import static dev.chimera.contract.images.Inspections.inspect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.ProblemCode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    @Test
    void anEmptyUploadIsNotAnImage() {
        assertRefused(List.of("not_an_image"), inspect(new byte[0]));
    }

    @Test
    void randomBytesAreNotAnImage() {
        for (long seed = 0; seed < 20; seed++) {
            byte[] noise = new byte[4096];
            new Random(seed).nextBytes(noise);
            assertRefused(List.of("not_an_image"), inspect(noise));
        }
    }

    @Test
    void aProblemNamesTheFieldAndTheRecognisedFormats() {
        Problem expected = new Problem(ProblemCode.NOT_AN_IMAGE, FIELD, "is not a PNG, JPEG, GIF, BMP or WebP image");
        assertEquals(List.of(expected), inspect("hello".getBytes()).problems());
    }

    @Test
    void anUploadOverTheByteLimitIsRefusedWithoutLookingFurther() {
        byte[] png = TestImages.encoded("png", 40, 24);
        ImageLimits small = ImageLimits.of(png.length - 1, 4_000_000);
        ImageInspection inspection = ImageCheck.inspect(png, small, FIELD);
        assertRefused(List.of("upload_too_large"), inspection);
        assertEquals("is " + png.length + " bytes, more than the limit of " + (png.length - 1),
                inspection.problems().get(0).message());
        assertAccepted(ImageFormat.PNG, 40, 24, ImageCheck.inspect(png, ImageLimits.of(png.length, 960), FIELD));
    }

    @Test
    void aStreamedUploadIsInspectedLikeItsBytes() throws IOException {
        byte[] jpeg = TestImages.encoded("jpeg", 40, 24);
        assertAccepted(ImageFormat.JPEG, 40, 24, ImageCheck.inspect(new ByteArrayInputStream(jpeg), LIMITS, FIELD));
        assertRefused(List.of("truncated_image"),
                ImageCheck.inspect(new ByteArrayInputStream(TestImages.cut(jpeg, 100)), LIMITS, FIELD));
    }

    @Test
    void anEndlessStreamIsRefusedAfterReadingOneByteOverTheLimit() throws IOException {
        EndlessStream endless = new EndlessStream();
        ImageInspection inspection = ImageCheck.inspect(endless, ImageLimits.of(10_000, 100), FIELD);
        assertRefused(List.of("upload_too_large"), inspection);
        assertEquals(10_001, endless.read);
    }

    @Test
    void anAcceptedInspectionHasNoProblemsAndARefusedOneNoHeader() {
        ImageInspection accepted = inspect(TestImages.encoded("png", 4, 4));
        assertTrue(accepted.problems().isEmpty());
        ImageInspection refused = inspect(new byte[0]);
        assertThrows(IllegalStateException.class, refused::header);
        assertThrows(IllegalArgumentException.class, () -> new ImageInspection.Refused(List.of()));
    }

    @Test
    void limitsMustBePositiveFitInOneArrayAndTakeSomeFormat() {
        assertThrows(IllegalArgumentException.class, () -> ImageLimits.of(0, 10));
        assertThrows(IllegalArgumentException.class, () -> ImageLimits.of(10, 0));
        assertThrows(IllegalArgumentException.class, () -> ImageLimits.of(ImageLimits.MAX_BYTES_CEILING + 1, 10));
        assertThrows(IllegalArgumentException.class, () -> LIMITS.withFormats(Set.of()));
    }

    @Test
    void theFormatCarriesItsMediaType() {
        assertEquals("image/png", ImageFormat.PNG.mediaType());
        assertEquals("image/webp", ImageFormat.WEBP.mediaType());
    }

    /** Zeros for ever, counting what was read. */
    private static final class EndlessStream extends InputStream {

        private long read;

        @Override
        public int read() {
            read++;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            read += length;
            return length;
        }
    }
}
