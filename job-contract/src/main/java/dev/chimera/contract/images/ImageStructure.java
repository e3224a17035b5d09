package dev.chimera.contract.images;

/** How one format declares its size and when its bytes are complete. */
interface ImageStructure {

    /** Reads the declared size from the header; throws {@link ImageDefect} when the header is cut short or broken. */
    ImageHeader header(byte[] bytes);

    /** Walks the structure to its end marker; throws {@link ImageDefect} when the data is cut short or broken. */
    void requireComplete(byte[] bytes);
}
