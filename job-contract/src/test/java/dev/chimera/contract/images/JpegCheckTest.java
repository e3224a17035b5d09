package dev.chimera.contract.images;

import static dev.chimera.contract.images.Inspections.assertAccepted;
import static dev.chimera.contract.images.Inspections.assertRefused;
import static dev.chimera.contract.images.Inspections.inspect;
import static dev.chimera.contract.images.TestImages.concat;
import static dev.chimera.contract.images.TestImages.cut;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

class JpegCheckTest {

    private static final byte[] JPEG = TestImages.encoded("jpeg", 40, 24);

    @Test
    void aCompleteJpegIsAcceptedWithTheSizeFromItsFrameHeader() {
        assertAccepted(ImageFormat.JPEG, 40, 24, inspect(JPEG));
    }

    @Test
    void aJpegCutInHalfIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(JPEG, JPEG.length / 2)));
    }

    @Test
    void aJpegWithoutItsEoiMarkerIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(JPEG, JPEG.length - 2)));
    }

    @Test
    void aJpegCutBeforeItsFrameHeaderIsTruncated() {
        assertRefused(List.of("truncated_image"), inspect(cut(JPEG, 24)));
    }

    @Test
    void markerLikeBytesInsideAnApplicationSegmentAreSkippedByItsLength() {
        byte[] payload = {'E', 'x', 'i', 'f', 0, 0, (byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0x7F, 0x7F, 0x7F, 0x7F,
            (byte) 0xFF, (byte) 0xD9};
        byte[] app1 = concat(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, (byte) (payload.length + 2)}, payload);
        byte[] withExif = concat(Arrays.copyOf(JPEG, 2), app1, Arrays.copyOfRange(JPEG, 2, JPEG.length));
        assertAccepted(ImageFormat.JPEG, 40, 24, inspect(withExif));
    }

    @Test
    void aProgressiveJpegIsWalkedThroughEveryScanToItsEoi() throws IOException {
        byte[] progressive = progressiveJpeg(64, 48);
        assertTrue(startOfScanMarkers(progressive) > 1, "a progressive JPEG has several scans");
        assertAccepted(ImageFormat.JPEG, 64, 48, inspect(progressive));
        assertRefused(List.of("truncated_image"), inspect(cut(progressive, progressive.length * 3 / 4)));
    }

    @Test
    void dataAppendedAfterEoiIsAccepted() {
        assertAccepted(ImageFormat.JPEG, 40, 24, inspect(concat(JPEG, new byte[] {0, 0, 'm', 'p', '4'})));
    }

    @Test
    void aJpegWithoutAFrameHeaderIsNotAnImage() {
        byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, 1, 2, (byte) 0xFF, (byte) 0xD9};
        assertRefused(List.of("not_an_image"), inspect(noFrame));
    }

    @Test
    void garbageWhereAMarkerBelongsIsNotAnImage() {
        byte[] withSoi = concat(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 2},
                new byte[] {0x12, 0x34}, Arrays.copyOfRange(JPEG, 2, JPEG.length));
        assertRefused(List.of("not_an_image"), inspect(withSoi));
    }

    private static long startOfScanMarkers(byte[] jpeg) {
        return IntStream.range(0, jpeg.length - 1)
                .filter(i -> jpeg[i] == (byte) 0xFF && jpeg[i + 1] == (byte) 0xDA).count();
    }

    private static byte[] progressiveJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | (x ^ y));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
