package dev.chimera.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** {@code nn.Embedding}: integer indices of any shape look up rows of {@code weight} [count, dim]. */
public final class Embedding extends UnaryModule {

    private final int count;
    private final int dim;
    private final Parameter weight;

    /** A table of {@code count} vectors of width {@code dim}, initialised N(0, 1) like torch's. */
    public Embedding(int count, int dim) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("invalid Embedding(" + count + ", " + dim + ")");
        }
        this.count = count;
        this.dim = dim;
        this.weight = parameter("weight", new Shape(count, dim), new SeededNormal(1));
    }

    /** The number of rows. */
    public int count() {
        return count;
    }

    /** The width of each row. */
    public int dim() {
        return dim;
    }

    /** The table itself, [count, dim]. */
    public NDArray weight(ParameterStore store, NDArray like) {
        return value(store, weight, like);
    }

    /**
     * Looks up {@code indices} in another table of the same width, [rows, dim]: the embedding op without this
     * module's weight, for callers that first add something to the table.
     */
    public static NDArray lookup(NDArray indices, NDArray table) {
        if (!indices.getDataType().isInteger()) {
            throw new IllegalArgumentException("embedding indices must be integers, got " + indices.getDataType());
        }
        return ai.djl.nn.core.Embedding.embedding(indices, table, SparseFormat.DENSE).singletonOrThrow();
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        return lookup(x, value(store, weight, x));
    }

    @Override
    protected Shape outputShape(Shape input) {
        return input.add(dim);
    }
}
