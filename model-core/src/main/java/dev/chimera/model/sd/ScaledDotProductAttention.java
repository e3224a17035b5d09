package dev.chimera.model.sd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * softmax(Q Kᵀ / √d) V per head, over chunks of query rows so that the whole [B, heads, N, M] probability map never
 * exists at once (at SD's 64² level it is 1.5 GiB at batch 3); each row's result does not depend on the chunking.
 */
public final class ScaledDotProductAttention {

    /** Probabilities held at once, in elements: 64 MiB of float32. */
    public static final long CHUNK_ELEMENTS = 1L << 24;

    private ScaledDotProductAttention() {
    }

    /** The attention output [B, tokens, inner] of {@code call}, with {@code edit} applied to the probabilities. */
    public static NDArray attend(AttentionCall call, ProbabilityEdit edit) {
        long rows = chunkRows(call.query().getShape(), call.heads(), call.key().getShape().get(1));
        return attend(call.query(), call.key(), call.value(), call.heads(), rows, edit);
    }

    /**
     * The attention output [B, N, inner] of queries [B, N, inner] over keys and values [B, M, inner] split into
     * {@code heads} heads, computing {@code chunkRows} query rows at a time.
     */
    public static NDArray attend(NDArray query, NDArray key, NDArray value, int heads, long chunkRows,
            ProbabilityEdit edit) {
        long batch = query.getShape().get(0);
        long tokens = query.getShape().get(1);
        long inner = query.getShape().get(2);
        NDArray q = splitHeads(query, heads);
        NDArray kT = splitHeads(key, heads).transpose(0, 1, 3, 2);
        NDArray v = splitHeads(value, heads);
        float scale = (float) Math.sqrt(inner / heads);
        NDManager owner = query.getManager();
        NDList chunks = new NDList();
        for (long start = 0; start < tokens; start += chunkRows) {
            long end = Math.min(tokens, start + chunkRows);
            try (NDManager scope = owner.newSubManager()) {
                NDArray rows = q.get(new NDIndex(":, :, {}:{}", start, end));
                rows.attach(scope);
                NDArray probabilities = rows.matMul(kT).div(scale).softmax(-1);
                NDArray out = edit.apply(probabilities, start).matMul(v);
                out.attach(owner);
                chunks.add(out);
            }
        }
        NDArray merged = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 2);
        if (chunks.size() > 1) {
            chunks.close();
        }
        return merged.transpose(0, 2, 1, 3).reshape(batch, tokens, inner);
    }

    /**
     * The mean over the keys of every query row's probabilities, [B, heads, N], for queries [B, N, inner] and keys
     * [B, M, inner], computed {@code chunkRows} query rows at a time.
     */
    public static NDArray probabilityRowMeans(NDArray query, NDArray key, int heads, long chunkRows) {
        long tokens = query.getShape().get(1);
        NDArray q = splitHeads(query, heads);
        NDArray kT = splitHeads(key, heads).transpose(0, 1, 3, 2);
        float scale = (float) Math.sqrt(query.getShape().get(2) / heads);
        NDManager owner = query.getManager();
        NDList chunks = new NDList();
        for (long start = 0; start < tokens; start += chunkRows) {
            long end = Math.min(tokens, start + chunkRows);
            try (NDManager scope = owner.newSubManager()) {
                NDArray rows = q.get(new NDIndex(":, :, {}:{}", start, end));
                rows.attach(scope);
                NDArray means = rows.matMul(kT).div(scale).softmax(-1).mean(new int[] {-1});
                means.attach(owner);
                chunks.add(means);
            }
        }
        NDArray merged = chunks.size() == 1 ? chunks.get(0) : NDArrays.concat(chunks, 2);
        if (chunks.size() > 1) {
            chunks.close();
        }
        return merged;
    }

    /** The number of query rows per chunk for queries [B, N, inner] against {@code keys} keys. */
    public static long chunkRows(Shape query, int heads, long keys) {
        return Math.max(1, CHUNK_ELEMENTS / (query.get(0) * heads * keys));
    }

    /** [B, N, heads·d] to [B, heads, N, d]. */
    static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        return x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads).transpose(0, 2, 1, 3);
    }
}
