package dev.chimera.model.golden;

import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;

/**
 * One golden case folder: its parsed config.json, its named inputs and the outputs the reference code produced.
 *
 * @param dir the case folder
 * @param config config.json
 * @param inputs inputs.safetensors by tensor name
 * @param expected outputs.safetensors by tensor name
 */
public record GoldenCase(Path dir, JsonNode config, Map<String, NDArray> inputs, Map<String, NDArray> expected) {
}
