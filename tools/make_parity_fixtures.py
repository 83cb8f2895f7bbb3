#!/usr/bin/python3
"""Writes the PyTorch parity fixtures used by autograd's ParityTest.

Each case is a directory under autograd/src/test/resources/parity/ (ops) or nn/src/test/resources/parity/
(optimizers and learning-rate schedules) holding small .npy files: the inputs,
parameters, an output gradient `gy`, and PyTorch's outputs and gradients. Run from the repository root:

    /usr/bin/python3 tools/make_parity_fixtures.py

Deterministic (fixed torch seed); float32 throughout, class targets int64. Total size stays well below 200 KB.
"""
import os

import numpy as np
import torch
import torch.nn.functional as F

REPO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ROOT = os.path.join(REPO, "autograd", "src", "test", "resources", "parity")
NN_ROOT = os.path.join(REPO, "nn", "src", "test", "resources", "parity")


def save(case, root=ROOT, **arrays):
    d = os.path.join(root, case)
    os.makedirs(d, exist_ok=True)
    for name, a in arrays.items():
        if isinstance(a, torch.Tensor):
            a = a.detach().numpy()
        np.save(os.path.join(d, name + ".npy"), np.array(a, order="C"))  # keeps 0-d arrays 0-d


def leaf(t):
    return t.clone().requires_grad_(True)


def conv_case(name, n, c, h, w, o, k, stride, padding, dilation, groups):
    x = leaf(torch.randn(n, c, h, w))
    wt = leaf(torch.randn(o, c // groups, k, k) * 0.5)
    b = leaf(torch.randn(o))
    y = F.conv2d(x, wt, b, stride=stride, padding=padding, dilation=dilation, groups=groups)
    gy = torch.randn_like(y)
    y.backward(gy)
    save(name, x=x, w=wt, b=b, gy=gy, y=y, gx=x.grad, gw=wt.grad, gb=b.grad,
         config=np.array([stride, padding, dilation, groups], dtype=np.int64))


def bn_case():
    x = leaf(torch.randn(4, 3, 5, 5) * 2 + 1)
    gamma = leaf(torch.rand(3) + 0.5)
    beta = leaf(torch.randn(3))
    rm0, rv0 = torch.randn(3) * 0.1, torch.rand(3) + 0.5
    rm, rv = rm0.clone(), rv0.clone()
    y = F.batch_norm(x, rm, rv, gamma, beta, training=True, momentum=0.1, eps=1e-5)
    gy = torch.randn_like(y)
    y.backward(gy)
    save("bn_train", x=x, gamma=gamma, beta=beta, running_mean=rm0, running_var=rv0, gy=gy, y=y,
         gx=x.grad, ggamma=gamma.grad, gbeta=beta.grad, running_mean_after=rm, running_var_after=rv)
    x2 = leaf(x.detach())
    g2, b2 = leaf(gamma.detach()), leaf(beta.detach())
    y2 = F.batch_norm(x2, rm, rv, g2, b2, training=False, momentum=0.1, eps=1e-5)
    y2.backward(gy)
    save("bn_eval", x=x2, gamma=g2, beta=b2, running_mean=rm, running_var=rv, gy=gy, y=y2,
         gx=x2.grad, ggamma=g2.grad, gbeta=b2.grad)


def pool_cases():
    x = leaf(torch.randn(2, 3, 7, 6))
    y = F.max_pool2d(x, 3, stride=2, padding=1)
    gy = torch.randn_like(y)
    y.backward(gy)
    save("maxpool_k3s2p1", x=x, gy=gy, y=y, gx=x.grad)
    x = leaf(torch.randn(2, 3, 8, 8))
    y = F.max_pool2d(x, 2, stride=2)
    gy = torch.randn_like(y)
    y.backward(gy)
    save("maxpool_k2s2", x=x, gy=gy, y=y, gx=x.grad)
    for include in (True, False):
        x = leaf(torch.randn(2, 3, 7, 6))
        y = F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=include)
        gy = torch.randn_like(y)
        y.backward(gy)
        save("avgpool_k3s2p1_" + ("include" if include else "exclude"), x=x, gy=gy, y=y, gx=x.grad)
    x = leaf(torch.randn(2, 3, 7, 5))
    y = F.adaptive_avg_pool2d(x, (3, 2))
    gy = torch.randn_like(y)
    y.backward(gy)
    save("adaptive_avgpool_3x2", x=x, gy=gy, y=y, gx=x.grad)


def ce_cases():
    for smoothing in (0.0, 0.1):
        x = leaf(torch.randn(6, 10) * 2)
        t = torch.randint(0, 10, (6,))
        loss = F.cross_entropy(x, t, label_smoothing=smoothing)
        loss.backward()
        save("cross_entropy_ls%g" % smoothing, x=x, targets=t, loss=loss.reshape(()), gx=x.grad,
             smoothing=np.array(smoothing, dtype=np.float32))


def optim_cases():
    """Four steps of each optimizer on fixed gradients, and the lr sequences of each schedule (float64)."""
    p0 = torch.randn(2, 3)
    grads = torch.randn(4, 2, 3)
    configs = {
        "sgd_momentum": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=1e-2),
        "sgd_nesterov": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=1e-2),
        "adam": lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
        "adamw": lambda ps: torch.optim.AdamW(ps, lr=1e-2, weight_decay=0.1),
    }
    for name, make in configs.items():
        p = p0.clone().requires_grad_(True)
        opt = make([p])
        for g in grads:
            p.grad = g.clone()
            opt.step()
        st = opt.state[p]
        extra = {k: v for k, v in st.items() if isinstance(v, torch.Tensor) and k != "step"}
        save(name, root=NN_ROOT, p0=p0, grads=grads, p=p, **extra)
    sched = {
        "step": (lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5), 10),
        "multistep": (lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[2, 5], gamma=0.1), 8),
        "cosine": (lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=1e-3), 11),
        "onecycle": (lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=0.1, total_steps=20, cycle_momentum=False), 20),
    }
    for name, (make, steps) in sched.items():
        opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        s = make(opt)
        lrs = []
        for _ in range(steps):
            lrs.append(opt.param_groups[0]["lr"])
            opt.step()
            s.step()
        save("lr_" + name, root=NN_ROOT, lrs=np.array(lrs, dtype=np.float64))


def main():
    torch.manual_seed(20201)
    conv_case("conv_dense_s1p1", 2, 3, 7, 7, 4, 3, 1, 1, 1, 1)
    conv_case("conv_grouped_s2p2d2", 2, 4, 9, 8, 6, 3, 2, 2, 2, 2)
    conv_case("conv_depthwise_s2p1", 2, 4, 7, 7, 4, 3, 2, 1, 1, 4)
    conv_case("conv_pointwise", 2, 4, 5, 5, 6, 1, 1, 0, 1, 1)
    conv_case("conv_dilated_s1p2d2", 1, 2, 8, 8, 3, 3, 1, 2, 2, 1)
    bn_case()
    pool_cases()
    ce_cases()
    optim_cases()
    # appended last so the random streams of the cases above stay unchanged
    conv_case("conv_depthwise_s1p1", 2, 6, 5, 5, 6, 3, 1, 1, 1, 6)
    conv_case("conv_depthwise_s1p2d2", 2, 3, 6, 7, 3, 3, 1, 2, 2, 3)
    for root in (ROOT, NN_ROOT):
        total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(root) for f in fs)
        print("wrote fixtures to %s (%d bytes)" % (os.path.normpath(root), total))


if __name__ == "__main__":
    main()
