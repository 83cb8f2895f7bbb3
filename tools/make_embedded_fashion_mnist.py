#!/usr/bin/env python3
"""Builds the small Fashion-MNIST subset embedded in the shears-nn jar for offline demos.

Source: the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/*.gz), i.e. the
original Fashion-MNIST files by Zalando Research (Xiao, Rasul and Vollgraf, 2017), MIT licence.

Selection: the first 200 training images of each class (2,000 in all) and the first 100 test images of
each class (1,000), each set in the original file order. Output: gzip IDX files (same format as the
originals; gzip mtime 0 so reruns are byte-identical) in nn/src/main/resources/dev/shears/nn/data/.

Usage: python3 tools/make_embedded_fashion_mnist.py [SOURCE_DIR]   (from the repository root)
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "src", "main", "resources", "dev", "shears", "nn", "data")
PER_CLASS = {"train": 200, "t10k": 100}


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype, rank = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, path
    dims = struct.unpack(">" + "I" * rank, data[4:4 + 4 * rank])
    return dims, data[4 + 4 * rank:]


def write_idx(path, dims, payload):
    header = struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(">" + "I" * len(dims), *dims)
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
            f.write(header + payload)


def main():
    os.makedirs(OUT, exist_ok=True)
    for split, per_class in PER_CLASS.items():
        (n, h, w), pixels = read_idx(os.path.join(SRC, split + "-images-idx3-ubyte.gz"))
        (n2,), labels = read_idx(os.path.join(SRC, split + "-labels-idx1-ubyte.gz"))
        assert n == n2
        taken = [0] * 10
        keep = []
        for i in range(n):
            if taken[labels[i]] < per_class:
                taken[labels[i]] += 1
                keep.append(i)
        size = h * w
        out_pixels = b"".join(pixels[i * size:(i + 1) * size] for i in keep)
        out_labels = bytes(labels[i] for i in keep)
        name = "train" if split == "train" else "test"
        write_idx(os.path.join(OUT, "fashion-mnist-%s-images-idx3-ubyte.gz" % name), (len(keep), h, w), out_pixels)
        write_idx(os.path.join(OUT, "fashion-mnist-%s-labels-idx1-ubyte.gz" % name), (len(keep),), out_labels)
        print(name, len(keep), "images, per class", taken)


if __name__ == "__main__":
    main()
