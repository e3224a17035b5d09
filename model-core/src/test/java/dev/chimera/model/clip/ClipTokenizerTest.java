package dev.chimera.model.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * CLIP's tokenizer against openai/CLIP's SimpleTokenizer (ids and BPE symbols printed by the reference, ftfy as the
 * identity) and SD-1.5's layout, one rule at a time.
 */
class ClipTokenizerTest {

    private final ClipTokenizer tokenizer = ClipVocabulary.tokenizer();

    @Test
    void theVocabularyHasCLIPsSizeAndSpecialIds() throws IOException {
        assertEquals(49408, tokenizer.vocabularySize());
        assertEquals(49406, tokenizer.startId());
        assertEquals(49407, tokenizer.endId());
        try (InputStream in = Files.newInputStream(ClipVocabulary.file())) {
            assertArrayEquals(tokenizer.encode("A photo of a giraffe"), ClipTokenizer.read(in).encode(
                    "A photo of a giraffe"));
        }
    }

    @Test
    void aPromptIsStartIdsEndThenEndOfTextPaddingTo77Positions() {
        ClipTokens tokens = tokenizer.tokenize("a photo of a cat");

        long[] expected = new long[77];
        Arrays.fill(expected, 49407);
        System.arraycopy(new long[] {49406, 320, 1125, 539, 320, 2368, 49407}, 0, expected, 0, 7);
        assertArrayEquals(expected, tokens.inputIds());
        assertEquals(7, tokens.length());
        assertEquals(7, tokens.untruncatedLength());
        assertFalse(tokens.truncated());
    }

    @Test
    void theEmptyPromptIsStartAndEndOnly() {
        ClipTokens tokens = tokenizer.tokenize("");

        assertEquals(49406, tokens.inputIds()[0]);
        assertTrue(Arrays.stream(tokens.inputIds()).skip(1).allMatch(id -> id == 49407));
        assertEquals(2, tokens.length());
    }

    @Test
    void aLongPromptKeepsItsFirst75IdsAndReportsItsFullLength() {
        String sentence = "a photo of a giraffe standing next to a zebra in the savanna at sunset, ";
        ClipTokens tokens = tokenizer.tokenize(sentence.repeat(8));
        int[] all = tokenizer.encode(sentence.repeat(8));

        assertEquals(77, tokens.length());
        assertEquals(all.length + 2, tokens.untruncatedLength());
        assertTrue(tokens.truncated());
        long[] ids = tokens.inputIds();
        assertEquals(49406, ids[0]);
        assertEquals(all[74], ids[75]);
        assertEquals(49407, ids[76]);
    }

    @Test
    void aShorterContextCutsToItsLengthMinusTwo() {
        ClipTokens tokens = tokenizer.tokenize("a photo of a cat", 4);

        assertArrayEquals(new long[] {49406, 320, 1125, 49407}, tokens.inputIds());
        assertEquals(4, tokens.length());
        assertEquals(7, tokens.untruncatedLength());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenize("a", 1));
    }

    @Test
    void caseAndWhitespaceRunsDoNotMatter() {
        assertArrayEquals(tokenizer.encode("a photo of a cat"), tokenizer.encode("  a   PHOTO\tof\na  Cat  "));
        assertArrayEquals(new int[] {320, 321}, tokenizer.encode("a\u3000\u00a0\u2028b"));
    }

    @Test
    void informationSeparatorsAreStrippedAtTheEndsAndPunctuationInside() {
        assertEquals(List.of("a</w>", "Ĝ</w>", "b</w>"), tokenizer.bpeSymbols("\u001ca\u001cb\u001c"));
    }

    @Test
    void htmlIsUnescapedTwice() {
        assertArrayEquals(new int[] {2435, 261, 9164, 283, 274}, tokenizer.encode("Tom &amp;amp; Jerry &amp;lt;3"));
    }

    @Test
    void contractionsSplitOffAndPunctuationRunsStayTogether() {
        assertEquals(List.of("don</w>", "'t</w>"), tokenizer.bpeSymbols("don't"));
        assertEquals(List.of("it</w>", "'s</w>", "'</w>"), tokenizer.bpeSymbols("it's'"));
        assertArrayEquals(new int[] {3306, 995, 1002, 678}, tokenizer.encode("hello!!! world..."));
    }

    @Test
    void digitsAreSingleTokensAndLettersRunsAreWords() {
        assertArrayEquals(new int[] {273, 271, 267, 271, 271, 271}, tokenizer.encode("20,000"));
        assertArrayEquals(new int[] {320, 1125, 539, 320, 4668}, tokenizer.encode("A photo of a animal"));
    }

    @Test
    void nonAsciiTextIsEncodedAsUtf8ByteSymbols() {
        assertEquals(List.of("cafÃ©</w>"), tokenizer.bpeSymbols("café"));
        assertEquals(List.of("ðŁ¦", "Ĵ</w>"), tokenizer.bpeSymbols("🦒"));
        assertArrayEquals(new int[] {343, 41175, 33613}, tokenizer.encode("x²½"));
    }

    @Test
    void specialTokensWrittenInThePromptMapToTheirIds() {
        assertArrayEquals(new int[] {320, 49406, 321, 49407, 322},
                tokenizer.encode("a <|startoftext|> b <|endoftext|> c"));
    }

    @Test
    void theRegexMatchesAsPythonsRegexModuleDoesUnderIgnoreCase() {
        assertEquals(List.of("'", "Å", "¿</w>", "x</w>"), tokenizer.bpeSymbols("'ſ x"));
        assertEquals(List.of("ab</w>", "cd</w>"), tokenizer.bpeSymbols("ab\u0345cd"));
    }

    @Test
    void capitalSigmaIsLowerCasedByPythonsFinalSigmaRule() {
        assertArrayEquals(new int[] {138, 123, 138, 112, 138, 123, 139, 480, 138, 123, 138, 112, 138, 123, 139, 481,
            269, 138, 365, 139, 481}, tokenizer.encode("ΟΔΟΣ ΟΔΟΣ.Α Σ"));
    }

    @Test
    void aLoneSurrogateIsRefusedAsPythonRefusesToEncodeIt() {
        assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("a\ud83eb"));
    }
}
