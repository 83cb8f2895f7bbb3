#!/usr/bin/python3
"""Exports a randomly initialised torchvision model (or Shears' LeNet-5 layout) for Java parity tests.

    /usr/bin/python3 tools/export_torchvision.py MODEL OUT_DIR [--seed S] [--classes K] [--size HW]
                                                  [--channels C] [--batch N] [--keys-only] [--npz]

MODEL is a torchvision.models constructor name (vgg16_bn, mobilenet_v2, ...) or `lenet5` (the layout of
dev.shears.nn.models.LeNet5). Writes into OUT_DIR:
  MODEL.keys.txt         state-dict keys in order, each with its shape ("name d0,d1,..."; "-" for scalars)
  MODEL.safetensors      the state dict (float32; int64 buffers as I64), unless --keys-only
  MODEL.npz              the same as numpy arrays, with --npz
  MODEL.input.npy        a seeded standard-normal input [N, C, H, W]
  MODEL.logits.npy       the model's eval-mode output for that input (float32)
The safetensors file is written by hand (json + struct) so the `safetensors` package is not needed. Uses the
same seed for weights (torch.manual_seed) and input, so reruns give identical files.
"""
import argparse
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torchvision


def lenet5(num_classes=10, in_channels=1):
    class LeNet5(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(nn.Conv2d(in_channels, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                                          nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2))
            self.classifier = nn.Sequential(nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                                            nn.Linear(84, num_classes))

        def forward(self, x):
            return self.classifier(torch.flatten(self.features(x), 1))
    return LeNet5()


def write_safetensors(path, tensors):
    header, chunks, offset = {}, [], 0
    for name in sorted(tensors):
        a = tensors[name]
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}[a.dtype]
        raw = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for c in chunks:
            f.write(c)
    os.replace(tmp, path)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("model")
    p.add_argument("out")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--classes", type=int, default=1000)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--batch", type=int, default=2)
    p.add_argument("--keys-only", action="store_true")
    p.add_argument("--npz", action="store_true")
    a = p.parse_args()
    torch.manual_seed(a.seed)
    if a.model == "lenet5":
        m = lenet5(a.classes, a.channels)
    else:
        m = getattr(torchvision.models, a.model)(num_classes=a.classes)
    m.eval()
    os.makedirs(a.out, exist_ok=True)
    base = os.path.join(a.out, a.model)
    sd = {k: v.detach().numpy() for k, v in m.state_dict().items()}
    with open(base + ".keys.txt", "w") as f:
        for k, v in sd.items():
            f.write("%s %s\n" % (k, ",".join(str(d) for d in v.shape) or "-"))
    if a.keys_only:
        return
    # running statistics away from their 0/1 defaults, so eval-mode batch norm is really exercised
    with torch.no_grad():
        for mod in m.modules():
            if isinstance(mod, nn.BatchNorm2d):
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.1, 0.1)
    sd = {k: v.detach().numpy() for k, v in m.state_dict().items()}
    write_safetensors(base + ".safetensors", sd)
    if a.npz:
        np.savez(base + ".npz", **sd)
    x = torch.randn(a.batch, a.channels, a.size, a.size)
    with torch.no_grad():
        y = m(x)
    np.save(base + ".input.npy", x.numpy())
    np.save(base + ".logits.npy", y.numpy().astype(np.float32))


if __name__ == "__main__":
    main()
