package dev.chimera.model.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code html.unescape}: numeric references with the HTML5 replacements for invalid ones, and named references
 * from the HTML5 table, a name without its semicolon resolving to its longest known prefix (so {@code &ampx} reads
 * {@code &x}); anything else is left as it was.
 */
final class HtmlUnescape {

    private static final Pattern CHARREF = Pattern.compile(
            "&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
    private static final BigInteger MAX_CODE_POINT = BigInteger.valueOf(Character.MAX_CODE_POINT);
    private static final Map<String, String> NAMED = readNamedReferences();
    private static final Map<Integer, String> INVALID_CHARREFS = invalidCharrefs();
    private static final Set<Integer> INVALID_CODE_POINTS = invalidCodePoints();

    private HtmlUnescape() {
    }

    /** {@code html.unescape(text)}. */
    static String unescape(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = CHARREF.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replace(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String replace(String ref) {
        if (ref.charAt(0) == '#') {
            String digits = stripSemicolon(ref);
            boolean hex = digits.charAt(1) == 'x' || digits.charAt(1) == 'X';
            return numeric(new BigInteger(digits.substring(hex ? 2 : 1), hex ? 16 : 10));
        }
        String whole = NAMED.get(ref);
        if (whole != null) {
            return whole;
        }
        // Names are ASCII, so counting chars instead of Python's code points finds the same prefixes.
        for (int end = ref.length() - 1; end > 1; end--) {
            String prefix = NAMED.get(ref.substring(0, end));
            if (prefix != null) {
                return prefix + ref.substring(end);
            }
        }
        return "&" + ref;
    }

    private static String numeric(BigInteger value) {
        if (value.compareTo(MAX_CODE_POINT) > 0) {
            return "\uFFFD";
        }
        int codePoint = value.intValue();
        String invalid = INVALID_CHARREFS.get(codePoint);
        if (invalid != null) {
            return invalid;
        }
        if (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE) {
            return "\uFFFD";
        }
        if (INVALID_CODE_POINTS.contains(codePoint)) {
            return "";
        }
        return new String(Character.toChars(codePoint));
    }

    private static String stripSemicolon(String ref) {
        return ref.endsWith(";") ? ref.substring(0, ref.length() - 1) : ref;
    }

    private static Map<String, String> readNamedReferences() {
        Map<String, String> named = new HashMap<>();
        try (InputStream in = HtmlUnescape.class.getResourceAsStream("html5-entities.tsv")) {
            if (in == null) {
                throw new IllegalStateException("html5-entities.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t");
                StringBuilder value = new StringBuilder();
                for (String hex : fields[1].split(" ")) {
                    value.appendCodePoint(Integer.parseInt(hex, 16));
                }
                named.put(fields[0], value.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(named);
    }

    /** The HTML5 replacements of numeric references to NUL, CR and the C1 range (Windows-1252's characters). */
    private static Map<Integer, String> invalidCharrefs() {
        Map<Integer, String> map = new HashMap<>();
        map.put(0x00, "\uFFFD");
        map.put(0x0D, "\r");
        String c1 = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
                + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
        for (int i = 0; i < c1.length(); i++) {
            map.put(0x80 + i, String.valueOf(c1.charAt(i)));
        }
        return Map.copyOf(map);
    }

    /** The code points a numeric reference may not produce: controls, non-characters and U+000B. */
    private static Set<Integer> invalidCodePoints() {
        Set<Integer> set = new HashSet<>();
        addRange(set, 0x01, 0x08);
        addRange(set, 0x0E, 0x1F);
        addRange(set, 0x7F, 0x9F);
        addRange(set, 0xFDD0, 0xFDEF);
        set.add(0x0B);
        for (int plane = 0; plane <= 0x10; plane++) {
            set.add(plane * 0x10000 + 0xFFFE);
            set.add(plane * 0x10000 + 0xFFFF);
        }
        return Set.copyOf(set);
    }

    private static void addRange(Set<Integer> set, int first, int last) {
        for (int c = first; c <= last; c++) {
            set.add(c);
        }
    }
}
