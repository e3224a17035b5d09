package dev.chimera.model.clip;

import java.nio.charset.StandardCharsets;

/**
 * CLIP's {@code bytes_to_unicode}: a reversible map from the 256 byte values to printable characters, so that BPE
 * works on text without whitespace or control characters; printable Latin-1 bytes map to themselves, the other 68
 * to U+0100 onwards in byte order.
 */
final class ByteSymbols {

    private static final char[] SYMBOLS = symbols();

    private ByteSymbols() {
    }

    private static char[] symbols() {
        char[] symbols = new char[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            symbols[b] = printable ? (char) b : (char) next++;
        }
        return symbols;
    }

    /** The symbol of one byte. */
    static char of(int unsignedByte) {
        return SYMBOLS[unsignedByte];
    }

    /** The 256 symbols in the reference's vocabulary order (printable bytes first, then the remapped ones). */
    static char[] vocabularyOrder() {
        char[] order = new char[256];
        int i = 0;
        for (int b = 0; b < 256; b++) {
            if (SYMBOLS[b] == b) {
                order[i++] = SYMBOLS[b];
            }
        }
        for (int b = 0; b < 256; b++) {
            if (SYMBOLS[b] != b) {
                order[i++] = SYMBOLS[b];
            }
        }
        return order;
    }

    /** The UTF-8 bytes of {@code text}, each replaced by its symbol. */
    static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = SYMBOLS[bytes[i] & 0xFF];
        }
        return new String(out);
    }
}
