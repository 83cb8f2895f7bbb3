package dev.shears.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.tensor.random.Rng;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Broadcasting element-wise ops against a naive reference that maps every output index to its operand
 * indices one by one (NumPy rules: align right, a size-1 dimension repeats). Each output element is one
 * float operation, so results must be bitwise equal. Shapes: rank 0..4, sizes 0..4, operands stored at
 * non-zero offsets (views).
 */
class TensorBroadcastTest {

    private interface Op {
        float apply(float a, float b);
    }

    private record Case(String name, BiFunction<Tensor, Tensor, Tensor> op, BiFunction<Tensor, Tensor, Tensor> inPlace,
                        Op elem) {}

    private static final Case[] OPS = {
        new Case("add", Tensor::add, Tensor::addi, (x, y) -> x + y),
        new Case("sub", Tensor::sub, Tensor::subi, (x, y) -> x - y),
        new Case("mul", Tensor::mul, Tensor::muli, (x, y) -> x * y),
        new Case("div", Tensor::div, Tensor::divi, (x, y) -> x / y),
    };

    static int[] randomShape(Rng rng, int maxRank) {
        int[] s = new int[rng.nextInt(maxRank + 1)];
        for (int i = 0; i < s.length; i++) s[i] = rng.nextInt(8) == 0 ? 0 : 1 + rng.nextInt(4);
        return s;
    }

    /** An operand that broadcasts to {@code out}: a suffix of it with some dimensions set to 1. */
    private static int[] broadcastableTo(Rng rng, int[] out) {
        int[] s = new int[rng.nextInt(out.length + 1)];
        for (int i = 0; i < s.length; i++) {
            int d = out[out.length - s.length + i];
            s[i] = rng.nextInt(3) == 0 ? 1 : d;
        }
        return s;
    }

    /** A tensor with random values, stored at a random offset inside a larger array. */
    static Tensor randomTensor(Rng rng, int... shape) {
        int off = rng.nextInt(3);
        float[] data = new float[off + Shape.numel(shape) + rng.nextInt(3)];
        for (int i = 0; i < data.length; i++) data[i] = rng.nextFloat() * 4f - 2f;
        return Tensor.wrap(data, off, shape);
    }

    /** Element of {@code t} at the output index {@code idx} (rank of the output), by broadcasting rules. */
    private static float broadcastGet(Tensor t, int[] idx) {
        int[] s = t.shape();
        int[] own = new int[s.length];
        for (int i = 0; i < s.length; i++) own[i] = s[i] == 1 ? 0 : idx[idx.length - s.length + i];
        return t.get(own);
    }

