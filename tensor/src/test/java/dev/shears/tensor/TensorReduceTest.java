package dev.shears.tensor;

import static dev.shears.tensor.TensorBroadcastTest.assertBitwise;
import static dev.shears.tensor.TensorBroadcastTest.randomShape;
import static dev.shears.tensor.TensorBroadcastTest.unflatten;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Reductions over each axis (positive and negative, with and without keepDim) against naive loops:
 * sum bitwise against a float sum in index order (its documented order), mean within the float bound,
 * max exact with NaN winning, argmax the first maximal index (ties, NaN). Whole-tensor reductions within
 * the summation bound {@code n·2^-24·Σ|x|}.
 */
class TensorReduceTest {

    private static final double U = 0x1.0p-24;
    private static final float[] TIES = {-1f, 0f, 1f, 2f, Float.NEGATIVE_INFINITY};

    /** Values with many ties; with {@code nans}, about one in twelve is NaN. Stored at an offset. */
    private static Tensor tensor(Rng rng, int[] shape, boolean ties, boolean nans) {
        int off = rng.nextInt(3);
        float[] data = new float[off + Shape.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = nans && rng.nextInt(12) == 0 ? Float.NaN
                    : ties ? TIES[rng.nextInt(TIES.length)] : rng.nextFloat() * 4f - 2f;
        }
        return Tensor.wrap(data, off, shape);
    }

    private static int[] withoutAxis(int[] s, int axis, boolean keepDim) {
        int[] o = keepDim ? s.clone() : new int[s.length - 1];
        if (keepDim) o[axis] = 1;
        else for (int i = 0, j = 0; i < s.length; i++) if (i != axis) o[j++] = s[i];
        return o;
    }

    /** The input index for output index {@code idx} (of the keepDim=false shape) and position j on the axis. */
    private static int[] inputIndex(int[] idx, int axis, int j) {
        int[] in = new int[idx.length + 1];
        for (int i = 0, k = 0; i < in.length; i++) in[i] = i == axis ? j : idx[k++];
        return in;
    }

    @Test
    void axisReductionsEqualNaiveLoops() {
        qt().withExamples(400).withFixedSeed(71).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] shape = randomShape(rng, 4);
            if (shape.length == 0) shape = new int[] {1 + rng.nextInt(4)};
            boolean ties = rng.nextInt(2) == 0;
            Tensor t = tensor(rng, shape, ties, ties && rng.nextInt(2) == 0);
            for (int axis = 0; axis < shape.length; axis++) {
                int n = shape[axis];
                int[] outShape = withoutAxis(shape, axis, false);
                int outN = Shape.numel(outShape);
                float[] sum = new float[outN], mean = new float[outN], max = new float[outN], arg = new float[outN];
                double[] meanTol = new double[outN];
                for (int f = 0; f < outN; f++) {
                    int[] idx = unflatten(f, outShape);
                    float s = 0f, m = Float.NEGATIVE_INFINITY;
                    double exact = 0, abs = 0;
                    int am = 0;
                    for (int j = 0; j < n; j++) {
                        float v = t.get(inputIndex(idx, axis, j));
                        s += v;
                        exact += v;
                        abs += Math.abs(v);
                        if (Float.isNaN(v) ? !Float.isNaN(m) : v > m) {
                            m = v;
                            am = j;
                        }
                    }
                    sum[f] = s;
                    mean[f] = (float) (exact / n);
                    meanTol[f] = (n + 2) * U * abs / n;
                    max[f] = m;
                    arg[f] = am;
                }
                for (boolean keep : new boolean[] {false, true}) {
                    int ax = keep ? axis - shape.length : axis; // negative axes too
                    String what = Shape.str(shape) + " axis " + ax + " keepDim " + keep;
                    int[] expectedShape = withoutAxis(shape, axis, keep);
                    Tensor s = t.sum(ax, keep);
                    assertArrayEquals(expectedShape, s.shape(), what);
                    assertBitwise(sum, s, "sum " + what);
                    if (!ties) {
                        float[] got = t.mean(ax, keep).toArray();
                        for (int f = 0; f < outN; f++) {
                            if (n == 0) assertTrue(Float.isNaN(got[f]), "mean of an empty axis is NaN");
                            else assertEquals(mean[f], got[f], meanTol[f] + U * Math.abs(mean[f]), "mean " + what);
                        }
                    }
                    if (n > 0) {
                        assertBitwise(max, t.max(ax, keep), "max " + what);
                        assertBitwise(arg, t.argmax(ax, keep), "argmax " + what);
                        assertArrayEquals(expectedShape, t.argmax(ax, keep).shape(), what);
                    } else {
                        int a = ax;
                        assertThrows(IllegalArgumentException.class, () -> t.max(a, keep));
                    }
                }
            }
        });
    }

    @Test
    void wholeTensorReductionsOnViews() {
        qt().withExamples(300).withFixedSeed(72).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            Tensor t = tensor(rng, randomShape(rng, 4), false, false);
            double exact = 0, abs = 0;
            float max = Float.NEGATIVE_INFINITY;
            float[] x = t.toArray();
            for (float v : x) {
                exact += v;
                abs += Math.abs(v);
                max = Math.max(max, v);
            }
            double tol = (x.length + 1) * U * abs;
            assertEquals(exact, t.sum(), tol, "sum");
            if (x.length == 0) assertTrue(Float.isNaN(t.mean()));
            else assertEquals(exact / x.length, t.mean(), tol / x.length + U * Math.abs(exact / x.length), "mean");
            assertEquals(max, t.max(), 0f, "max");
        });
    }

    @Test
    void axisErrorsNameTheOp() {
        Tensor t = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.sum(2, false));
        assertTrue(e.getMessage().startsWith("sum: axis 2 out of range for rank 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.argmax(-3, false));
        assertTrue(e.getMessage().startsWith("argmax: axis -3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).max(1, false));
        assertTrue(e.getMessage().contains("empty axis") && e.getMessage().contains("[2, 0]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).sum(0, false));
    }
}
