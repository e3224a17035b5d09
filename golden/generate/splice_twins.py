"""Builds Splice reference twins: one training-loop body of omerbt/Splice on a tiny DINO ViT, in float32 and float64.

Usage: python3 splice_twins.py --splice SPLICE_CHECKOUT --dino DINO_CHECKOUT --out CASES_DIR [--only NAME ...]

The reference code is imported unchanged from the two checkouts (omerbt/Splice 12e0146, facebookresearch/dino
7c446df). Only glue is added: torch.hub.load returns the tiny ViT, VitExtractor's name-derived constants (heads,
width, layer 11) become the tiny model's, and the dataset's random crops are replaced by fixed ones. Each case is
written in the layout of golden/README.md, with tolerances from the float64 replay.
"""
import argparse
import copy
import json
import math
import os
import sys
from functools import partial

import numpy as np
import torch

from safetensors_io import save_safetensors

TWINS = {
    # Three levels, a 39-px A crop and a 36-px B crop (an inner Concat crops), DINO resize enlarging both crops.
    "splice-generator-deep": dict(
        generator=dict(down=[4, 8, 8], skip=[2, 2, 2]),
        vit=dict(depth=3, num_heads=4, embed_dim=32, patch_size=8, img_size=32, mlp_ratio=2.0),
        a_shape=(40, 48), b_shape=(44, 36), a_crop=(1, 5, 39), b_crop=(3, 0, 36),
        dino_size=40, step=1, seeds=(7101, 7102, 7103)),
    # Five levels like the published generator ([8, 16, 32, 64, 128], skip 4 each, scaled down), odd non-square
    # images, crops at several inner levels, a DINO resize that shrinks the crops and enlarges nothing.
    "splice-generator-five-levels": dict(
        generator=dict(down=[4, 6, 6, 8, 8], skip=[2, 2, 2, 2, 2]),
        vit=dict(depth=4, num_heads=4, embed_dim=32, patch_size=8, img_size=32, mlp_ratio=2.0),
        a_shape=(99, 122), b_shape=(104, 95), a_crop=(2, 11, 97), b_crop=(5, 1, 93),
        dino_size=48, step=1, perturbation=0.25, seeds=(7201, 7202, 7203)),
    # Four levels, nearest upsampling is not Splice's default, so keep bilinear; a step past warm-up without the
    # entire image (entire_A_every 75, step 2): only the crop terms are on.
    "splice-generator-four-levels": dict(
        generator=dict(down=[4, 8, 8, 8], skip=[2, 2, 2, 2]),
        vit=dict(depth=3, num_heads=4, embed_dim=48, patch_size=8, img_size=32, mlp_ratio=2.0),
        a_shape=(53, 45), b_shape=(50, 58), a_crop=(3, 1, 43), b_crop=(0, 7, 49),
        dino_size=56, step=2, entire_every=75, seeds=(7301, 7302, 7303)),
}


TINY_VIT = {}


def load_reference(splice_dir, dino_dir):
    sys.path.insert(0, dino_dir)
    import vision_transformer as dino_vits  # noqa: E402  (DINO's own file)
    sys.path.insert(0, splice_dir)
    from models.unet.skip import skip  # noqa: E402
    from models import networks  # noqa: E402
    from models.model import Model  # noqa: E402
    from models.extractor import VitExtractor  # noqa: E402
    from util import losses  # noqa: E402
    from util.util import get_optimizer  # noqa: E402

    # Glue: the tiny ViT instead of torch.hub's download, and its own constants instead of those Splice derives from
    # the model's name (heads, width, patch size) and layer 11 (the last block of ViT-B).
    torch.hub.load = lambda *args, **kwargs: copy.deepcopy(TINY_VIT["model"])
    VitExtractor.get_head_num = lambda self: TINY_VIT["spec"]["num_heads"]
    VitExtractor.get_embedding_dim = lambda self: TINY_VIT["spec"]["embed_dim"]
    VitExtractor.get_patch_size = lambda self: TINY_VIT["spec"]["patch_size"]
    keys_from_input = VitExtractor.get_keys_from_input
    VitExtractor.get_keys_from_input = lambda self, input_img, layer_num: keys_from_input(
        self, input_img, TINY_VIT["spec"]["depth"] - 1 if layer_num == 11 else layer_num)
    return dino_vits, skip, networks, Model, VitExtractor, losses, get_optimizer


