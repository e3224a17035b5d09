package dev.chimera.model.splice;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.chimera.model.dino.VisionTransformer;

/**
 * The complete state of a {@link SpliceTraining} as one zip: {@code generator.safetensors} (the generator's state
 * dict by its reference keys, BatchNorm running statistics and int64 {@code num_batches_tracked} included),
 * {@code optimizer.safetensors} ({@code exp_avg.<key>} and {@code exp_avg_sq.<key>} per trainable tensor) and
 * {@code state.json} ({@code format}, {@code step}, {@code adam_steps}, {@code random_state}: the four xoshiro256**
 * words, and {@code loss_history}: one object of loss terms per step, floats widened to doubles so they read back
 * bit-exact). The ViT and the two images are not part of it: they are the job's inputs.
 */
public final class SpliceCheckpoint {

    private static final int FORMAT = 1;
    private static final String GENERATOR = "generator.safetensors";
    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final String STATE = "state.json";
    private static final String EXP_AVG = "exp_avg.";
    private static final String EXP_AVG_SQ = "exp_avg_sq.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpliceCheckpoint() {
    }

    /** The training's state as checkpoint bytes. */
    public static byte[] write(SpliceTraining training) {
        NDList generator = new NDList();
        training.generator().namedTensors().forEach((name, p) -> generator.add(named(p.getArray(), name)));
        NDList optimizer = new NDList();
        training.adam().expAvg().forEach((name, m) -> optimizer.add(named(m, EXP_AVG + name)));
        training.adam().expAvgSq().forEach((name, v) -> optimizer.add(named(v, EXP_AVG_SQ + name)));

        ObjectNode state = JSON.createObjectNode();
        state.put("format", FORMAT);
        state.put("step", training.step());
        state.put("adam_steps", training.adam().steps());
        ArrayNode random = state.putArray("random_state");
        for (long word : training.randomState()) {
            random.add(word);
        }
        ArrayNode history = state.putArray("loss_history");
        for (Map<String, Float> losses : training.lossHistory()) {
            ObjectNode record = history.addObject();
            losses.forEach((name, value) -> record.put(name, (double) value));
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                entry(zip, GENERATOR, generator.encode(NDList.Encoding.SAFETENSORS));
                entry(zip, OPTIMIZER, optimizer.encode(NDList.Encoding.SAFETENSORS));
                entry(zip, STATE, JSON.writeValueAsBytes(state));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Splice checkpoint in memory", e);
        }
    }

    /**
     * A training against the frozen {@code vit} restored from checkpoint bytes: a new generator of
     * {@code skipConfig} and {@code adam}, a fresh optimiser with the hyperparameters of the checkpointed one, whose
     * state the checkpoint restores, all owned by a sub-manager of {@code manager}, continuing exactly where the
     * checkpointed training stopped.
     */
    public static SpliceTraining restore(byte[] checkpoint, SkipConfig skipConfig, VisionTransformer vit,
            SpliceLossConfig lossConfig, TorchAdam adam, NDArray imageA, NDArray imageB, NDManager manager)
            throws IOException {
        Map<String, byte[]> entries = entries(checkpoint);
        JsonNode state = JSON.readTree(entries.get(STATE));
        if (state.path("format").asInt() != FORMAT) {
            throw new IOException("unsupported Splice checkpoint format " + state.path("format"));
        }
        SpliceGenerator generator = new SpliceGenerator(skipConfig);
        NDManager owned = manager.newSubManager();
        try (NDManager scratch = manager.newSubManager()) {
            generator.loadStateDict(tensors(entries.get(GENERATOR), scratch), owned);
        }
        Map<String, NDArray> expAvg = new LinkedHashMap<>();
        Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
        tensors(entries.get(OPTIMIZER), owned).forEach((name, array) -> {
            if (name.startsWith(EXP_AVG_SQ)) {
                expAvgSq.put(name.substring(EXP_AVG_SQ.length()), array);
            } else if (name.startsWith(EXP_AVG)) {
                expAvg.put(name.substring(EXP_AVG.length()), array);
            } else {
                throw new IllegalArgumentException("unexpected optimizer tensor " + name);
            }
        });
        adam.restore(state.path("adam_steps").asLong(), expAvg, expAvgSq);

        long[] random = new long[state.path("random_state").size()];
        for (int i = 0; i < random.length; i++) {
            random[i] = state.path("random_state").get(i).asLong();
        }
        List<Map<String, Float>> history = new ArrayList<>();
        for (JsonNode record : state.path("loss_history")) {
            Map<String, Float> losses = new LinkedHashMap<>();
            record.fields().forEachRemaining(e -> losses.put(e.getKey(), (float) e.getValue().doubleValue()));
            history.add(losses);
        }
        return new SpliceTraining(generator, vit, lossConfig, adam, imageA, imageB, owned,
                SpliceRandom.fromState(random),
                state.path("step").asLong(), history);
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static Map<String, byte[]> entries(byte[] checkpoint) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(checkpoint))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        for (String required : List.of(GENERATOR, OPTIMIZER, STATE)) {
            if (!entries.containsKey(required)) {
                throw new IOException("Splice checkpoint lacks " + required);
            }
        }
        return entries;
    }

    private static Map<String, NDArray> tensors(byte[] safetensors, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (NDArray array : NDList.decode(manager, safetensors)) {
            out.put(array.getName(), array);
        }
        return out;
    }
}
