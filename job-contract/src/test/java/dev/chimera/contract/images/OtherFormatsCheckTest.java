package dev.chimera.contract.images;

import static dev.chimera.contract.images.Inspections.FIELD;
import static dev.chimera.contract.images.Inspections.LIMITS;
import static dev.chimera.contract.images.Inspections.assertAccepted;
import static dev.chimera.contract.images.Inspections.assertRefused;
import static dev.chimera.contract.images.Inspections.inspect;
import static dev.chimera.contract.images.TestImages.cut;
import static dev.chimera.contract.images.TestImages.littleEndian;
import static dev.chimera.contract.images.TestImages.webp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtherFormatsCheckTest {

    private static final byte[] GIF = TestImages.encoded("gif", 30, 20);
    private static final byte[] BMP = TestImages.encoded("bmp", 30, 20);

    @Test
    void aCompleteGifIsAcceptedWithItsScreenSize() {
        assertAccepted(ImageFormat.GIF, 30, 20, inspect(GIF));
    }

    @Test
    void aGifCutInHalfOrWithoutItsTrailerIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(GIF, GIF.length / 2)));
        assertRefused(List.of("truncated_image"), inspect(cut(GIF, GIF.length - 1)));
    }

    @Test
    void aCompleteBmpIsAcceptedWithTheSizeFromItsDibHeader() {
        assertAccepted(ImageFormat.BMP, 30, 20, inspect(BMP));
    }

    @Test
    void aBmpWhosePixelArrayIsCutShortIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(BMP, BMP.length - 1)));
        assertRefused(List.of("truncated_image"), inspect(cut(BMP, 20)));
    }

    @Test
    void aLosslessWebpDeclaresItsSizeInTheVp8lHeader() {
        int bits = (300 - 1) | (200 - 1) << 14;
        byte[] payload = TestImages.concat(new byte[] {0x2F}, littleEndian(bits), new byte[] {0, 0, 0});
        assertAccepted(ImageFormat.WEBP, 300, 200, inspect(webp("VP8L", payload)));
    }

    @Test
    void anExtendedWebpDeclaresItsCanvasSizeInTheVp8xHeader() {
        byte[] payload = {0x10, 0, 0, 0, (byte) 0xFF, 0x0F, 0, (byte) 0x9F, 0x01, 0};
        assertAccepted(ImageFormat.WEBP, 4096, 416, inspect(webp("VP8X", payload)));
    }

    @Test
    void aLossyWebpDeclaresItsSizeAfterTheVp8StartCode() {
        byte[] payload = {0x50, 0x02, 0, (byte) 0x9D, 0x01, 0x2A, 0x40, 0x01, (byte) 0xF0, 0x00, 0, 0};
        assertAccepted(ImageFormat.WEBP, 320, 240, inspect(webp("VP8 ", payload)));
    }

    @Test
    void aWebpShorterThanItsRiffLengthIsTruncated() {
        byte[] complete = webp("VP8L", new byte[] {0x2F, 0, 0, 0, 0, 1, 2, 3});
        assertRefused(List.of("truncated_image"), inspect(cut(complete, complete.length - 2)));
    }

    @Test
    void aRecognisedFormatOutsideTheAcceptedOnesIsUnsupported() {
        ImageLimits noWebp = LIMITS.withFormats(EnumSet.of(ImageFormat.PNG, ImageFormat.JPEG));
        ImageInspection inspection = ImageCheck.inspect(webp("VP8L", new byte[] {0x2F, 0, 0, 0, 0}), noWebp, FIELD);
        assertRefused(List.of("unsupported_image_format"), inspection);
        assertEquals("is a WEBP image; accepted formats are PNG, JPEG", inspection.problems().get(0).message());
    }
}