def tiny_vit(dino_vits, spec):
    return dino_vits.VisionTransformer(img_size=[spec["img_size"]], patch_size=spec["patch_size"],
                                       embed_dim=spec["embed_dim"], depth=spec["depth"],
                                       num_heads=spec["num_heads"], mlp_ratio=spec["mlp_ratio"], qkv_bias=True,
                                       norm_layer=partial(torch.nn.LayerNorm, eps=1e-6))


def perturb(state, seed, scale):
    """Random values of a realistic spread, so that no tensor keeps its trivial initial value."""
    g = torch.Generator().manual_seed(seed)
    out = {}
    for name, t in state.items():
        if t.dtype == torch.int64:
            out[name] = torch.randint(0, 50, t.shape, generator=g, dtype=torch.int64)
            continue
        rms = float(t.pow(2).mean().sqrt()) if t.numel() else 0.0
        if name.endswith("running_var"):
            out[name] = t * torch.exp(0.25 * torch.randn(t.shape, generator=g))
        elif name.endswith("running_mean"):
            out[name] = t + 0.1 * torch.randn(t.shape, generator=g)
        elif t.dim() >= 2:
            out[name] = t + scale * (8 * rms + 1e-3) * torch.randn(t.shape, generator=g)
        else:
            out[name] = t + (0.05 + 0.3 * rms) * torch.randn(t.shape, generator=g)
    return out


def vit_weights(vit, seed):
    g = torch.Generator().manual_seed(seed)
    out = {}
    for name, t in vit.state_dict().items():
        if name.endswith("norm.weight") or ".norm1.weight" in name or ".norm2.weight" in name:
            out[name] = 1 + 0.1 * torch.randn(t.shape, generator=g)
        elif t.dim() >= 2 and name not in ("cls_token", "pos_embed"):
            fan_in = t[0].numel()
            out[name] = torch.randn(t.shape, generator=g) / math.sqrt(fan_in)
        else:
            out[name] = 0.3 * torch.randn(t.shape, generator=g)
    return out


