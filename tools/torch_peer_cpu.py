#!/usr/bin/python3
"""The PyTorch peer of `shears bench train`, reporting CPU time as well as wall time.

    /usr/bin/python3 tools/torch_peer_cpu.py [THREADS]

Imports the model definitions of /work/shared/bench/torch_peer.py and times the same training step
(zero_grad, forward, cross-entropy, backward, SGD momentum 0.9) and eval-mode inference batch, 3 warm-up
iterations excluded, reporting the median wall time and the median process CPU time per iteration. On a
shared machine CPU time is the steadier figure: wall time includes waiting for a core.
"""
import json
import statistics
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, "/work/shared/bench")
import torch_peer  # noqa: E402  (MODELS: name -> (constructor, input shape))


def timed(fn, steps):
    wall, cpu = [], []
    for _ in range(steps):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - w) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    return statistics.median(wall), statistics.median(cpu)


def bench(name, batch, steps, threads):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    make, shape = torch_peer.MODELS[name]
    m = make()
    opt = torch.optim.SGD(m.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(batch, *shape)
    y = torch.randint(0, 10, (batch,))
    loss = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss(m(x), y).backward()
        opt.step()

    for _ in range(3):
        step()
    train_wall, train_cpu = timed(step, steps)
    m.eval()
    with torch.no_grad():
        for _ in range(3):
            m(x)
        infer_wall, infer_cpu = timed(lambda: m(x), steps)
    print(json.dumps({"peer": "pytorch-" + torch.__version__, "model": name, "batch": batch, "threads": threads,
                      "train_step_ms": round(train_wall, 2), "train_step_cpu_ms": round(train_cpu, 2),
                      "infer_batch_ms": round(infer_wall, 2), "infer_batch_cpu_ms": round(infer_cpu, 2)}), flush=True)


if __name__ == "__main__":
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    for name, batch, steps in [("vgg-small", 128, 5), ("vgg16-cifar", 64, 5), ("mobilenetv1-cifar", 64, 5)]:
        bench(name, batch, steps, threads)
