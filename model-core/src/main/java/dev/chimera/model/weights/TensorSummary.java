package dev.chimera.model.weights;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** A checkpoint tensor described without loading it: name, stored type, shape and the float64 sum of its elements. */
public record TensorSummary(String name, DataType dataType, Shape shape, double sum) {
}
