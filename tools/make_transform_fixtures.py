#!/usr/bin/env python3
"""Writes nn/src/test/resources/data/bilinear.npz: PyTorch's bilinear resize on small random images, the
reference for Shears' Bilinear/Resize (torch.nn.functional.interpolate, mode="bilinear",
align_corners=False, antialias=False).

Arrays: in_K [C, H, W] float32 and out_K [C, OH, OW] float32 for each case K.
Usage: /usr/bin/python3 tools/make_transform_fixtures.py   (from the repository root; needs torch)
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "src", "test", "resources", "data")
CASES = [(1, 5, 7, 3, 4), (3, 8, 8, 16, 16), (3, 7, 5, 11, 2), (2, 32, 32, 24, 20), (1, 1, 1, 3, 2), (3, 6, 9, 6, 9)]


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(2024)
    arrays = {}
    for k, (c, h, w, oh, ow) in enumerate(CASES):
        x = rng.random((c, h, w), dtype=np.float32)
        y = F.interpolate(torch.from_numpy(x)[None], size=(oh, ow), mode="bilinear", align_corners=False)[0]
        arrays["in_%d" % k] = x
        arrays["out_%d" % k] = y.numpy().astype(np.float32)
    np.savez(os.path.join(OUT, "bilinear.npz"), **arrays)


if __name__ == "__main__":
    main()
