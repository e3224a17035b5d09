package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;

/** Receives a Cross-Image Attention job's progress: every finished step of every stage, and previews. */
public interface CiaProgress {

    /** Reports nothing. */
    CiaProgress NONE = new CiaProgress() {
        @Override
        public void step(Stage stage, int done, int total) {
        }

        @Override
        public void preview(int done, int total, NDArray image) {
        }
    };

    /** Step {@code done} of {@code total} of {@code stage} has finished. */
    void step(Stage stage, int done, int total);

    /**
     * The output as it stands after transfer iteration {@code done} of {@code total}: row 0's latent decoded,
     * [3, H, W] in [0, 1], valid only during the call.
     */
    void preview(int done, int total, NDArray image);
}
