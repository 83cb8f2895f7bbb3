package dev.shears.nn.optim;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Parallel;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import java.util.Map;

/**
 * Stochastic gradient descent with PyTorch's {@code torch.optim.SGD} semantics (momentum after Sutskever et
 * al., ICML 2013, in PyTorch's form):
 * <pre>
 *   d = g + weightDecay·p
 *   if momentum ≠ 0:  b = d (first step) else b = momentum·b + (1 − dampening)·d
 *                     d = nesterov ? d + momentum·b : b
 *   p = p − lr·d
 * </pre>
 * State: {@code state.<param>.momentum_buffer}. Large parameters are updated in parallel spans.
 */
public final class Sgd extends Optimizer {

    /** Elements per parallel task: fixed, and the update is element-wise, so any split gives the same result. */
    static final int SPAN = 1 << 15;

    private static final Kernels K = KernelProvider.get();

    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;

    public Sgd(Map<String, Variable> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        super(params, lr);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    /** Plain SGD with momentum and weight decay (no dampening, no Nesterov). */
    public Sgd(Map<String, Variable> params, double lr, double momentum, double weightDecay) {
        this(params, lr, momentum, 0, weightDecay, false);
    }

    @Override public void step() {
        float lr = (float) lr(), m = (float) momentum, damp = (float) (1 - dampening), wd = (float) weightDecay;
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            Variable v = e.getValue();
            Tensor g = v.grad();
            if (g == null) continue;
            Tensor p = v.data();
            float[] pd = p.data(), gd = g.data();
            int po = p.offset(), go = g.offset(), n = p.numel();
            boolean initial = momentum != 0 && !hasState(e.getKey(), "momentum_buffer"); // before stateFor creates it
            float[] buf = momentum != 0 ? stateFor(e.getKey(), "momentum_buffer", p).data() : null;
            Parallel.forEach((n + SPAN - 1) / SPAN, span -> {
                int i = span * SPAN, len = Math.min(n - i, SPAN);
                K.sgdStep(pd, po + i, gd, go + i, buf, i, lr, wd, m, damp, initial, nesterov, len);
            });
        }
    }
}
