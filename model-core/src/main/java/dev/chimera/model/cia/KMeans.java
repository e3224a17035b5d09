package dev.chimera.model.cia;

import java.util.Arrays;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Lloyd's k-means with k-means++ seeding and several restarts, keeping the partition of least inertia (what CIA asks
 * of scikit-learn's {@code KMeans(n_clusters=5, n_init=10)}), deterministic for a seed. Distances are computed as
 * ‖x‖² − 2x·c + ‖c‖² with matrix products, so thousands of points of thousands of dimensions cost little.
 */
public final class KMeans {

    private final int clusters;
    private final int restarts;
    private final int maxIterations;
    private final long seed;

    /**
     * A k-means of {@code clusters} clusters, the best of {@code restarts} seedings, each iterated until no label
     * changes or {@code maxIterations} times, with seedings drawn from {@code seed}.
     */
    public KMeans(int clusters, int restarts, int maxIterations, long seed) {
        if (clusters < 1 || restarts < 1 || maxIterations < 1) {
            throw new IllegalArgumentException("clusters, restarts and iterations must be positive");
        }
        this.clusters = clusters;
        this.restarts = restarts;
        this.maxIterations = maxIterations;
        this.seed = seed;
    }

    /** CIA's choice: 5 clusters, 10 restarts, at most 300 iterations (scikit-learn's default). */
    public static KMeans segmentation(long seed) {
        return new KMeans(5, 10, 300, seed);
    }

    /** The number of clusters. */
    public int clusters() {
        return clusters;
    }

    /**
     * A partition of points into clusters.
     *
     * @param labels the cluster of each point, 0..k−1, every cluster non-empty
     * @param inertia the sum of squared distances of the points to their cluster's mean
     */
    public record Partition(int[] labels, double inertia) {
    }

    /** Clusters the rows of {@code points} [n, d] (n ≥ k). */
    public Partition fit(NDArray points) {
        Shape shape = points.getShape();
        if (shape.dimension() != 2 || shape.get(0) < clusters) {
            throw new IllegalArgumentException("k-means of " + clusters + " clusters needs [n >= " + clusters
                    + ", d] points, got " + shape);
        }
        try (NDManager scope = points.getManager().newSubManager()) {
            // A copy the scope owns: toType to the same type would hand back the caller's array itself.
            NDArray x = points.getDataType() == DataType.FLOAT32 ? points.duplicate()
                    : points.toType(DataType.FLOAT32, false);
            x.attach(scope);
            float[] squaredNorms = x.square().sum(new int[] {1}).toFloatArray();
            SplittableRandom random = new SplittableRandom(seed);
            Partition best = null;
            for (int restart = 0; restart < restarts; restart++) {
                Partition candidate = lloyd(x, squaredNorms, seeding(x, squaredNorms, random.split()));
                if (best == null || candidate.inertia() < best.inertia()) {
                    best = candidate;
                }
            }
            return best;
        }
    }

    /** k-means++: the first centre uniformly, each next one with probability ∝ squared distance to the nearest. */
    private int[] seeding(NDArray x, float[] squaredNorms, SplittableRandom random) {
        int n = squaredNorms.length;
        int[] chosen = new int[clusters];
        chosen[0] = random.nextInt(n);
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int c = 1; c < clusters; c++) {
            float[] toLatest;
            try (NDArray latest = x.get(chosen[c - 1]).expandDims(0)) {
                toLatest = distancesTo(x, squaredNorms, latest);
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], Math.max(0, toLatest[i]));
                total += nearest[i];
            }
            chosen[c] = total > 0 ? pick(nearest, total * random.nextDouble()) : random.nextInt(n);
        }
        return chosen;
    }

    private static int pick(double[] weights, double target) {
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i];
            if (running > target && weights[i] > 0) {
                return i;
            }
        }
        for (int i = weights.length - 1; i >= 0; i--) {
            if (weights[i] > 0) {
                return i;
            }
        }
        return 0;
    }

    private Partition lloyd(NDArray x, float[] squaredNorms, int[] seeds) {
        int n = squaredNorms.length;
        NDList rows = new NDList();
        for (int index : seeds) {
            rows.add(x.get(index));
        }
        NDArray centres = NDArrays.stack(rows);
        rows.close();
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        double inertia = Double.POSITIVE_INFINITY;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            float[] distances = distancesTo(x, squaredNorms, centres);
            boolean changed = false;
            inertia = 0;
            double[] own = new double[n];
            for (int i = 0; i < n; i++) {
                int label = 0;
                for (int c = 1; c < clusters; c++) {
                    if (distances[i * clusters + c] < distances[i * clusters + label]) {
                        label = c;
                    }
                }
                own[i] = Math.max(0, distances[i * clusters + label]);
                inertia += own[i];
                changed |= label != labels[i];
                labels[i] = label;
            }
            relocateEmptyClusters(labels, own);
            if (!changed && iteration > 0) {
                break;
            }
            NDArray previous = centres;
            centres = means(x, labels);
            previous.close();
        }
        return new Partition(labels, inertia);
    }

    /** An empty cluster takes the point farthest from its own centre, as scikit-learn relocates them. */
    private void relocateEmptyClusters(int[] labels, double[] own) {
        int[] counts = new int[clusters];
        for (int label : labels) {
            counts[label]++;
        }
        for (int c = 0; c < clusters; c++) {
            if (counts[c] == 0) {
                int farthest = -1;
                for (int i = 0; i < labels.length; i++) {
                    if (counts[labels[i]] > 1 && (farthest < 0 || own[i] > own[farthest])) {
                        farthest = i;
                    }
                }
                counts[labels[farthest]]--;
                labels[farthest] = c;
                own[farthest] = 0;
                counts[c] = 1;
            }
        }
    }

    /** The mean of each cluster's points, [k, d]. */
    private NDArray means(NDArray x, int[] labels) {
        int n = labels.length;
        float[] oneHot = new float[clusters * n];
        int[] counts = new int[clusters];
        for (int i = 0; i < n; i++) {
            oneHot[labels[i] * n + i] = 1f;
            counts[labels[i]]++;
        }
        float[] inverseCounts = new float[clusters];
        for (int c = 0; c < clusters; c++) {
            inverseCounts[c] = 1f / counts[c];
        }
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray sums = scope.create(oneHot, new Shape(clusters, n)).matMul(x);
            NDArray means = sums.mul(scope.create(inverseCounts, new Shape(clusters, 1)));
            means.attach(x.getManager());
            return means;
        }
    }

    /** Squared distances of every point to every centre [m, d], row-major [n, m]. */
    private static float[] distancesTo(NDArray x, float[] squaredNorms, NDArray centres) {
        try (NDManager scope = x.getManager().newSubManager()) {
            centres.tempAttach(scope);
            NDArray products = x.matMul(centres.transpose());
            products.attach(scope);
            NDArray centreNorms = centres.square().sum(new int[] {1}).expandDims(0);
            float[] distances = centreNorms.sub(products.mul(2f)).toFloatArray();
            int m = (int) centres.getShape().get(0);
            for (int i = 0; i < squaredNorms.length; i++) {
                for (int c = 0; c < m; c++) {
                    distances[i * m + c] += squaredNorms[i];
                }
            }
            return distances;
        }
    }
}
