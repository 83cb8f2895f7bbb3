package dev.shears.tensor.random;

/**
 * Weight initialisations with PyTorch's formulas (torch.nn.init), drawn from an {@link Rng}.
 *
 * <p>{@code fanIn}/{@code fanOut} follow PyTorch: for a weight of shape [out, in, kh, kw] fan-in is
 * in·kh·kw and fan-out is out·kh·kw.
 */
public final class Init {

    private Init() {}

    /** PyTorch's gain for a nonlinearity: relu √2, leaky_relu √(2/(1+a²)), linear/sigmoid 1, tanh 5/3. */
    public static double gain(String nonlinearity, double negativeSlope) {
        return switch (nonlinearity) {
            case "linear", "conv", "sigmoid" -> 1.0;
            case "tanh" -> 5.0 / 3.0;
            case "relu" -> StrictMath.sqrt(2.0);
            case "leaky_relu" -> StrictMath.sqrt(2.0 / (1 + negativeSlope * negativeSlope));
            default -> throw new IllegalArgumentException("unknown nonlinearity " + nonlinearity);
        };
    }

    /** Kaiming (He) uniform: U(−b, b), b = gain·√(3/fanIn). */
    public static void kaimingUniform(Rng rng, float[] w, int fanIn, double gain) {
        checkFan("kaimingUniform", w, fanIn);
        double bound = gain * StrictMath.sqrt(3.0 / fanIn);
        rng.fillUniform(w, (float) -bound, (float) bound);
    }

    /** Kaiming (He) normal: N(0, (gain/√fan)²). */
    public static void kaimingNormal(Rng rng, float[] w, int fan, double gain) {
        checkFan("kaimingNormal", w, fan);
        rng.fillNormal(w, 0f, (float) (gain / StrictMath.sqrt(fan)));
    }

    /** Xavier (Glorot) uniform: U(−b, b), b = gain·√(6/(fanIn+fanOut)). */
    public static void xavierUniform(Rng rng, float[] w, int fanIn, int fanOut, double gain) {
        checkFan("xavierUniform", w, fanIn + fanOut);
        double bound = gain * StrictMath.sqrt(6.0 / (fanIn + fanOut));
        rng.fillUniform(w, (float) -bound, (float) bound);
    }

    /** Xavier (Glorot) normal: N(0, gain²·2/(fanIn+fanOut)). */
    public static void xavierNormal(Rng rng, float[] w, int fanIn, int fanOut, double gain) {
        checkFan("xavierNormal", w, fanIn + fanOut);
        rng.fillNormal(w, 0f, (float) (gain * StrictMath.sqrt(2.0 / (fanIn + fanOut))));
    }

    /**
     * PyTorch's default for Conv2d/Linear weights: kaiming_uniform with a = √5, which gives the bound
     * 1/√fanIn; biases use the same bound.
     */
    public static void torchDefault(Rng rng, float[] w, int fanIn) {
        double bound = fanIn > 0 ? 1.0 / StrictMath.sqrt(fanIn) : 0.0;
        rng.fillUniform(w, (float) -bound, (float) bound);
    }

    /**
     * A zero fan would make the bound infinite and fill the weights with NaN; like PyTorch, an empty weight
     * is a no-op, but a non-empty one with no fan is a caller error.
     */
    private static void checkFan(String op, float[] w, int fan) {
        if (fan <= 0 && w.length > 0) throw new IllegalArgumentException(op + ": fan must be positive, got " + fan);
    }
}
