package dev.chimera.model.clip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The repository's copy of CLIP's vocabulary file, read once for the tests. */
final class ClipVocabulary {

    private static ClipTokenizer tokenizer;

    private ClipVocabulary() {
    }

    /** golden/reference-data/clip/bpe_simple_vocab_16e6.txt.gz, beside the golden cases folder. */
    static Path file() {
        return Path.of(System.getProperty("chimera.golden.dir"))
                .resolveSibling(Path.of("reference-data", "clip", "bpe_simple_vocab_16e6.txt.gz"));
    }

    /** A tokenizer over the real 49,408-token vocabulary. */
    static synchronized ClipTokenizer tokenizer() {
        if (tokenizer == null) {
            try {
                tokenizer = ClipTokenizer.read(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return tokenizer;
    }
}
