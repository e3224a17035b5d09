package dev.chimera.model.clip;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * openai/CLIP's {@code SimpleTokenizer} (without ftfy, see {@link ClipTextCleaning}) with the token layout of Stable
 * Diffusion 1.5's {@code CLIPTokenizer}: clean-up and lower-casing, the pre-tokenising regex, byte symbols, BPE with
 * the {@code </w>} suffix, then start, ids, end and end-of-text padding to the context length.
 */
public final class ClipTokenizer {

    /** SD-1.5's context: 77 positions. */
    public static final int SD15_CONTEXT_LENGTH = 77;
    /** The start-of-text token, which also maps to itself when written in a prompt. */
    public static final String START_OF_TEXT = "<|startoftext|>";
    /** The end-of-text token, also SD-1.5's padding. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    /** The reference reads lines 2 to 48895 of the vocabulary file: 49152 - 256 - 2 merges. */
    private static final int MERGE_COUNT = 49152 - 256 - 2;
    /**
     * The reference's pattern, compiled by Python's {@code regex} module with IGNORECASE. Under that flag the module
     * matches U+0345 (combining ypogegrammeni, whose case partner is a letter) with no alternative, so it is left out
     * of the last class here; Java's classes agree with the module's on every other code point Java 17 assigns.
     */
    private static final Pattern PRE_TOKEN = Pattern.compile("<\\|startoftext\\|>|<\\|endoftext\\|>"
            + "|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^" + ClipTextCleaning.WHITESPACE + "\\p{L}\\p{N}\\x{345}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private final Map<String, Integer> encoder;
    private final BpeMerges merges;
    private final int startId;
    private final int endId;

    private ClipTokenizer(Map<String, Integer> encoder, BpeMerges merges) {
        this.encoder = encoder;
        this.merges = merges;
        this.startId = encoder.get(START_OF_TEXT);
        this.endId = encoder.get(END_OF_TEXT);
    }

    /** Reads the gzipped merges file {@code bpe_simple_vocab_16e6.txt.gz}. */
    public static ClipTokenizer read(Path vocabularyGz) throws IOException {
        try (InputStream in = Files.newInputStream(vocabularyGz)) {
            return read(in);
        }
    }

    /** Reads the gzipped merges file from a stream, which the caller closes. */
    public static ClipTokenizer read(InputStream vocabularyGz) throws IOException {
        String text = new String(new GZIPInputStream(vocabularyGz).readAllBytes(), StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < MERGE_COUNT + 1) {
            throw new IOException("a CLIP vocabulary has " + MERGE_COUNT + " merges after its header, this file "
                    + (lines.length - 1) + " lines");
        }
        List<String> pairs = new ArrayList<>(MERGE_COUNT);
        List<String> vocabulary = new ArrayList<>();
        for (char symbol : ByteSymbols.vocabularyOrder()) {
            vocabulary.add(String.valueOf(symbol));
        }
        for (char symbol : ByteSymbols.vocabularyOrder()) {
            vocabulary.add(symbol + BpeMerges.END_OF_WORD);
        }
        for (int i = 1; i <= MERGE_COUNT; i++) {
            String[] pair = lines[i].strip().split(" ");
            if (pair.length != 2) {
                throw new IOException("vocabulary line " + (i + 1) + " is not a merge pair: " + lines[i]);
            }
            pairs.add(pair[0] + " " + pair[1]);
            vocabulary.add(pair[0] + pair[1]);
        }
        vocabulary.add(START_OF_TEXT);
        vocabulary.add(END_OF_TEXT);
        Map<String, Integer> encoder = new HashMap<>(vocabulary.size() * 2);
        for (int id = 0; id < vocabulary.size(); id++) {
            encoder.put(vocabulary.get(id), id);
        }
        return new ClipTokenizer(Map.copyOf(encoder), new BpeMerges(pairs));
    }

    /** The number of ids: 49408 for CLIP's file. */
    public int vocabularySize() {
        return encoder.size();
    }

    /** The id of {@value #START_OF_TEXT}, 49406. */
    public int startId() {
        return startId;
    }

    /** The id of {@value #END_OF_TEXT}, 49407, also the padding. */
    public int endId() {
        return endId;
    }

    /** The BPE symbols of a text, as {@code SimpleTokenizer.bpe} writes them ({@code photo</w>}). */
    public List<String> bpeSymbols(String text) {
        List<String> symbols = new ArrayList<>();
        Matcher m = PRE_TOKEN.matcher(ClipTextCleaning.clean(text));
        while (m.find()) {
            String preToken = m.group();
            if (preToken.equals(START_OF_TEXT) || preToken.equals(END_OF_TEXT)) {
                symbols.add(preToken);
            } else {
                symbols.addAll(merges.apply(ByteSymbols.encode(preToken)));
            }
        }
        return symbols;
    }

    /** {@code SimpleTokenizer.encode(text)}: the BPE ids of a text, without start and end. */
    public int[] encode(String text) {
        return bpeSymbols(text).stream().mapToInt(this::id).toArray();
    }

    /** A prompt in SD-1.5's layout of {@value #SD15_CONTEXT_LENGTH} positions. */
    public ClipTokens tokenize(String prompt) {
        return tokenize(prompt, SD15_CONTEXT_LENGTH);
    }

    /**
     * A prompt in SD's layout: start, at most {@code contextLength - 2} ids, end, then end-of-text padding, as
     * {@code CLIPTokenizer(padding="max_length", max_length=contextLength, truncation=True)} lays it out.
     */
    public ClipTokens tokenize(String prompt, int contextLength) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("a context holds start and end, so at least 2 positions, not "
                    + contextLength);
        }
        int[] ids = encode(prompt);
        int kept = Math.min(ids.length, contextLength - 2);
        long[] layout = new long[contextLength];
        Arrays.fill(layout, endId);
        layout[0] = startId;
        for (int i = 0; i < kept; i++) {
            layout[1 + i] = ids[i];
        }
        return new ClipTokens(layout, kept + 2, ids.length + 2);
    }

    private int id(String symbol) {
        Integer id = encoder.get(symbol);
        if (id == null) {
            throw new IllegalStateException("BPE symbol " + symbol + " is not in the vocabulary");
        }
        return id;
    }
}
