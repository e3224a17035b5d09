package dev.chimera.model.cia;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * CIA's self-segmentation ({@code utils/segmentation.py}, from Prompt Mixing): k-means on an image's head-averaged
 * self-attention splits its r×r tokens into clusters, and a cluster belongs to the object when its mean score under
 * the object noun's cross-attention map (taken at r/2, repeated ×2, shifted by |min| and divided by max) exceeds 1.4
 * times the mean score of the other clusters (all but the best one).
 *
 * <p>The reference scores every noun NLTK tags in the prompt and keeps clusters whose best noun is the object noun;
 * CIA's prompt "A photo of a {domain}" has the domain as its only noun ("photo" is excluded), so one noun map is
 * scored here.
 */
public final class ObjectSegmentation {

    private static final double OBJECT_FACTOR = 1.4;

    private final KMeans kMeans;

    /** A segmentation that clusters with {@code kMeans}. */
    public ObjectSegmentation(KMeans kMeans) {
        this.kMeans = kMeans;
    }

    /**
     * The object mask [r, r] (int64, 1 on the object) of one image from its head-averaged self-attention [r², r²]
     * and its head-averaged cross-attention to the noun token [(r/2)²].
     */
    public NDArray mask(NDArray selfAttention, NDArray nounAttention, NDManager manager) {
        return mask(kMeans.fit(selfAttention).labels(), nounAttention, kMeans.clusters(), manager);
    }

    /** The object mask [r, r] from given cluster labels [r²] (0..clusters−1) and the noun's cross-attention. */
    public static NDArray mask(int[] labels, NDArray nounAttention, int clusters, NDManager manager) {
        int side = side(labels.length);
        double[] scores = scores(labels, nounAttention, clusters);
        boolean[] object = objectClusters(scores);
        long[] mask = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            mask[i] = object[labels[i]] ? 1 : 0;
        }
        return manager.create(mask, new Shape(side, side));
    }

    /**
     * Each cluster's mean normalised noun score ({@code cluster2noun}'s scores): the noun map [(r/2)²] repeated ×2
     * along both axes to r×r, then (m − |min m|)/max m in float32, averaged over the cluster's tokens in double.
     */
    static double[] scores(int[] labels, NDArray nounAttention, int clusters) {
        int side = side(labels.length);
        int half = side / 2;
        float[] noun = nounAttention.toType(DataType.FLOAT32, false).toFloatArray();
        if (noun.length != half * half) {
            throw new IllegalArgumentException("the noun map of an " + side + "×" + side + " segmentation must have "
                    + half * half + " values, got " + noun.length);
        }
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : noun) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] sums = new double[clusters];
        int[] counts = new int[clusters];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float normalised = (noun[(y / 2) * half + x / 2] - Math.abs(min)) / max;
                int label = labels[y * side + x];
                sums[label] += normalised;
                counts[label]++;
            }
        }
        double[] scores = new double[clusters];
        for (int c = 0; c < clusters; c++) {
            scores[c] = counts[c] == 0 ? 0 : sums[c] / counts[c];
        }
        return scores;
    }

    /** The clusters whose score exceeds 1.4 × the mean of the scores without the (first) best one. */
    static boolean[] objectClusters(double[] scores) {
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
            if (scores[c] > scores[best]) {
                best = c;
            }
        }
        double others = 0;
        for (int c = 0; c < scores.length; c++) {
            others += c == best ? 0 : scores[c];
        }
        double threshold = OBJECT_FACTOR * others / (scores.length - 1);
        boolean[] object = new boolean[scores.length];
        for (int c = 0; c < scores.length; c++) {
            object[c] = scores[c] > threshold;
        }
        return object;
    }

    private static int side(int tokens) {
        int side = (int) Math.round(Math.sqrt(tokens));
        if (side * side != tokens || side % 2 != 0) {
            throw new IllegalArgumentException("a segmentation needs an even square token grid, got " + tokens);
        }
        return side;
    }
}
