package dev.shears.nn.optim;

import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import java.util.Map;

/**
 * Adam (Kingma and Ba, ICLR 2015, Algorithm 1) and AdamW (Loshchilov and Hutter, ICLR 2019, Algorithm 2)
 * with PyTorch's {@code torch.optim.Adam}/{@code AdamW} semantics (non-AMSGrad):
 * <pre>
 *   t = t + 1
 *   AdamW: p = p·(1 − lr·weightDecay)          Adam: g = g + weightDecay·p
 *   m = β₁·m + (1 − β₁)·g ;  v = β₂·v + (1 − β₂)·g²
 *   p = p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * </pre>
 * Note ε is added after the bias correction of √v, as PyTorch does. State: {@code state.<param>.step}
 * (per parameter, a float32 scalar as in PyTorch 1.13, exact up to 2²⁴ steps), {@code state.<param>.exp_avg},
 * {@code state.<param>.exp_avg_sq}.
 */
public final class Adam extends Optimizer {

    private final double beta1, beta2, eps, weightDecay;
    private final boolean decoupled;

    private Adam(Map<String, Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params, lr);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    /** Adam with L2 weight decay added to the gradient (PyTorch defaults: 1e-3, 0.9, 0.999, 1e-8, 0). */
    public static Adam adam(Map<String, Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(params, lr, beta1, beta2, eps, weightDecay, false);
    }

    /** AdamW with decoupled weight decay (PyTorch defaults: 1e-3, 0.9, 0.999, 1e-8, 1e-2). */
    public static Adam adamW(Map<String, Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new Adam(params, lr, beta1, beta2, eps, weightDecay, true);
    }

    @Override public void step() {
        for (Map.Entry<String, Variable> e : params.entrySet()) {
            Variable v = e.getValue();
            Tensor g = v.grad();
            if (g == null) continue;
            String name = e.getKey();
            Tensor p = v.data();
            Tensor stepT = stateFor(name, "step", p);
            float t = stepT.data()[0] += 1f;
            float[] m = stateFor(name, "exp_avg", p).data(), s = stateFor(name, "exp_avg_sq", p).data();
            float[] pd = p.data(), gd = g.data();
            int po = p.offset(), go = g.offset(), n = p.numel();
            double lr = lr();
            double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
            float stepSize = (float) (lr / bc1), sqrtBc2 = (float) Math.sqrt(bc2);
            float b1 = (float) beta1, b2 = (float) beta2, ep = (float) eps, wd = (float) weightDecay;
            float decay = (float) (1 - lr * weightDecay);
            for (int i = 0; i < n; i++) {
                float gi = gd[go + i];
                if (decoupled) pd[po + i] *= decay;
                else if (wd != 0f) gi += wd * pd[po + i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                s[i] = b2 * s[i] + (1 - b2) * gi * gi;
                float denom = (float) Math.sqrt(s[i]) / sqrtBc2 + ep;
                pd[po + i] -= stepSize * m[i] / denom;
            }
        }
    }
}
