#!/usr/bin/python3
"""PyTorch peer of experiments/.../bench/ConvPhases.java: the forward, the input gradient alone and the weight
gradient alone of each convolution of vgg16-cifar (3x3, stride 1, padding 1, no bias) at batch 64, best of R
runs after as many warm-up runs, or with --model vgg-small those of vgg-small at batch 128. One JSON line per
layer shape.

    /usr/bin/python3 tools/conv_phases_peer.py [--threads N] [--runs R] [--model vgg-small]
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

SHAPES = [(64, 64, 32), (64, 128, 16), (128, 128, 16), (128, 256, 8), (256, 256, 8), (256, 512, 4),
          (512, 512, 4), (512, 512, 2)]  # in, out, size
VGG_SMALL = [(1, 32, 28), (32, 32, 28), (32, 64, 14), (64, 64, 14)]


def phase_ms(phase, x, w, gy):
    x = x.detach().requires_grad_(phase == 1)
    w = w.detach().requires_grad_(phase == 2)
    if phase == 0:
        with torch.no_grad():
            t0 = time.perf_counter()
            F.conv2d(x, w, None, stride=1, padding=1)
            return (time.perf_counter() - t0) * 1e3
    y = F.conv2d(x, w, None, stride=1, padding=1)
    t0 = time.perf_counter()
    y.backward(gy)
    return (time.perf_counter() - t0) * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--model", default="vgg16-cifar", choices=["vgg16-cifar", "vgg-small"])
    args = ap.parse_args()
    small = args.model == "vgg-small"
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    n = 128 if small else 64
    for c, o, h in VGG_SMALL if small else SHAPES:
        x = torch.rand(n, c, h, h) * 2 - 1
        w = (torch.rand(o, c, 3, 3) * 2 - 1) * 0.1
        gy = torch.rand(n, o, h, h) * 2 - 1
        best = []
        for phase in range(3):
            times = [phase_ms(phase, x, w, gy) for _ in range(2 * args.runs)]
            best.append(min(times[args.runs:]))
        gflop = 2.0 * n * h * h * c * o * 9 / 1e9
        print(json.dumps({"layer": f"{c}->{o} {h}x{h}", "batch": n, "threads": torch.get_num_threads(),
                          "forward_ms": round(best[0], 2), "input_grad_ms": round(best[1], 2),
                          "weight_grad_ms": round(best[2], 2),
                          "forward_gflops": round(gflop / best[0] * 1e3), "input_grad_gflops": round(gflop / best[1] * 1e3),
                          "weight_grad_gflops": round(gflop / best[2] * 1e3), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
