package dev.chimera.model.cia;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

class KMeansTest {

    /** Points around {@code k} well-separated centres in {@code d} dimensions; point i belongs to centre i % k. */
    private static NDArray blobs(NDManager manager, int n, int k, int d, long seed) {
        Random random = new Random(seed);
        float[][] centres = new float[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                centres[c][j] = (float) (10 * random.nextGaussian());
            }
        }
        float[] values = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                values[i * d + j] = centres[i % k][j] + (float) (0.3 * random.nextGaussian());
            }
        }
        return manager.create(values, new Shape(n, d));
    }

    @Test
    void wellSeparatedBlobsAreRecoveredExactlyUpToTheClusterNames() {
        try (NDManager manager = NDManager.newBaseManager()) {
            int k = 5;
            KMeans.Partition partition = KMeans.segmentation(7).fit(blobs(manager, 500, k, 64, 1));

            Map<Integer, Integer> nameOfBlob = new HashMap<>();
            for (int i = 0; i < partition.labels().length; i++) {
                Integer previous = nameOfBlob.putIfAbsent(i % k, partition.labels()[i]);
                assertTrue(previous == null || previous == partition.labels()[i], "point " + i + " split its blob");
            }
            assertEquals(k, nameOfBlob.values().stream().distinct().count());
        }
    }

    @Test
    void theSameSeedGivesTheSameLabelsAndEveryClusterIsUsed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray points = manager.randomUniform(0, 1, new Shape(300, 16));
            KMeans.Partition first = new KMeans(5, 3, 100, 11).fit(points);
            KMeans.Partition second = new KMeans(5, 3, 100, 11).fit(points);

            assertArrayEquals(first.labels(), second.labels());
            // The points are the caller's and stay usable.
            assertEquals(300 * 16, points.toFloatArray().length);
            int[] counts = new int[5];
            for (int label : first.labels()) {
                counts[label]++;
            }
            for (int count : counts) {
                assertTrue(count > 0, java.util.Arrays.toString(counts));
            }
        }
    }

    @Test
    void moreRestartsNeverEndWithAHigherInertia() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray points = manager.randomUniform(0, 1, new Shape(400, 8));
            double one = new KMeans(5, 1, 300, 3).fit(points).inertia();
            double ten = new KMeans(5, 10, 300, 3).fit(points).inertia();

            assertTrue(ten <= one, ten + " > " + one);
            assertTrue(ten > 0);
        }
    }

    @Test
    void theInertiaIsTheSumOfSquaredDistancesToTheClusterMeans() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] values = {0, 0, 0, 2, 10, 10, 10, 12, 20, 0, 22, 0};
            NDArray points = manager.create(values, new Shape(6, 2));
            KMeans.Partition partition = new KMeans(3, 2, 50, 5).fit(points);

            // Pairs {(0,0),(0,2)}, {(10,10),(10,12)}, {(20,0),(22,0)}: each point is 1 from its pair's mean.
            assertEquals(6.0, partition.inertia(), 1e-4);
            assertEquals(partition.labels()[0], partition.labels()[1]);
            assertEquals(partition.labels()[2], partition.labels()[3]);
            assertEquals(partition.labels()[4], partition.labels()[5]);
        }
    }

    @Test
    void onTheMaskedAdainCasesSelfAttentionItFindsThePartitionOfTheCasesLabels() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("chimera.golden.dir"), "cia-masked-adain");
        try (NDManager manager = NDManager.newBaseManager()) {
            Map<String, NDArray> inputs = dev.chimera.model.weights.Checkpoints.read(
                    dir.resolve("inputs.safetensors"), manager);
            for (int grid : new int[] {32, 64}) {
                NDArray query = inputs.get("self." + grid + ".query");
                NDArray key = inputs.get("self." + grid + ".key");
                // The head-averaged self-attention of STYLE (batch row 1), as the sampler's capture computes it.
                NDArray q = query.get("1").reshape(grid * grid, 2, 4).transpose(1, 0, 2);
                NDArray k = key.get("1").reshape(grid * grid, 2, 4).transpose(1, 0, 2);
                NDArray features = q.matMul(k.transpose(0, 2, 1)).div((float) Math.sqrt(4)).softmax(-1)
                        .mean(new int[] {0});
                int[] expected = inputs.get("labels.style." + grid).toType(
                        ai.djl.ndarray.types.DataType.INT32, false).toIntArray();

                int[] labels = KMeans.segmentation(3).fit(features).labels();

                Map<Integer, Integer> renaming = new HashMap<>();
                for (int i = 0; i < labels.length; i++) {
                    Integer previous = renaming.putIfAbsent(expected[i], labels[i]);
                    assertTrue(previous == null || previous == labels[i], "grid " + grid + ", token " + i);
                }
                assertEquals(5, renaming.values().stream().distinct().count());
            }
        }
    }
}
