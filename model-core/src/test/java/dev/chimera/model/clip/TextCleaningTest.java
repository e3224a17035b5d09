package dev.chimera.model.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The pieces of CLIP's pre-tokenising, each against what CPython 3.11 returns for the same input. */
class TextCleaningTest {

    @Test
    void htmlUnescapeReadsNumericReferencesWithTheirHtml5Replacements() {
        assertEquals("'", HtmlUnescape.unescape("&#39;"));
        assertEquals("A", HtmlUnescape.unescape("&#65"));
        assertEquals("€", HtmlUnescape.unescape("&#x80;"));
        assertEquals("\uFFFD", HtmlUnescape.unescape("&#0;"));
        assertEquals("\uFFFD", HtmlUnescape.unescape("&#1114112;"));
        assertEquals("\uFFFD", HtmlUnescape.unescape("&#xD800;"));
        assertEquals("", HtmlUnescape.unescape("&#x1;"));
        assertEquals("😀", HtmlUnescape.unescape("&#x1F600;"));
    }

    @Test
    void htmlUnescapeReadsNamedReferencesByTheLongestKnownPrefix() {
        assertEquals("<>\"&", HtmlUnescape.unescape("&lt;&gt;&quot;&AMP;"));
        assertEquals("&x", HtmlUnescape.unescape("&ampx"));
        assertEquals("¬it;", HtmlUnescape.unescape("&notit;"));
        assertEquals("∉", HtmlUnescape.unescape("&notin;"));
        assertEquals("&unknown;", HtmlUnescape.unescape("&unknown;"));
        assertEquals("&lt;", HtmlUnescape.unescape("&amp;lt;"));
    }

    @Test
    void lowerCasingChoosesTheFinalSigmaAsPythonDoes() {
        assertEquals("οδος", PythonLowerCase.lower("ΟΔΟΣ"));
        assertEquals("οδοσ.α", PythonLowerCase.lower("ΟΔΟΣ.Α"));
        assertEquals("σ", PythonLowerCase.lower("Σ"));
        assertEquals("ας\u0301", PythonLowerCase.lower("ΑΣ\u0301"));
        assertEquals("αʰς", PythonLowerCase.lower("ΑʰΣ"));
        assertEquals("ασ'α", PythonLowerCase.lower("ΑΣ'Α"));
        assertEquals("ας1", PythonLowerCase.lower("ΑΣ1"));
        assertEquals("i\u0307", PythonLowerCase.lower("İ"));
    }

    @Test
    void cleaningUnescapesTwiceCollapsesWhitespaceAndLowerCases() {
        assertEquals("tom & jerry <3", ClipTextCleaning.clean(" Tom\u00a0&amp;amp;  Jerry\n&amp;lt;3\u001c"));
    }

    @Test
    void byteSymbolsKeepPrintableLatin1AndMoveTheRestPast255() {
        assertEquals("a", ByteSymbols.encode("a"));
        assertEquals("Ġ", ByteSymbols.encode(" "));
        assertEquals("Ã©", ByteSymbols.encode("é"));
        assertEquals('!', ByteSymbols.vocabularyOrder()[0]);
        assertEquals('Ā', ByteSymbols.vocabularyOrder()[188]);
    }

    @Test
    void bpeMergesByRankAndCachesEachPreToken() {
        BpeMerges merges = new BpeMerges(List.of("a b", "b c", "ab c</w>"));

        assertEquals(List.of("abc</w>"), merges.apply("abc"));
        assertEquals(List.of("ab", "abc</w>"), merges.apply("ababc"));
        assertEquals(List.of("x</w>"), merges.apply("x"));
        assertSame(merges.apply("abc"), merges.apply("abc"));
    }
}
