package dev.chimera.contract.params;

/** Adam's two moment decay rates; below 1 because Adam's bias correction divides by 1 - beta^t. */
public record AdamBetas(double beta1, double beta2) {

    /** Bounds and default of the first rate (Splice uses no momentum). */
    public static final DecimalField BETA1 = new DecimalField("beta1", 0.0, 0.0, 0.9999);
    /** Bounds and default of the second rate. */
    public static final DecimalField BETA2 = new DecimalField("beta2", 0.99, 0.0, 0.9999);

    /** Splice's betas, (0, 0.99). */
    public static AdamBetas defaults() {
        return new AdamBetas(BETA1.defaultValue(), BETA2.defaultValue());
    }

    static AdamBetas read(FieldReader reader) {
        return new AdamBetas(reader.read(BETA1), reader.read(BETA2));
    }
}
