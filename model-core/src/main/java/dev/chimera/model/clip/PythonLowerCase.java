package dev.chimera.model.clip;

import java.util.Locale;
import java.util.Set;

/**
 * Python's {@code str.lower()}: each code point's full lower-case mapping, which Java's agrees with, except for capital
 * sigma, whose final form Python chooses by the Unicode context rule (a cased letter before it and none after it,
 * case-ignorable characters skipped) while Java looks at word boundaries.
 */
final class PythonLowerCase {

    private static final int CAPITAL_SIGMA = 0x03A3;
    private static final int SMALL_SIGMA = 0x03C3;
    private static final int FINAL_SIGMA = 0x03C2;
    /** The characters that are case-ignorable by Word_Break (MidLetter, MidNumLet, Single_Quote), not by category. */
    private static final Set<Integer> WORD_BREAK_IGNORABLE = Set.of(0x27, 0x2E, 0x3A, 0xB7, 0x387, 0x55F, 0x5F4,
            0x2018, 0x2019, 0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A);

    private PythonLowerCase() {
    }

    /** {@code text.lower()}. */
    static String lower(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (c == CAPITAL_SIGMA) {
                out.appendCodePoint(isFinal(text, i) ? FINAL_SIGMA : SMALL_SIGMA);
            } else {
                out.append(new String(Character.toChars(c)).toLowerCase(Locale.ROOT));
            }
            i += Character.charCount(c);
        }
        return out.toString();
    }

    /** CPython's {@code handle_capital_sigma}: \p{cased}\p{case-ignorable}* Σ !(\p{case-ignorable}* \p{cased}). */
    private static boolean isFinal(String text, int sigma) {
        int before = sigma;
        int c = 0;
        while (before > 0) {
            c = text.codePointBefore(before);
            if (!isCaseIgnorable(c)) {
                break;
            }
            before -= Character.charCount(c);
        }
        if (before == 0 || !isCased(c)) {
            return false;
        }
        int after = sigma + 1;
        while (after < text.length()) {
            c = text.codePointAt(after);
            if (!isCaseIgnorable(c)) {
                return !isCased(c);
            }
            after += Character.charCount(c);
        }
        return true;
    }

    private static boolean isCased(int c) {
        return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
    }

    private static boolean isCaseIgnorable(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                || type == Character.MODIFIER_LETTER || type == Character.MODIFIER_SYMBOL
                || WORD_BREAK_IGNORABLE.contains(c);
    }
}