    /** The row-major multi-index of flat position {@code f} in {@code shape}. */
    static int[] unflatten(int f, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = f % shape[d];
            f /= shape[d];
        }
        return idx;
    }

    private static float[] naive(Tensor a, Tensor b, int[] out, Op op) {
        float[] r = new float[Shape.numel(out)];
        for (int f = 0; f < r.length; f++) {
            int[] idx = unflatten(f, out);
            r[f] = op.apply(broadcastGet(a, idx), broadcastGet(b, idx));
        }
        return r;
    }

    static void assertBitwise(float[] expected, Tensor actual, String what) {
        float[] got = actual.toArray();
        assertTrue(expected.length == got.length, what + ": " + expected.length + " vs " + got.length + " elements");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(got[i])) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " got " + got[i]);
            }
        }
    }

    @Test
    void broadcastingOpsEqualTheIndexByIndexReference() {
        qt().withExamples(600).withFixedSeed(51).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] out = randomShape(rng, 4);
            int[] sa = broadcastableTo(rng, out), sb = broadcastableTo(rng, out);
            if (rng.nextInt(2) == 0) sa = out.clone(); // at least one operand often has the full shape
            Tensor a = randomTensor(rng, sa), b = randomTensor(rng, sb);
            int[] expectedShape = Shape.broadcast("test", sa, sb);
            for (Case c : OPS) {
                String what = c.name + " " + Shape.str(sa) + " " + Shape.str(sb);
                Tensor r = c.op.apply(a, b);
                assertArrayEquals(expectedShape, r.shape(), what);
                assertBitwise(naive(a, b, expectedShape, c.elem), r, what);
                Tensor swapped = c.op.apply(b, a);
                assertBitwise(naive(b, a, expectedShape, c.elem), swapped, what + " swapped");
            }
        });
    }

    @Test
    void inPlaceOpsEqualTheOutOfPlaceOnesAndWriteOnlyTheirView() {
        qt().withExamples(400).withFixedSeed(52).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] out = randomShape(rng, 4);
            Tensor b = randomTensor(rng, broadcastableTo(rng, out));
            for (Case c : OPS) {
                Tensor a = randomTensor(rng, out);
                float[] before = a.data().clone();
                Tensor expected = c.op.apply(a, b);
                Tensor r = c.inPlace.apply(a, b);
                assertSame(a, r);
                assertBitwise(expected.toArray(), a, c.name + "i " + Shape.str(out) + " " + Shape.str(b.shape()));
                float[] after = a.data();
                for (int i = 0; i < after.length; i++) {
                    if (i < a.offset() || i >= a.offset() + a.numel()) {
                        assertTrue(Float.floatToIntBits(before[i]) == Float.floatToIntBits(after[i]), "wrote outside the view");
                    }
                }
            }
        });
    }

    @Test
    void nonBroadcastableShapesNameTheOpAndBothShapes() {
        qt().withExamples(200).withFixedSeed(53).forAll(longs().all()).checkAssert(seed -> {
            Rng rng = new Rng(seed);
            int[] sa = randomShape(rng, 4);
            if (sa.length == 0) sa = new int[] {2};
            int[] sb = broadcastableTo(rng, sa);
            if (sb.length == 0) sb = new int[] {sa[sa.length - 1]};
            int d = rng.nextInt(sb.length);
            int at = sa.length - sb.length + d;
            if (sa[at] == 1) sa[at] = 3; // a size-1 dimension would broadcast
            sb[d] = sa[at] == 2 ? 3 : 2; // neither equal nor 1
            Tensor a = Tensor.zeros(sa), b = Tensor.zeros(sb);
            String sas = Shape.str(sa), sbs = Shape.str(sb);
            for (Case c : OPS) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.op.apply(a, b));
                String m = e.getMessage();
                assertTrue(m.startsWith(c.name + ":") && m.contains(sas) && m.contains(sbs), m);
                // in place: the result must also keep this tensor's shape
                IllegalArgumentException ei = assertThrows(IllegalArgumentException.class, () -> c.inPlace.apply(a, b));
                assertTrue(ei.getMessage().startsWith(c.name + "i:") && ei.getMessage().contains(sbs), ei.getMessage());
            }
        });
    }

    @Test
    void inPlaceRejectsOperandsThatWouldGrowTheResult() {
        Tensor a = Tensor.zeros(2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.addi(Tensor.ones(2, 3)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).muli(Tensor.ones(1, 3)));
    }

    @Test
    void scalarOpsAndAxpyMatchElementWiseFormulas() {
        Rng rng = new Rng(54);
        Tensor a = randomTensor(rng, 3, 7), x = randomTensor(rng, 3, 7);
        float[] ad = a.toArray(), xd = x.toArray();
        float[] add = new float[ad.length], mul = new float[ad.length], axpy = new float[ad.length], relu = new float[ad.length];
        for (int i = 0; i < ad.length; i++) {
            add[i] = ad[i] + 0.5f;
            mul[i] = ad[i] * -3f;
            axpy[i] = ad[i] + 0.25f * xd[i];
            relu[i] = Math.max(ad[i], 0f);
        }
        assertBitwise(add, a.add(0.5f), "add scalar");
        assertBitwise(mul, a.mul(-3f), "mul scalar");
        assertBitwise(relu, a.relu(), "relu");
        assertBitwise(axpy, a.copy().axpyi(0.25f, x), "axpyi");
        assertBitwise(mul, a.copy().muli(-3f), "muli scalar");
    }
}
