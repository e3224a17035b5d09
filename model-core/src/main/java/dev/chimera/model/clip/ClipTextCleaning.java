package dev.chimera.model.clip;

import java.util.regex.Pattern;

/**
 * The text clean-up of CLIP's tokenizer before its regex: {@code html.unescape} twice, {@code strip()}, every run of
 * whitespace to one space, {@code strip()}, {@code lower()}. The reference first calls {@code ftfy.fix_text}, which is
 * not ported: it changes only text with mojibake, curly quotes, ligatures, full-width forms, control characters or
 * decomposed accents, and prompts free of those (the golden case's) tokenise as the reference does.
 */
final class ClipTextCleaning {

    /** The {@code regex} module's {@code \s}: the Unicode White_Space characters. */
    static final String WHITESPACE = "\\p{IsWhite_Space}";

    private static final Pattern WHITESPACE_RUN = Pattern.compile(WHITESPACE + "+");
    /** Python's {@code str.strip()} removes {@code str.isspace()} characters: White_Space plus U+001C..U+001F. */
    private static final Pattern OUTER_SPACE = Pattern.compile(
            "^[" + WHITESPACE + "\\x{1C}-\\x{1F}]+|[" + WHITESPACE + "\\x{1C}-\\x{1F}]+$");

    private ClipTextCleaning() {
    }

    /** {@code whitespace_clean(basic_clean(text)).lower()} without ftfy. */
    static String clean(String text) {
        requireWellFormed(text);
        String unescaped = HtmlUnescape.unescape(HtmlUnescape.unescape(text));
        String collapsed = WHITESPACE_RUN.matcher(strip(unescaped)).replaceAll(" ");
        return PythonLowerCase.lower(strip(collapsed));
    }

    private static String strip(String text) {
        return OUTER_SPACE.matcher(text).replaceAll("");
    }

    /** Python refuses to UTF-8 encode a lone surrogate; Java would silently write '?' instead. */
    private static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("text holds a lone surrogate at index " + i);
            }
        }
    }
}
