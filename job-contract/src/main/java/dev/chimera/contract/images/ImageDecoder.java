package dev.chimera.contract.images;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Chimera's one image decoder: the first image in uploaded bytes, decoded fully by ImageIO with TwelveMonkeys'
 * WebP reader and its JPEG reader (CMYK and YCCK JPEGs) beside the JDK's. The gateway decodes every input with it
 * before accepting a job, and the worker's codec reads through it, so the two never disagree on what is readable.
 * Everything stays in memory: ImageIO's disk cache is not used.
 */
public final class ImageDecoder {

    static {
        // Registered by hand rather than left to ImageIO's class path scan, which depends on the class loader that
        // first touches ImageIO (Quarkus restarts its application class loader in tests and dev mode).
        IIORegistry registry = IIORegistry.getDefaultInstance();
        registry.registerServiceProvider(new WebPImageReaderSpi());
        registry.registerServiceProvider(new JPEGImageReaderSpi());
    }

    private ImageDecoder() {
    }

    /**
     * Decodes the first image of {@code bytes}.
     *
     * @throws UndecodableImageException with the reason when no reader takes the bytes or reading fails
     */
    public static BufferedImage decode(byte[] bytes) {
        try (ImageInputStream input = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new UndecodableImageException(UndecodableImageException.Reason.UNSUPPORTED,
                        "no image reader takes these " + bytes.length + " bytes");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(input, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                requireNoDamageReported(warnings);
                return image;
            } catch (IOException | RuntimeException e) {
                // Readers fail on broken data with assorted runtime exceptions as well as IIOException.
                if (e instanceof UndecodableImageException undecodable) {
                    throw undecodable;
                }
                throw classified(e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("closing an in-memory image stream failed", e);
        }
    }

    /** The JDK's JPEG reader reports a short or damaged entropy stream only as a warning and fills in grey. */
    private static void requireNoDamageReported(List<String> warnings) {
        for (String warning : warnings) {
            String text = warning.toLowerCase(Locale.ROOT);
            if (text.contains("premature end")) {
                throw new UndecodableImageException(UndecodableImageException.Reason.TRUNCATED,
                        "the image data ends early: " + warning);
            }
            if (text.contains("corrupt") && !text.contains("extraneous bytes")) {
                throw new UndecodableImageException(UndecodableImageException.Reason.CORRUPT,
                        "the image data is damaged: " + warning);
            }
        }
    }

    private static UndecodableImageException classified(Exception failure) {
        String message = String.valueOf(failure.getMessage());
        String text = message.toLowerCase(Locale.ROOT);
        if (failure instanceof EOFException || causedBy(failure, EOFException.class) || text.contains("premature")
                || text.contains("unexpected end")) {
            return new UndecodableImageException(UndecodableImageException.Reason.TRUNCATED,
                    "the image data ends early: " + message, failure);
        }
        if (failure instanceof IIOException && (text.contains("unsupported") || text.contains("not supported"))) {
            return new UndecodableImageException(UndecodableImageException.Reason.UNSUPPORTED,
                    "the image uses a variant the decoder does not read: " + message, failure);
        }
        return new UndecodableImageException(UndecodableImageException.Reason.CORRUPT,
                "the image data cannot be decoded: " + message, failure);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
