package dev.shears.prune.inference;

import dev.shears.autograd.Variable;
import dev.shears.nn.Linear;
import dev.shears.nn.Module;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.sparse.CsrMatrix;

/** Inference-only linear layer with a CSR weight: y = x · Sᵀ + b. No gradient. */
public final class SparseLinear extends Module {

    private final CsrMatrix weight;
    private final float[] bias;
    private final int in, out;

    /** Converts a dense linear layer; its weight's zeros are dropped. */
    public SparseLinear(Linear l) {
        this.weight = CsrMatrix.fromDense(l.weight().data(), 0f);
        this.bias = l.bias() == null ? null : l.bias().data().toArray();
        this.in = l.inFeatures;
        this.out = l.outFeatures;
    }

    public CsrMatrix weight() { return weight; }

    /** x: [N, in] → [N, out]. */
    @Override public Variable forward(Variable x) {
        Tensor xt = x.data();
        int n = xt.dim(0);
        if (xt.rank() != 2 || xt.dim(1) != in) {
            throw new IllegalArgumentException("SparseLinear: input " + java.util.Arrays.toString(xt.shape()) + ", expected [N, " + in + "]");
        }
        Tensor y = Tensor.zeros(n, out);
        weight.denseTimesTransposed(n, xt.data(), xt.offset(), in, y.data(), 0, out);
        if (bias != null) {
            for (int i = 0; i < n; i++) for (int o = 0; o < out; o++) y.data()[i * out + o] += bias[o];
        }
        return Variable.constant(y);
    }
}
