package dev.chimera.worker.pipeline;

import java.util.stream.Collectors;

import dev.chimera.worker.models.ModelManifest;

/**
 * What one inversion of Cross-Image Attention depends on, as a cache key: the image's content hash, its prepared
 * size, the weights (every file's sha256, so a replaced version never reads an old entry), the precision, and the
 * sampler's own fingerprint (steps, first step kept, guidance, prompt, noise seed).
 */
record InversionCacheKey(String imageSha256, int imageSize, ModelManifest weights, String precision,
        String samplerFingerprint) {

    /** The key as the cache stores it. */
    String text() {
        String files = weights.files().stream().map(file -> file.name() + "=" + file.sha256())
                .sorted().collect(Collectors.joining(","));
        return samplerFingerprint + ";image=" + imageSha256 + ";size=" + imageSize + ";precision=" + precision
                + ";weights=" + weights.family() + ":" + files;
    }
}
