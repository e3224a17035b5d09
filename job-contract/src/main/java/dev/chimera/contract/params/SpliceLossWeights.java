package dev.chimera.contract.params;

/**
 * The weights of Splice's loss terms: structure (self-similarity of keys), appearance (DINO CLS), identity (keys of
 * the appearance image), and the two entire-image terms added every {@code entireImageEvery} steps.
 */
public record SpliceLossWeights(
        double structure,
        double appearance,
        double identity,
        double entireImageStructure,
        double entireImageAppearance) {

    private static final double MAX_WEIGHT = 1000.0;

    /** Bounds and default of the structure weight. */
    public static final DecimalField STRUCTURE = new DecimalField("structure", 1.0, 0.0, MAX_WEIGHT);
    /** Bounds and default of the appearance weight. */
    public static final DecimalField APPEARANCE = new DecimalField("appearance", 10.0, 0.0, MAX_WEIGHT);
    /** Bounds and default of the identity weight. */
    public static final DecimalField IDENTITY = new DecimalField("identity", 1.0, 0.0, MAX_WEIGHT);
    /** Bounds and default of the entire-image structure weight. */
    public static final DecimalField ENTIRE_IMAGE_STRUCTURE =
            new DecimalField("entireImageStructure", 1.0, 0.0, MAX_WEIGHT);
    /** Bounds and default of the entire-image appearance weight. */
    public static final DecimalField ENTIRE_IMAGE_APPEARANCE =
            new DecimalField("entireImageAppearance", 10.0, 0.0, MAX_WEIGHT);

    /** The reference weights: 1, 10, 1, 1, 10. */
    public static SpliceLossWeights defaults() {
        return new SpliceLossWeights(STRUCTURE.defaultValue(), APPEARANCE.defaultValue(), IDENTITY.defaultValue(),
                ENTIRE_IMAGE_STRUCTURE.defaultValue(), ENTIRE_IMAGE_APPEARANCE.defaultValue());
    }

    static SpliceLossWeights read(FieldReader reader) {
        return new SpliceLossWeights(reader.read(STRUCTURE), reader.read(APPEARANCE), reader.read(IDENTITY),
                reader.read(ENTIRE_IMAGE_STRUCTURE), reader.read(ENTIRE_IMAGE_APPEARANCE));
    }
}
