package dev.chimera.model.splice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * The loss terms of one Splice step, each a scalar mean squared error, and their weighted total.
 *
 * @param terms the computed terms by LossG's names ({@code loss_global_ssim}, {@code loss_entire_ssim},
 *     {@code loss_entire_cls}, {@code loss_global_cls}, {@code loss_global_id_B}), in that order; a term whose weight
 *     is zero at this step is absent
 * @param total the weighted sum, added in that order
 */
public record LossTerms(Map<String, NDArray> terms, NDArray total) {

    /** Keeps the terms in order. */
    public LossTerms {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }
}
