package dev.chimera.contract.images;

import static dev.chimera.contract.images.Inspections.assertAccepted;
import static dev.chimera.contract.images.Inspections.assertRefused;
import static dev.chimera.contract.images.Inspections.inspect;
import static dev.chimera.contract.images.TestImages.concat;
import static dev.chimera.contract.images.TestImages.cut;
import static dev.chimera.contract.images.TestImages.pngChunk;
import static dev.chimera.contract.images.TestImages.pngDeclaring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PngCheckTest {

    private static final byte[] PNG = TestImages.encoded("png", 40, 24);

    @Test
    void aCompletePngIsAcceptedWithTheSizeFromItsHeader() {
        assertAccepted(ImageFormat.PNG, 40, 24, inspect(PNG));
    }

    @Test
    void aPngCutInHalfIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(PNG, PNG.length / 2)));
    }

    @Test
    void aPngCutInsideItsHeaderIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(PNG, 20)));
    }

    @Test
    void aPngThatStopsBeforeIendIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(PNG, PNG.length - 12)));
    }

    @Test
    void aPngWithACorruptedChunkFailsItsCrcAndIsNotAnImage() {
        byte[] corrupted = PNG.clone();
        corrupted[corrupted.length - 20] ^= 0x01;
        assertRefused(List.of("not_an_image"), inspect(corrupted));
        assertTrue(inspect(corrupted).problems().get(0).message().contains("CRC"));
    }

    @Test
    void aHeaderClaimingAHundredThousandSquaredPixelsIsRefusedBeforeDecoding() {
        ImageInspection inspection = inspect(pngDeclaring(100_000, 100_000));
        assertRefused(List.of("image_too_large"), inspection);
        assertEquals("declares 100000x100000 pixels, more than the limit of 4000000 pixels",
                inspection.problems().get(0).message());
    }

    @Test
    void aBombThatIsAlsoCutShortReportsBothProblems() {
        byte[] bomb = pngDeclaring(100_000, 100_000);
        assertRefused(List.of("image_too_large", "truncated_image"), inspect(cut(bomb, bomb.length - 5)));
    }

    @Test
    void exactlyThePixelLimitIsAccepted() {
        assertAccepted(ImageFormat.PNG, 2000, 2000, inspect(pngDeclaring(2000, 2000)));
        assertRefused(List.of("image_too_large"), inspect(pngDeclaring(2000, 2001)));
    }

    @Test
    void aZeroWidthOrAWidthBeyondPngsRangeIsNotAnImage() {
        assertRefused(List.of("not_an_image"), inspect(pngDeclaring(0, 10)));
        assertRefused(List.of("not_an_image"), inspect(pngDeclaring(1L << 31, 10)));
    }

    @Test
    void aPngWhoseFirstChunkIsNotIhdrIsNotAnImage() {
        byte[] signature = Arrays.copyOf(PNG, 8);
        byte[] rest = Arrays.copyOfRange(PNG, 8, PNG.length);
        assertRefused(List.of("not_an_image"), inspect(concat(signature, pngChunk("tEXt", new byte[] {'a'}), rest)));
    }

    @Test
    void aPngWithoutImageDataIsNotAnImage() {
        byte[] headerOnly = concat(Arrays.copyOf(PNG, 33), pngChunk("IEND", new byte[0]));
        assertRefused(List.of("not_an_image"), inspect(headerOnly));
    }

    @Test
    void bytesAfterIendAreIgnored() {
        assertAccepted(ImageFormat.PNG, 40, 24, inspect(concat(PNG, new byte[] {1, 2, 3})));
    }
}
