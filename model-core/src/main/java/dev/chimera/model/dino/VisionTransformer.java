package dev.chimera.model.dino;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.chimera.model.nn.LayerNorm;
import dev.chimera.model.nn.SeededNormal;
import dev.chimera.model.nn.Sequential;
import dev.chimera.model.nn.UnaryModule;

/**
 * DINO's {@code VisionTransformer} without a head (num_classes 0), with its checkpoint names: {@code cls_token},
 * {@code pos_embed}, {@code patch_embed.proj}, {@code blocks.N.*} and {@code norm}. Its forward pass is
 * {@code model(x)}: the final norm's CLS token [B, D]; {@link #features} gives what Splice's extractor hooks read.
 */
public final class VisionTransformer extends UnaryModule {

    private final VitConfig config;
    private final Parameter clsToken;
    private final Parameter posEmbed;
    private final PatchEmbed patchEmbed;
    private final List<Block> blocks = new ArrayList<>();
    private final LayerNorm norm;

    /** A ViT of the given configuration; load DINO weights with {@link #loadStateDict}. */
    public VisionTransformer(VitConfig config) {
        this.config = config;
        int grid = config.posGrid();
        this.clsToken = parameter("cls_token", new Shape(1, 1, config.embedDim()), new SeededNormal(0.02));
        this.posEmbed = parameter("pos_embed", new Shape(1, 1 + (long) grid * grid, config.embedDim()),
                new SeededNormal(0.02));
        this.patchEmbed = register("patch_embed", new PatchEmbed(config));
        Sequential blockList = register("blocks", new Sequential());
        for (int i = 0; i < config.depth(); i++) {
            Block block = new Block(config);
            blockList.add(block);
            blocks.add(block);
        }
        this.norm = register("norm", new LayerNorm(config.embedDim(), config.layerNormEps()));
    }

    /** The configuration this ViT was built from. */
    public VitConfig config() {
        return config;
    }

    /** Patch tokens with CLS prepended and the (interpolated) position embedding added, [B, 1 + patches, D]. */
    public NDArray prepareTokens(ParameterStore store, NDArray image) {
        NDArray patches = patchEmbed.forward(store, image, null);
        long batch = patches.getShape().get(0);
        NDArray cls = value(store, clsToken, image).broadcast(batch, 1, config.embedDim());
        NDArray tokens = NDArrays.concat(new NDList(cls, patches), 1);
        return tokens.add(positionEmbedding(store, image));
    }

    /**
     * DINO's {@code interpolate_pos_encoding}: the stored embedding when the patch count matches and the image is
     * square, otherwise its patch grid resized bicubically by the factors ((H/p) + 0.1)/grid and ((W/p) + 0.1)/grid
     * (integer divisions), CLS entry unchanged; [1, 1 + patches, D].
     */
    public NDArray positionEmbedding(ParameterStore store, NDArray image) {
        NDArray stored = value(store, posEmbed, image);
        long height = image.getShape().get(2);
        long width = image.getShape().get(3);
        int rows = (int) (height / config.patchSize());
        int cols = (int) (width / config.patchSize());
        int grid = config.posGrid();
        if ((long) rows * cols == (long) grid * grid && height == width) {
            return stored;
        }
        int dim = config.embedDim();
        NDArray patchGrid = stored.get(new NDIndex("0, 1:")).reshape(grid, grid, dim);
        NDArray resized = BicubicResize.resize(patchGrid, rows, cols, (rows + 0.1) / grid, (cols + 0.1) / grid);
        return NDArrays.concat(new NDList(stored.get(new NDIndex(":, :1")),
                resized.reshape(1, (long) rows * cols, dim)), 1);
    }

    /** One pass over a single image [1, C, H, W] that keeps the last block's keys and output. */
    public VitFeatures features(ParameterStore store, NDArray image) {
        if (image.getShape().get(0) != 1) {
            throw new IllegalArgumentException("ViT features take one image, got a batch " + image.getShape());
        }
        outputShape(image.getShape());
        NDArray x = prepareTokens(store, image);
        for (int i = 0; i < blocks.size() - 1; i++) {
            x = blocks.get(i).forward(store, x, null);
        }
        Block.Output last = blocks.get(blocks.size() - 1).forwardWithQkv(store, x);
        long tokens = x.getShape().get(1);
        NDArray keys = last.qkv().reshape(tokens, 3, config.numHeads(), config.headDim()).transpose(1, 2, 0, 3).get(1);
        return new VitFeatures(keys, last.tokens());
    }

    @Override
    protected NDArray apply(ParameterStore store, NDArray x, PairList<String, Object> params) {
        outputShape(x.getShape());
        NDArray tokens = prepareTokens(store, x);
        for (Block block : blocks) {
            tokens = block.forward(store, tokens, params);
        }
        return norm.forward(store, tokens, params).get(new NDIndex(":, 0"));
    }

    @Override
    protected Shape outputShape(Shape input) {
        requireImageBatch(input, config.inChans(), "VisionTransformer");
        if (input.get(2) < config.patchSize() || input.get(3) < config.patchSize()) {
            throw new IllegalArgumentException("VisionTransformer needs at least one " + config.patchSize()
                    + "-pixel patch, got " + input);
        }
        return new Shape(input.get(0), config.embedDim());
    }
}
