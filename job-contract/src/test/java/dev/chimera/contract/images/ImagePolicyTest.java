package dev.chimera.contract.images;

import static dev.chimera.contract.images.TestImages.ascii;
import static dev.chimera.contract.images.TestImages.concat;
import static dev.chimera.contract.images.TestImages.pngChunk;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chimera.contract.InputRole;
import dev.chimera.contract.params.ClvaeParams;
import dev.chimera.contract.params.CrossbreedParams;
import dev.chimera.contract.params.MethodParams;
import dev.chimera.contract.params.Problem;
import dev.chimera.contract.params.SpliceParams;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePolicyTest {

    private static final ImageLimits LIMITS = ImageLimits.of(10_000_000, 1_000_000);
    private static final InputRole PICTURE = InputRole.required("imageA");
    private static final InputRole LABEL_MAP = InputRole.requiredLabelMap("labelMap");
    private static final MethodParams CROSSBREED = CrossbreedParams.SPEC.defaultParams();
    private static final MethodParams SPLICE = SpliceParams.SPEC.defaultParams();
    private static final MethodParams CLVAE = ClvaeParams.SPEC.defaultParams();

    @Test
    void aLosslessWebpIsStoredAsAPngWithExactlyItsPixels() {
        ImagePolicy.Admission admission = admit(resource("gradient-lossless.webp"), PICTURE, CROSSBREED);

        BufferedImage stored = png(admission);
        assertEquals(24, stored.getWidth());
        assertEquals(16, stored.getHeight());
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 24; x++) {
                assertEquals((x * 10) << 16 | (y * 15) << 8 | 128, stored.getRGB(x, y) & 0xFFFFFF, "at " + x + "," + y);
            }
        }
    }

    @Test
    void aLossyWebpIsDecodedToAPictureCloseToItsSource() {
        BufferedImage stored = png(admit(resource("gradient-lossy.webp"), PICTURE, CROSSBREED));

        int red = stored.getRGB(23, 8) >> 16 & 0xFF;
        assertTrue(Math.abs(red - 230) < 24, "red at the right edge is " + red);
        assertTrue((stored.getRGB(0, 8) >> 16 & 0xFF) < 40, "red grows from left to right");
    }

    @Test
    void aPngWhoseDeflateStreamIsCorruptButWhoseCrcsAreValidIsImageCorrupt() {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(8).putInt(8)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0xF3 ^ i * 37);
        }
        byte[] png = concat(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
                pngChunk("IHDR", ihdr.array()), pngChunk("IDAT", concat(new byte[] {0x78, (byte) 0x9C}, garbage)),
                pngChunk("IEND", new byte[0]));

        assertEquals(List.of("image_corrupt"), codes(admit(png, PICTURE, CROSSBREED)));
    }

    @Test
    void aOnePixelHighStripIsRefusedForItsAspect() {
        assertEquals(List.of("image_aspect"), codes(admit(encoded(new BufferedImage(20_000, 1,
                BufferedImage.TYPE_INT_RGB)), PICTURE, CROSSBREED)));
        assertEquals(List.of("image_aspect"), codes(admit(encoded(new BufferedImage(1, 20_000,
                BufferedImage.TYPE_INT_RGB)), PICTURE, CROSSBREED)));
    }

    @Test
    void aPictureSixteenTimesAsWideAsHighIsTheWidestAccepted() {
        assertTrue(admit(encoded(new BufferedImage(160, 10, BufferedImage.TYPE_INT_RGB)), PICTURE, CROSSBREED)
                .isAdmitted());
        assertFalse(admit(encoded(new BufferedImage(161, 10, BufferedImage.TYPE_INT_RGB)), PICTURE, CROSSBREED)
                .isAdmitted());
    }

    @Test
    void spliceRefusesAPictureThinnerThanItsGeneratorTrainsOnAfterScaling() {
        // 35 high keeps floor(0.95 * 35) = 33 rows; 34 keeps 32.
        assertTrue(admit(encoded(new BufferedImage(40, 35, BufferedImage.TYPE_INT_RGB)), PICTURE, SPLICE)
                .isAdmitted());
        assertEquals(List.of("image_aspect"), codes(admit(encoded(new BufferedImage(40, 34,
                BufferedImage.TYPE_INT_RGB)), PICTURE, SPLICE)));
        // 960x64 is scaled to 480x32 by the default maxImageSide.
        assertEquals(List.of("image_aspect"), codes(admit(encoded(new BufferedImage(960, 64,
                BufferedImage.TYPE_INT_RGB)), PICTURE, SPLICE)));
    }

    @Test
    void aJpegTakenSidewaysIsStoredTurnedAsItsExifOrientationSays() {
        BufferedImage sideways = new BufferedImage(40, 24, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 24; y++) {
            for (int x = 20; x < 40; x++) {
                sideways.setRGB(x, y, 0xFFFFFF);
            }
        }
        byte[] jpeg = withExifOrientation(encoded(sideways, "jpeg"), 6);

        BufferedImage stored = png(admit(jpeg, PICTURE, CROSSBREED));

        // A quarter turn clockwise: the dark left half becomes the top half.
        assertEquals(24, stored.getWidth());
        assertEquals(40, stored.getHeight());
        assertTrue((stored.getRGB(12, 5) & 0xFF) < 40, "top is dark");
        assertTrue((stored.getRGB(12, 35) & 0xFF) > 215, "bottom is light");
    }

    @Test
    void everyExifOrientationShowsTheStoredSamplesAsBrowsersDo() {
        // Stored 3x2:  1 2 3 / 4 5 6.
        int[] stored = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, ExifOrientation.MIRRORED.apply(stored, 3, 2));
        assertArrayEquals(new int[] {6, 5, 4, 3, 2, 1}, ExifOrientation.ROTATED_180.apply(stored, 3, 2));
        assertArrayEquals(new int[] {4, 5, 6, 1, 2, 3}, ExifOrientation.FLIPPED.apply(stored, 3, 2));
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, ExifOrientation.TRANSPOSED.apply(stored, 3, 2));
        assertArrayEquals(new int[] {4, 1, 5, 2, 6, 3}, ExifOrientation.ROTATED_90.apply(stored, 3, 2));
        assertArrayEquals(new int[] {6, 3, 5, 2, 4, 1}, ExifOrientation.TRANSVERSED.apply(stored, 3, 2));
        assertArrayEquals(new int[] {3, 6, 2, 5, 1, 4}, ExifOrientation.ROTATED_270.apply(stored, 3, 2));
    }

    @Test
    void aSixteenBitGreyPngBecomesEightBitRgbOfTheSameGreys() {
        BufferedImage grey = new BufferedImage(20, 20, BufferedImage.TYPE_USHORT_GRAY);
        for (int x = 0; x < 20; x++) {
            for (int y = 0; y < 20; y++) {
                grey.getRaster().setSample(x, y, 0, x * 3000);
            }
        }
        BufferedImage stored = png(admit(encoded(grey), PICTURE, CROSSBREED));

        assertEquals(BufferedImage.TYPE_3BYTE_BGR, stored.getType());
        for (int x = 0; x < 20; x++) {
            int expected = Math.round(x * 3000 / 65535f * 255f);
            assertEquals(expected << 16 | expected << 8 | expected, stored.getRGB(x, 7) & 0xFFFFFF);
        }
    }

    @Test
    void aPaletteLabelMapKeepsItsClassIndicesWhileAPalettePictureKeepsItsColours() {
        BufferedImage indexed = paletted();

        BufferedImage labels = png(admit(encoded(indexed), LABEL_MAP, CLVAE, OptionalInt.of(8)));
        BufferedImage colours = png(admit(encoded(indexed), PICTURE, CROSSBREED));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, labels.getType());
        for (int x = 0; x < 20; x++) {
            assertEquals(x % 4, labels.getRaster().getSample(x, 3, 0));
            assertEquals(PALETTE[x % 4], colours.getRGB(x, 3) & 0xFFFFFF);
        }
    }

    @Test
    void aLabelMapWithAClassTheModelDoesNotKnowIsRefused() {
        ImagePolicy.Admission admission = admit(encoded(paletted()), LABEL_MAP, CLVAE, OptionalInt.of(3));

        assertEquals(List.of("unknown_label_class"), codes(admission));
        assertTrue(admission.problems().get(0).message().contains("class 3"));
    }

    @Test
    void transparentPixelsAreCompositedOnWhite() {
        BufferedImage logo = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        logo.setRGB(1, 1, 0xFF000000);
        logo.setRGB(2, 2, 0x00000000);
        BufferedImage stored = png(admit(encoded(logo), PICTURE, CROSSBREED));

        assertEquals(0x000000, stored.getRGB(1, 1) & 0xFFFFFF);
        assertEquals(0xFFFFFF, stored.getRGB(2, 2) & 0xFFFFFF);
    }

    @Test
    void theStoredPngCarriesNoMetadata() {
        byte[] png = encoded(new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB));
        byte[] withText = concat(java.util.Arrays.copyOf(png, 33), pngChunk("tEXt", ascii("Author\0someone")),
                java.util.Arrays.copyOfRange(png, 33, png.length));

        byte[] stored = admit(withText, PICTURE, CROSSBREED).image().png();

        assertEquals(List.of("IHDR", "IDAT", "IEND"), chunkTypes(stored));
    }

    private static final int[] PALETTE = {0xFF0000, 0x00FF00, 0x0000FF, 0x808080};

    private static BufferedImage paletted() {
        byte[] r = new byte[4];
        byte[] g = new byte[4];
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            r[i] = (byte) (PALETTE[i] >> 16);
            g[i] = (byte) (PALETTE[i] >> 8);
            b[i] = (byte) PALETTE[i];
        }
        BufferedImage image = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(2, 4, r, g, b));
        for (int x = 0; x < 20; x++) {
            for (int y = 0; y < 20; y++) {
                image.getRaster().setSample(x, y, 0, x % 4);
            }
        }
        return image;
    }

    private static ImagePolicy.Admission admit(byte[] bytes, InputRole role, MethodParams params) {
        return admit(bytes, role, params, OptionalInt.empty());
    }

    private static ImagePolicy.Admission admit(byte[] bytes, InputRole role, MethodParams params,
                                               OptionalInt classes) {
        ImageInspection inspection = ImageCheck.inspect(bytes, LIMITS, "inputs." + role.name());
        assertTrue(inspection.isAccepted(), "the header check passes: " + inspection.problems());
        return ImagePolicy.admit(bytes, inspection.header(), role, params, classes, "inputs." + role.name());
    }

    private static List<String> codes(ImagePolicy.Admission admission) {
        assertFalse(admission.isAdmitted());
        return admission.problems().stream().map(Problem::code).map(code -> code.wireName()).toList();
    }

    private static BufferedImage png(ImagePolicy.Admission admission) {
        assertTrue(admission.isAdmitted(), "admitted: " + admission.problems());
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(admission.image().png()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encoded(BufferedImage image) {
        return encoded(image, "png");
    }

    private static byte[] encoded(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = ImagePolicyTest.class.getResourceAsStream("/images/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An APP1 Exif segment (big-endian TIFF, one IFD entry) right after the JPEG's SOI. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] tiff = ByteBuffer.allocate(26).put(ascii("MM")).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0).putInt(0).array();
        byte[] payload = concat(ascii("Exif\0\0"), tiff);
        byte[] segment = concat(new byte[] {(byte) 0xFF, (byte) 0xE1},
                ByteBuffer.allocate(2).putShort((short) (payload.length + 2)).array(), payload);
        return concat(java.util.Arrays.copyOf(jpeg, 2), segment, java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    private static List<String> chunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
        while (buffer.remaining() >= 12) {
            int length = buffer.getInt();
            byte[] type = new byte[4];
            buffer.get(type);
            types.add(new String(type, java.nio.charset.StandardCharsets.US_ASCII));
            buffer.position(buffer.position() + length + 4);
        }
        return types;
    }
}
