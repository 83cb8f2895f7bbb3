package dev.shears.autograd;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.function.Function;

/**
 * Gradient check by central finite differences, with a tolerance derived from the step size.
 *
 * <p>The scalar checked is {@code L = Σ r_i·y_i} for a fixed random {@code r}, so every output element and
 * every input element is exercised. The op runs in float32; L is summed in double. The numerical derivative
 * is the Richardson extrapolation {@code D* = (4·D(h/2) − D(h))/3} of central differences {@code D(h)}, whose
 * truncation error is O(h⁴) (negligible at h = 1e-2 for smooth functions; inputs are kept at least 2h away
 * from kinks by the callers). What remains is float32 rounding of the outputs: each y_i carries at most
 * {@code c·u·|y_i|} error (u = 2⁻²⁴; c = 64 bounds the depth of the ops' arithmetic and mild cancellation),
 * so a difference quotient with step s errs by at most {@code c·u·A/s} with {@code A = Σ|r_i·y_i|} (the
 * largest over the evaluations). Combining the two quotients as D* does gives
 * {@code noise = (4/3·c·u·A/(h/2) + 1/3·c·u·A/h)} = {@code 3·c·u·A/h}. The analytical gradient is itself
 * float32, so a relative {@code 1e-3} is added. A tolerance this wide cannot hide a wrong formula (those err
 * by O(|g|)) and rounding cannot fake an error beyond it.
 */
public final class GradCheck {

    static final double H = 1e-2;
    private static final double U = 0x1.0p-24;
    private static final double C = 64;

    private GradCheck() {}

    /** Checks the gradients of {@code f} with respect to every input. */
    public static void check(String what, Function<Variable[], Variable> f, Tensor... inputs) {
        check(what, f, 1e-3, inputs);
    }

    /** As {@link #check(String, Function, Tensor...)} with a chosen relative tolerance. */
    public static void check(String what, Function<Variable[], Variable> f, double rtol, Tensor... inputs) {
        Variable[] vars = new Variable[inputs.length];
        for (int i = 0; i < inputs.length; i++) vars[i] = Variable.param(inputs[i].copy());
        Variable y = f.apply(vars);
        Tensor r = Tensor.uniform(new Rng(what.hashCode()), -1f, 1f, y.shape());
        y.backward(r);
        for (int k = 0; k < inputs.length; k++) {
            Tensor g = vars[k].grad();
            assertNotNull(g, what + ": no gradient for input " + k);
            Tensor x = vars[k].data();
            float[] xd = x.data();
            for (int i = 0; i < x.numel(); i++) {
                float orig = xd[i];
                double[] a = new double[1];
                double d1 = quotient(f, vars, r, xd, i, orig, H, a);
                double d2 = quotient(f, vars, r, xd, i, orig, H / 2, a);
                xd[i] = orig;
                double num = (4 * d2 - d1) / 3;
                double ana = g.data()[g.offset() + i];
                double tol = 3 * C * U * a[0] / H + rtol * Math.max(Math.abs(ana), Math.abs(num)) + 1e-6;
                if (!(Math.abs(ana - num) <= tol)) {
                    fail(what + ": input " + k + " element " + i + ": analytical " + ana + " vs numerical " + num
                            + " (tolerance " + tol + ")");
                }
            }
        }
    }

    private static double quotient(Function<Variable[], Variable> f, Variable[] vars, Tensor r, float[] xd, int i,
                                   float orig, double h, double[] mag) {
        xd[i] = (float) (orig + h);
        double hp = xd[i] - (double) orig; // the step actually taken in float32
        double lp = eval(f, vars, r, mag);
        xd[i] = (float) (orig - h);
        double hm = orig - (double) xd[i];
        double lm = eval(f, vars, r, mag);
        return (lp - lm) / (hp + hm);
    }

    private static double eval(Function<Variable[], Variable> f, Variable[] vars, Tensor r, double[] mag) {
        try (NoGrad ignored = NoGrad.scope()) {
            Tensor y = f.apply(vars).data();
            double s = 0, a = 0;
            for (int i = 0; i < y.numel(); i++) {
                double t = (double) r.data()[i] * y.data()[y.offset() + i];
                s += t;
                a += Math.abs(t);
            }
            mag[0] = Math.max(mag[0], a);
            return s;
        }
    }

    /** Uniform values in [lo, hi) at least {@code 3h} from 0 (the kink of abs, relu, sign, ...). */
    public static Tensor awayFromZero(Rng rng, float lo, float hi, int... shape) {
        return awayFrom(rng, lo, hi, new float[] {0f}, shape);
    }

    /**
     * Uniform values in [lo, hi) at least {@code 3h} from every kink, so that the finite differences (which
     * reach ±2h) never straddle one: a value closer than 3h is pushed out to 3h beyond the kink on its side.
     */
    public static Tensor awayFrom(Rng rng, float lo, float hi, float[] kinks, int... shape) {
        Tensor t = Tensor.uniform(rng, lo, hi, shape);
        float[] d = t.data();
        float gap = (float) (3 * H);
        for (int i = 0; i < d.length; i++) {
            for (float k : kinks) {
                float off = d[i] - k;
                if (Math.abs(off) < gap) d[i] = off < 0 ? k - gap + off : k + gap + off; // move away, keep the side
            }
        }
        return t;
    }
}
