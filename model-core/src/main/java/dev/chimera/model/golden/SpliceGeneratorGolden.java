package dev.chimera.model.golden;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.chimera.model.dino.VisionTransformer;
import dev.chimera.model.dino.VitConfig;
import dev.chimera.model.splice.DinoTransform;
import dev.chimera.model.splice.SkipConfig;
import dev.chimera.model.splice.SpliceGenerator;
import dev.chimera.model.splice.SpliceLoss;
import dev.chimera.model.splice.SpliceLossConfig;
import dev.chimera.model.splice.SpliceTrainer;
import dev.chimera.model.splice.TorchAdam;
import dev.chimera.model.weights.Checkpoints;

/**
 * The golden case {@code splice-generator}: the generator's standalone train-mode forward pass {@code image}, and one
 * body of Splice's training loop on the case's fixed crops (outputs, ViT inputs, loss terms, gradients, and the
 * state dict after one Adam step), with the generator and the ViT ({@code vit.*}) built from config.json.
 */
public final class SpliceGeneratorGolden implements GoldenNetwork {

    private static final String VIT_PREFIX = "vit.";

    @Override
    public String network() {
        return "splice-generator";
    }

    @Override
    public Map<String, NDArray> run(GoldenCase goldenCase, Map<String, NDArray> weights, NDManager manager) {
        JsonNode hyperparameters = goldenCase.config().path("hyperparameters");
        SkipConfig skipConfig = SkipConfig.fromJson(hyperparameters.path("generator"));
        Map<String, NDArray> generatorWeights = Checkpoints.withoutPrefix(weights, VIT_PREFIX);

        Map<String, NDArray> computed = new LinkedHashMap<>();
        SpliceGenerator standalone = new SpliceGenerator(skipConfig);
        standalone.loadStateDict(generatorWeights, manager);
        computed.put("image", standalone.forward(new ParameterStore(manager, false), input(goldenCase, "A"), null));

        VisionTransformer vit = new VisionTransformer(VitConfig.fromJson(hyperparameters.path("vit")));
        vit.loadStateDict(Checkpoints.withPrefix(weights, VIT_PREFIX), manager);
        SpliceLoss loss = new SpliceLoss(vit, SpliceLossConfig.fromJson(hyperparameters.path("loss_config")));
        SpliceGenerator trained = new SpliceGenerator(skipConfig);
        trained.loadStateDict(generatorWeights, manager);
        ParameterStore store = new ParameterStore(manager, false);
        SpliceTrainer trainer = new SpliceTrainer(trained, loss, optimizer(hyperparameters.path("loss_config")), store);
        SpliceTrainer.StepResult step = trainer.step(new SpliceTrainer.StepInputs(input(goldenCase, "A_global"),
                input(goldenCase, "B_global"), input(goldenCase, "A"), hyperparameters.path("step").asLong()));

        computed.put("x_global", step.globalOutput());
        computed.put("y_global", step.identityOutput());
        step.losses().terms().forEach((name, value) -> computed.put("loss." + name, value));
        computed.put("loss.loss", step.losses().total());
        DinoTransform transform = loss.transform();
        computed.put("vit_in.A_global", transform.apply(input(goldenCase, "A_global")).get(0));
        computed.put("vit_in.x_global", transform.apply(step.globalOutput()).get(0));
        computed.put("vit_in.B_global", transform.apply(input(goldenCase, "B_global")).get(0));
        computed.put("vit_in.y_global", transform.apply(step.identityOutput()).get(0));
        computed.put("vit_in.A", transform.apply(input(goldenCase, "A")).get(0));
        if (step.entireOutput() != null) {
            computed.put("vit_in.x_entire", transform.apply(step.entireOutput()).get(0));
        }
        step.gradients().forEach((name, grad) -> computed.put("grad." + name, grad));
        trained.namedTensors().forEach((name, tensor) -> computed.put("after." + name, tensor.getArray()));

        Map<String, NDArray> outputs = new LinkedHashMap<>();
        for (String name : goldenCase.expected().keySet()) {
            if (computed.containsKey(name)) {
                outputs.put(name, computed.get(name));
            }
        }
        return outputs;
    }

    private static TorchAdam optimizer(JsonNode lossConfig) {
        return new TorchAdam(lossConfig.path("lr").asDouble(2e-3), lossConfig.path("optimizer_beta1").asDouble(0.0),
                lossConfig.path("optimizer_beta2").asDouble(0.99), 1e-8);
    }

    private static NDArray input(GoldenCase goldenCase, String name) {
        NDArray value = goldenCase.inputs().get(name);
        if (value == null) {
            throw new IllegalArgumentException("splice-generator case lacks input " + name);
        }
        return value;
    }
}
