package dev.chimera.model.cia;

/** How the sampler computes a job: as the reference does, or with the two exact shortcuts. */
public enum SamplerPath {
    /** Every inversion step, and two batch-3 UNet passes per transfer step, as the reference runs. */
    FAITHFUL,
    /**
     * Only the inversion steps the transfer uses (from skip_steps on), and one batch-4 pass [OUT swapped, APPEARANCE,
     * STRUCTURE, OUT plain] per transfer step in place of two batch-3 passes whose appearance and structure rows agree.
     */
    SHORTCUT
}
