#!/usr/bin/python3
"""PyTorch peer of experiments/.../bench/ConvBench.java: conv2d forward + backward (input and weight
gradients, no bias) at batch 64 on the same VGG16-CIFAR and MobileNetV1-CIFAR layer shapes.

    /usr/bin/python3 tools/conv_peer.py [--threads N] [--runs R]

Prints one JSON line per shape with the median milliseconds per forward+backward.
"""
import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

SHAPES = [  # name, in, out, size, kernel, stride, padding, groups
    ("vgg_64x64_32", 64, 64, 32, 3, 1, 1, 1),
    ("vgg_256x256_8", 256, 256, 8, 3, 1, 1, 1),
    ("vgg_512x512_2", 512, 512, 2, 3, 1, 1, 1),
    ("mb_dw128_16", 128, 128, 16, 3, 1, 1, 128),
    ("mb_pw128x128_16", 128, 128, 16, 1, 1, 0, 1),
    ("mb_dw512_4", 512, 512, 4, 3, 1, 1, 512),
    ("mb_pw512x512_4", 512, 512, 4, 1, 1, 0, 1),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: torch default)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64)
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    for name, c, o, size, k, s, p, g in SHAPES:
        x = (torch.rand(args.batch, c, size, size) * 2 - 1).requires_grad_(True)
        w = ((torch.rand(o, c // g, k, k) * 2 - 1) * 0.1).requires_grad_(True)
        out = (size + 2 * p - k) // s + 1
        gy = torch.rand(args.batch, o, out, out) * 2 - 1

        def step():
            x.grad = None
            w.grad = None
            F.conv2d(x, w, None, stride=s, padding=p, groups=g).backward(gy)

        for _ in range(2):
            step()
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            step()
            times.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"op": "conv_fwd_bwd", "shape": name, "batch": args.batch,
                          "threads": torch.get_num_threads(), "median_ms": round(statistics.median(times), 2),
                          "torch": torch.__version__}))


if __name__ == "__main__":
    main()
