package dev.chimera.model.golden;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.weights.HandPickle;

/**
 * A tiny golden case written on the fly for the toy network {@code y = x * scale + shift}: config.json with a
 * family output {@code grad.<parameter>}, an int64 output, per-output tolerances and one element exception; the
 * weights as DJL-written safetensors and as a hand-pickled torch zip.
 */
final class ToyCase {

    static final float[] SCALE = {0.5f, -2f, 3f};
    static final float[] SHIFT = {0.25f, 1f, -1f};
    static final float[] X = {1, 2, 3, 4, 5, 6};

    static final String CONFIG = """
            {
              "network": "toy-affine",
              "tolerance": {
                "rtol": 0.0, "atol": 1e-3,
                "per_output": { "y": { "rtol": 1e-5, "atol": 1e-4 } },
                "element_exceptions": { "y": { "flat_indices": [5], "atol": 0.5, "why": "test" } }
              },
              "outputs": { "y": {}, "grad.<parameter>": {}, "steps": {} }
            }
            """;

    private ToyCase() {
    }

    /** Writes the case into {@code dir}, with the pth file holding {@code pthScale} instead of the true scale. */
    static Path write(Path dir, NDManager manager, float[] pthScale) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), CONFIG);
        NDArray x = manager.create(X, new ai.djl.ndarray.types.Shape(2, 3));
        NDArray scale = manager.create(SCALE);
        NDArray shift = manager.create(SHIFT);
        safetensors(dir.resolve("inputs.safetensors"), Map.of("x", x));
        Map<String, NDArray> outputs = new LinkedHashMap<>();
        outputs.put("y", x.mul(scale).add(shift));
        outputs.put("grad.scale", scale.mul(2));
        outputs.put("grad.shift", shift.mul(2));
        outputs.put("steps", manager.create(3L));
        safetensors(dir.resolve("outputs.safetensors"), outputs);
        Map<String, NDArray> weights = new LinkedHashMap<>();
        weights.put("scale", scale);
        weights.put("shift", shift);
        safetensors(dir.resolve("weights.safetensors"), weights);
        writePth(dir.resolve("weights.pth"), pthScale);
        return dir;
    }

    private static void safetensors(Path file, Map<String, NDArray> tensors) throws IOException {
        NDList list = new NDList();
        tensors.forEach((name, tensor) -> {
            tensor.setName(name);
            list.add(tensor);
        });
        try (OutputStream out = Files.newOutputStream(file)) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
    }

    private static void writePth(Path file, float[] scale) {
        byte[] pickle = new HandPickle().proto2().emptyDict().mark()
                .string("scale").tensor("FloatStorage", "0", 3, 0, new long[] {3}, new long[] {1})
                .string("shift").tensor("FloatStorage", "1", 3, 0, new long[] {3}, new long[] {1})
                .setItems().stop().toBytes();
        HandPickle.zipCheckpoint(file, pickle, Map.of("0", HandPickle.littleEndianFloats(scale),
                "1", HandPickle.littleEndianFloats(SHIFT)));
    }
}
