package dev.shears.autograd.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.shears.autograd.GradCheck;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/**
 * Property: for random shapes where the second operand broadcasts (size-1 dimensions and missing leading
 * dimensions chosen at random), the gradients of add, sub, mul and div match finite differences and have
 * their operand's shape.
 */
class BinaryOpsGradTest {

    /** A pair of shapes: a full [rank] shape and a broadcastable one derived from it by the bits of mask. */
    private static int[][] shapes(Rng rng, int rank, int mask) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) a[i] = 1 + rng.nextInt(3);
        int drop = mask & 1; // drop the leading dimension of b
        int[] b = new int[rank - (rank > 1 ? drop : 0)];
        for (int i = 0; i < b.length; i++) {
            int src = i + (rank - b.length);
            b[i] = ((mask >> (i + 1)) & 1) == 1 ? 1 : a[src];
        }
        return new int[][] {a, b};
    }

    private static void checkOp(String name, long seed, int rank, int mask, boolean swap) {
        Rng rng = new Rng(seed);
        int[][] s = shapes(rng, rank, mask);
        int[] sa = swap ? s[1] : s[0], sb = swap ? s[0] : s[1];
        Tensor a = GradCheck.awayFromZero(rng, -2f, 2f, sa);
        Tensor b = GradCheck.awayFromZero(rng, 0.5f, 2f, sb); // positive, away from 0 for div
        GradCheck.check(name, v -> switch (name) {
            case "add" -> v[0].add(v[1]);
            case "sub" -> v[0].sub(v[1]);
            case "mul" -> v[0].mul(v[1]);
            default -> v[0].div(v[1]);
        }, a, b);
        Variable va = Variable.param(a), vb = Variable.param(b);
        va.mul(vb).sum().backward();
        assertArrayEquals(sa, va.grad().shape());
        assertArrayEquals(sb, vb.grad().shape());
    }

    @Test void broadcastingBinaryOpsMatchFiniteDifferences() {
        qt().withExamples(40).forAll(longs().all(), integers().between(1, 4), integers().between(0, 31),
                integers().between(0, 7)).checkAssert((seed, rank, mask, op) -> {
                    String name = new String[] {"add", "sub", "mul", "div"}[op % 4];
                    checkOp(name, seed, rank, mask, op >= 4);
                });
    }
}