def run_case(ref, spec, dtype):
    dino_vits, skip, networks, Model, VitExtractor, losses, get_optimizer = ref
    torch.manual_seed(spec["seeds"][0])
    gen = spec["generator"]
    net = skip(num_channels_down=gen["down"], num_channels_up=gen["down"], num_channels_skip=gen["skip"])
    networks.init_weights(net, "xavier", 0.02)
    g_state = perturb(net.state_dict(), spec["seeds"][1], spec.get("perturbation", 1.0))
    vit = tiny_vit(dino_vits, spec["vit"])
    v_state = vit_weights(vit, spec["seeds"][1] + 1)
    vit.load_state_dict(v_state)
    TINY_VIT["model"] = vit
    TINY_VIT["spec"] = spec["vit"]

    gi = torch.Generator().manual_seed(spec["seeds"][2])
    image_a = torch.rand((1, 3) + spec["a_shape"], generator=gi)
    image_b = torch.rand((1, 3) + spec["b_shape"], generator=gi)
    at, al, asz = spec["a_crop"]
    bt, bl, bsz = spec["b_crop"]
    a_global = image_a[:, :, at:at + asz, al:al + asz].clone()
    b_global = image_b[:, :, bt:bt + bsz, bl:bl + bsz].clone()

    cfg = dict(cls_warmup=1, dino_global_patch_size=spec["dino_size"], dino_model_name="dino_vitb8",
               entire_A_every=spec.get("entire_every", 1), init_gain=0.02, init_type="xavier",
               lambda_entire_cls=10, lambda_entire_ssim=1.0, lambda_global_cls=10.0, lambda_global_identity=1.0,
               lambda_global_ssim=1.0, lr=0.002, optimizer="adam", optimizer_beta1=0.0, optimizer_beta2=0.99)
    losses.device = torch.device("cpu")
    criterion = losses.LossG(cfg)
    criterion.extractor.model = criterion.extractor.model.to(dtype)
    # LossG switches its terms on as the steps pass; replay the earlier steps' schedule as a run would have.
    for earlier in range(spec["step"]):
        criterion.update_lambda_config(earlier)

    net.load_state_dict(g_state)
    networks.define_G = lambda init_type, init_gain: net
    model = Model(cfg).to(dtype)

    standalone = copy.deepcopy(net)
    image = standalone(image_a.to(dtype))

    inputs = {"A": image_a.to(dtype), "A_global": a_global.to(dtype), "B_global": b_global.to(dtype),
              "step": torch.zeros(1) + spec["step"]}
    optimizer = get_optimizer(cfg, model.netG.parameters())
    # The dataset yields A only on steps that use the entire image.
    if spec["step"] % cfg["entire_A_every"] != 0:
        del inputs["A"]
    optimizer.zero_grad()
    outputs = model(inputs)
    loss_terms = criterion(outputs, inputs)
    loss_terms["loss"].backward()
    grads = {"grad." + n: p.grad.detach().clone() for n, p in model.netG.named_parameters()}
    optimizer.step()

    transform = criterion.global_transform
    result = {"image": image.detach()}
    result["x_global"] = outputs["x_global"].detach()
    result["y_global"] = outputs["y_global"].detach()
    for name, value in loss_terms.items():
        result["loss." + name] = value.detach().reshape(())
    result["vit_in.A_global"] = transform(a_global.to(dtype)[0])
    result["vit_in.x_global"] = transform(outputs["x_global"].detach()[0])
    result["vit_in.B_global"] = transform(b_global.to(dtype)[0])
    result["vit_in.y_global"] = transform(outputs["y_global"].detach()[0])
    result["vit_in.A"] = transform(image_a.to(dtype)[0])
    if "x_entire" in outputs:
        result["vit_in.x_entire"] = transform(outputs["x_entire"].detach()[0])
    result.update(grads)
    for name, value in model.netG.state_dict().items():
        result["after." + name] = value.detach().clone()
    weights = dict(g_state)
    weights.update({"vit." + k: v for k, v in v_state.items()})
    case_inputs = {"A": image_a, "B": image_b, "A_global": a_global, "B_global": b_global}
    return weights, case_inputs, result, cfg


def tolerances(spec, f32, f64, lr):
    per_output = {}
    exceptions = {}
    measured = {}
    for name, value in f32.items():
        if value.dtype == torch.int64:
            per_output[name] = {"rtol": 0.0, "atol": 0.0}
            continue
        diff = float((value.double() - f64[name].double()).abs().max()) if value.numel() else 0.0
        measured[name] = diff
        atol = max(1e-5, float("%.1g" % (20 * diff)) if diff > 0 else 0.0)
        per_output[name] = {"rtol": 1e-5, "atol": atol}
    for name in f32:
        if not name.startswith("after.") or f32[name].dtype == torch.int64:
            continue
        grad_name = "grad." + name[len("after."):]
        if grad_name not in f32:
            continue
        band = 2 * (per_output[grad_name]["atol"] + 1e-5 * f64[grad_name].abs())
        fragile = ((f64[grad_name].abs() <= band) | (f32[grad_name].abs() <= band)).flatten().nonzero().flatten()
        if len(fragile):
            exceptions[name] = {"flat_indices": [int(i) for i in fragile], "atol": round(2.1 * lr, 6),
                                "why": "|grad| within 2x its tolerance of 0 -> sign of the Adam step not robust"}
    return per_output, exceptions, measured


