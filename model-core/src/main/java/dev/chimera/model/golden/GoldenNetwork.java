package dev.chimera.model.golden;

import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** One network the golden harness can check: builds it from a case's config.json and computes the case's outputs. */
public interface GoldenNetwork {

    /** The value of config.json's {@code network} field that this class handles, e.g. {@code crossbreed-generator}. */
    String network();

    /**
     * Builds the network from {@code goldenCase.config()} and the weight shapes, loads {@code weights} (a checkpoint
     * read by the weights package: flat, dotted reference names, spectral norm NOT yet folded, nested dicts flattened
     * with their key as prefix such as {@code G.}), runs the case's inputs and returns every output named in
     * config.json's {@code outputs}, by that name.
     */
    Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager);
}
