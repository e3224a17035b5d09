package dev.chimera.worker.pipeline;

/** An image's width and height in pixels, as its header declares them. */
record PixelSize(long width, long height) {

    long pixels() {
        return width * height;
    }

    long shorter() {
        return Math.min(width, height);
    }

    long longer() {
        return Math.max(width, height);
    }

    @Override
    public String toString() {
        return width + "×" + height;
    }
}
