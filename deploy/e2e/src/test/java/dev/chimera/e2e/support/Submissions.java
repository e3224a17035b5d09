package dev.chimera.e2e.support;

/** Valid job submissions of each kind, with images made in the test. */
public final class Submissions {

    /** The demo networks work at 64 × 64: every result image has this size. */
    public static final int DEMO_IMAGE_SIZE = 64;
    /** Classes of the demo clVAE network for ADE20K-style label maps. */
    public static final int DEMO_ADE20K_CLASSES = 8;
    /** A morph that keeps the worker busy for a minute with the demo networks: 64 frames and a 16² grid. */
    public static final String LONG_MORPH = "{\"frames\": 64, \"disentangled\": true, \"gridSize\": 16}";
    /** Frames of a morph that runs a few seconds: long enough to kill its worker mid-job, short enough to rerun. */
    public static final int MEDIUM_MORPH_FRAMES = 12;
    /** That morph's params. */
    public static final String MEDIUM_MORPH = "{\"frames\": " + MEDIUM_MORPH_FRAMES + "}";

    private Submissions() {
    }

    /** A morphing job between two generated images with these params (JSON). */
    public static Multipart morphing(String params) {
        return Multipart.form().field("kind", "morphing").field("params", params)
                .png("imageA", TestImages.png(1, DEMO_IMAGE_SIZE)).png("imageB", TestImages.png(2, DEMO_IMAGE_SIZE));
    }

    /** A synthesis job from a generated label map with these params (JSON). */
    public static Multipart synthesis(String params) {
        return Multipart.form().field("kind", "synthesis").field("params", params)
                .png("labelMap", TestImages.labelMap(DEMO_IMAGE_SIZE, DEMO_ADE20K_CLASSES));
    }

    /**
     * A transfer job: the shared worker does not take that kind, so it stays queued until it is canceled (unless a
     * test runs a transfer worker meanwhile).
     */
    public static Multipart transfer() {
        return Multipart.form().field("kind", "transfer")
                .png("structure", TestImages.png(3, DEMO_IMAGE_SIZE))
                .png("appearance", TestImages.png(4, DEMO_IMAGE_SIZE));
    }

    /**
     * A Cross-Image Attention transfer job with these params (JSON) on 64 × 64 generated images (the worker resizes
     * them to CIA's 512²); the same images every time, so a second job finds their inversions cached.
     */
    public static Multipart crossImageAttention(String params) {
        return Multipart.form().field("kind", "transfer").field("method", "cross-image-attention")
                .field("params", params)
                .png("structure", TestImages.png(3, DEMO_IMAGE_SIZE))
                .png("appearance", TestImages.png(4, DEMO_IMAGE_SIZE));
    }

    /** A Splice transfer job with these params (JSON), on 64 × 64 generated images. */
    public static Multipart splice(String params) {
        return Multipart.form().field("kind", "transfer").field("method", "splice").field("params", params)
                .png("structure", TestImages.png(3, DEMO_IMAGE_SIZE))
                .png("appearance", TestImages.png(4, DEMO_IMAGE_SIZE));
    }
}
