package dev.chimera.contract.images;

/** JPEG: the size from the first SOFn segment, then segments and entropy-coded scans up to EOI. */
final class JpegStructure implements ImageStructure {

    private static final int SOI_LENGTH = 2;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    @Override
    public ImageHeader header(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "JPEG", SOI_LENGTH);
        while (true) {
            int marker = nextMarker(reader);
            if (isStartOfFrame(marker)) {
                reader.skip(3);
                int height = reader.u16be();
                int width = reader.u16be();
                if (width == 0 || height == 0) {
                    throw ImageDefect.malformed("the JPEG declares a size of " + width + "x" + height
                            + " in its frame header");
                }
                return new ImageHeader(ImageFormat.JPEG, width, height);
            }
            if (marker == SOS || marker == EOI) {
                throw ImageDefect.malformed("the JPEG has no frame header before its image data");
            }
            skipSegment(reader, marker);
        }
    }

    @Override
    public void requireComplete(byte[] bytes) {
        ByteReader reader = new ByteReader(bytes, "JPEG", SOI_LENGTH);
        int marker = nextMarker(reader);
        while (marker != EOI) {
            skipSegment(reader, marker);
            marker = marker == SOS ? markerAfterScan(reader) : nextMarker(reader);
        }
    }

    /** A marker where one must stand: 0xFF, optional 0xFF fill bytes, then the marker code. */
    private static int nextMarker(ByteReader reader) {
        int at = reader.position();
        if (reader.u8() != 0xFF) {
            throw ImageDefect.malformed("the JPEG has no marker where one belongs, at byte " + at);
        }
        int code = reader.u8();
        while (code == 0xFF) {
            code = reader.u8();
        }
        if (code == 0x00) {
            throw ImageDefect.malformed("the JPEG has an invalid marker at byte " + at);
        }
        return code;
    }

    /**
     * Skips entropy-coded data to the next marker. Inside a scan 0xFF is either stuffed (followed by 0x00) or
     * starts a restart marker, so the first other marker ends the scan.
     */
    private static int markerAfterScan(ByteReader reader) {
        while (true) {
            if (reader.u8() != 0xFF) {
                continue;
            }
            int code = reader.u8();
            while (code == 0xFF) {
                code = reader.u8();
            }
            if (code != 0x00 && !isRestart(code)) {
                return code;
            }
        }
    }

    private static void skipSegment(ByteReader reader, int marker) {
        if (isStandalone(marker)) {
            return;
        }
        int at = reader.position();
        int length = reader.u16be();
        if (length < 2) {
            throw ImageDefect.malformed("the JPEG has a segment with an invalid length at byte " + at);
        }
        reader.skip(length - 2L);
    }

    private static boolean isStartOfFrame(int marker) {
        // C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frame headers.
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    private static boolean isRestart(int marker) {
        return marker >= 0xD0 && marker <= 0xD7;
    }

    private static boolean isStandalone(int marker) {
        return isRestart(marker) || marker == 0x01 || marker == 0xD8;
    }
}
