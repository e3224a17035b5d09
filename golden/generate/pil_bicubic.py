"""Reference resizes for ImageGeometry.resizeBicubic8Bit: what Cross-Image Attention's load_size does to an input,
Image.fromarray(rgb).resize((w, h)) with Pillow's default filter for RGB (BICUBIC), on random 8-bit pictures.

Run with Debian's python3 (Pillow 9.4, numpy): /usr/bin/python3 golden/generate/pil_bicubic.py
Writes model-core/src/test/resources/pil-bicubic/{input,down,up}.png.
"""
import pathlib

import numpy as np
from PIL import Image

out = pathlib.Path(__file__).resolve().parents[2] / "model-core/src/test/resources/pil-bicubic"
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(13)
# Smooth areas and hard edges: a gradient with random blocks and noise, so the negative lobes overshoot and clip.
y, x = np.mgrid[0:61, 0:97]
picture = np.stack([x * 2.5, y * 4.0, (x + y) * 1.6], axis=-1)
picture += rng.integers(-40, 40, size=picture.shape)
picture[10:30, 20:50] = [255, 0, 255]
picture[40:55, 60:90] = [0, 255, 0]
picture = np.clip(picture, 0, 255).astype(np.uint8)
Image.fromarray(picture).save(out / "input.png")
Image.fromarray(np.array(Image.fromarray(picture).resize((40, 23)))).save(out / "down.png")
Image.fromarray(np.array(Image.fromarray(picture).resize((150, 131)))).save(out / "up.png")
print("Pillow", Image.__version__, "->", out)