def write_case(out_dir, name, spec, splice_commit, dino_commit, ref):
    weights, inputs, f32, cfg = run_case(ref, spec, torch.float32)
    _, _, f64, _ = run_case(ref, spec, torch.float64)
    per_output, exceptions, measured = tolerances(spec, f32, f64, cfg["lr"])
    case = os.path.join(out_dir, name)
    os.makedirs(case, exist_ok=True)
    save_safetensors(weights, os.path.join(case, "weights.safetensors"))
    torch.save(weights, os.path.join(case, "weights.pth"))
    save_safetensors(inputs, os.path.join(case, "inputs.safetensors"))
    save_safetensors({k: v.contiguous() for k, v in f32.items()}, os.path.join(case, "outputs.safetensors"))
    gen = spec["generator"]
    vit = spec["vit"]
    config = {
        "network": "splice-generator",
        "variant": name,
        "reference": "omerbt/Splice@" + splice_commit + " models/unet/skip.py:skip, models/networks.py:init_weights, "
                     "models/model.py:Model.forward, util/losses.py:LossG, models/extractor.py:VitExtractor, "
                     "util/util.py:get_optimizer; facebookresearch/dino@" + dino_commit + " vision_transformer.py",
        "hyperparameters": {
            "generator": {
                "num_input_channels": 3, "num_output_channels": 3,
                "num_channels_down": gen["down"], "num_channels_up": gen["down"], "num_channels_skip": gen["skip"],
                "filter_size_down": 3, "filter_size_up": 3, "filter_skip_size": 1, "need_sigmoid": True,
                "need_tanh": False, "need_bias": True, "pad": "zero", "upsample_mode": "bilinear",
                "downsample_mode": "stride", "act_fun": "LeakyReLU(0.2)", "need1x1_up": True,
                "batchnorm": {"eps": 1e-05, "momentum": 0.1, "affine": True, "track_running_stats": True},
            },
            "vit": {"img_size": vit["img_size"], "patch_size": vit["patch_size"], "in_chans": 3,
                    "embed_dim": vit["embed_dim"], "depth": vit["depth"], "num_heads": vit["num_heads"],
                    "mlp_ratio": vit["mlp_ratio"], "qkv_bias": True, "layer_norm_eps": 1e-06},
            "loss_config": cfg,
            "step": spec["step"],
        },
        "mode": "train: the generator is never put in eval(); the ViT is in eval()",
        "tolerance": {"rtol": 1e-5, "atol": 0.002, "per_output": per_output, "element_exceptions": exceptions},
        "seeds": {"torch_init": spec["seeds"][0], "perturb": spec["seeds"][1], "inputs": spec["seeds"][2]},
        "inputs": {k: {"shape": list(v.shape), "dtype": "float32"} for k, v in inputs.items()},
        "outputs": {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", ""),
                        "f32_vs_f64_maxabs": measured.get(k, 0.0)} for k, v in f32.items()},
        "description": "One body of Splice's training loop at dataset step %d with fixed crops A[%d:%d, %d:%d] and "
                       "B[%d:%d, %d:%d]; DINO transform Resize(%d, max_size=480) + ImageNet Normalize on a tiny "
                       "DINO ViT (last block instead of block 11). Outputs as in splice-generator: image = G(A), "
                       "x_global, y_global, loss.*, vit_in.*, grad.*, after.* (one fresh Adam step)." % (
                           spec["step"], spec["a_crop"][0], spec["a_crop"][0] + spec["a_crop"][2], spec["a_crop"][1],
                           spec["a_crop"][1] + spec["a_crop"][2], spec["b_crop"][0],
                           spec["b_crop"][0] + spec["b_crop"][2], spec["b_crop"][1],
                           spec["b_crop"][1] + spec["b_crop"][2], spec["dino_size"]),
        "generated_with": {"torch": torch.__version__, "numpy": np.__version__, "device": "CPU", "threads": 1,
                           "script": "golden/generate/splice_twins.py"},
    }
    with open(os.path.join(case, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
    worst = max(measured.values())
    print("%s: %d outputs, largest float32-float64 difference %.3g" % (name, len(f32), worst))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--splice", required=True)
    parser.add_argument("--dino", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--splice-commit", default="12e014670fed33e75ad723a7c8ed0b094d4516ea")
    parser.add_argument("--dino-commit", default="7c446df5b9f45747937fb0d72314eb9f7b66930a")
    parser.add_argument("--only", nargs="*")
    args = parser.parse_args()
    torch.set_num_threads(1)
    ref = load_reference(os.path.abspath(args.splice), os.path.abspath(args.dino))
    for name, spec in TWINS.items():
        if args.only and name not in args.only:
            continue
        write_case(args.out, name, spec, args.splice_commit, args.dino_commit, ref)


if __name__ == "__main__":
    main()
