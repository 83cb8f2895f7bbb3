#!/usr/bin/env python3
"""Writes the small interop fixtures under nn/src/test/resources/io/ that Shears' tests read back.

safetensors is written by hand from the format description (8-byte little-endian header length, JSON
header, byte buffer) with json + struct, because the `safetensors` package is not installed here; the
.npy/.npz files are written by numpy itself (np.save, np.savez, np.savez_compressed, and
np.lib.format.write_array for format versions 2.0 and 3.0).

Values are formulas the Java tests recompute: ramp = arange(24) * 0.25 - 3 (exact in f16/bf16/f32/f64)
and ints = [-5, 0, 7, 2**20, -2**20].

Usage: python3 tools/make_io_fixtures.py   (from the repository root)
"""
import json
import os
import struct

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nn", "src", "test", "resources", "io")


def safetensors_bytes(tensors, metadata):
    """tensors: name -> (dtype string, shape, raw little-endian bytes); laid out in name order."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name in sorted(tensors):
        dtype, shape, raw = tensors[name]
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def main():
    os.makedirs(OUT, exist_ok=True)
    ramp = (np.arange(24, dtype=np.float64) * 0.25 - 3).reshape(2, 3, 4)
    ints = np.array([-5, 0, 7, 2 ** 20, -(2 ** 20)])
    f32 = ramp.astype("<f4")
    bf16 = (f32.view("<u4") >> 16).astype("<u2")  # exact: the ramp needs at most 8 significant bits
    tensors = {
        "f32": ("F32", f32.shape, f32.tobytes()),
        "f64": ("F64", ramp.shape, ramp.astype("<f8").tobytes()),
        "f16": ("F16", ramp.shape, ramp.astype("<f2").tobytes()),
        "bf16": ("BF16", ramp.shape, bf16.tobytes()),
        "i32": ("I32", ints.shape, ints.astype("<i4").tobytes()),
        "i64": ("I64", ints.shape, ints.astype("<i8").tobytes()),
    }
    with open(os.path.join(OUT, "fixture.safetensors"), "wb") as f:
        f.write(safetensors_bytes(tensors, {"writer": "python"}))

    arrays = {
        "ramp_f4": f32,
        "ramp_f8": ramp.reshape(4, 6),
        "ints_i8": ints.astype("<i8"),
        "bytes_u1": np.arange(0, 256, 15, dtype=np.uint8).reshape(2, 9)[:, :8].copy(),
        "fortran_f4": np.asfortranarray(f32.reshape(4, 6)),
        "scalar_f4": np.array(2.5, dtype="<f4"),
    }
    np.savez(os.path.join(OUT, "arrays_stored.npz"), **arrays)
    np.savez_compressed(os.path.join(OUT, "arrays_deflated.npz"), **arrays)
    np.save(os.path.join(OUT, "ramp_v1.npy"), f32)
    for version in ((2, 0), (3, 0)):
        with open(os.path.join(OUT, "ramp_v%d.npy" % version[0]), "wb") as f:
            np.lib.format.write_array(f, f32, version=version)


if __name__ == "__main__":
    main()
