package dev.shears.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicktheories.QuickTheory.qt;

import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.Generate;

/** The Vector API micro-kernel against its scalar twin of the same shape, on random packed panels. */
class MicroKernelTest {

    private static MicroKernel vectorKernel() {
        assumeTrue(KernelProvider.vectorModulePresent(), "needs jdk.incubator.vector");
        MicroKernel v = KernelProvider.vectorOr("dev.shears.tensor.gemm.VectorMicroKernel", MicroKernel.class, null);
        assertTrue(v != null, "the vector micro-kernel failed to load");
        return v;
    }

    @Test
    void gemmUsesTheVectorKernelWhenTheModuleIsPresent() {
        assumeTrue(KernelProvider.vectorModulePresent(), "needs jdk.incubator.vector");
        assumeTrue(!"scalar".equals(System.getProperty("shears.kernels")), "scalar forced");
        assertEquals(vectorKernel().name(), Gemm.kernelName());
    }

    /** Each lane runs the same fma chain and write-back as the scalar kernel, so the blocks are equal bitwise. */
    @Test
    void vectorKernelEqualsScalarKernelBitwise() {
        MicroKernel v = vectorKernel();
        MicroKernel s = new ScalarMicroKernel(v.mr(), v.nr());
        int mr = v.mr(), nr = v.nr();
        qt().withExamples(200).forAll(Generate.range(1, MicroKernel.MAX_KC), Generate.pick(List.of(1f, -0.5f, 3f)),
                Generate.pick(List.of(0f, 1f, -2f)), Generate.range(0, 1000)).checkAssert((kc, alpha, beta, seed) -> {
            Rng rng = new Rng(seed);
            int aOff = rng.nextInt(5), bOff = rng.nextInt(5), cOff = rng.nextInt(5), ldc = nr + rng.nextInt(4);
            float[] a = new float[aOff + kc * mr], b = new float[bOff + kc * nr];
            rng.fillUniform(a, -1f, 1f);
            rng.fillUniform(b, -1f, 1f);
            float[] c = new float[cOff + mr * ldc];
            rng.fillUniform(c, -1f, 1f);
            if (beta == 0f) c[cOff] = Float.NaN; // must be overwritten, not propagated
            float[] cs = c.clone(), cv = c.clone();
            s.multiply(kc, a, aOff, b, bOff, alpha, beta, cs, cOff, ldc);
            v.multiply(kc, a, aOff, b, bOff, alpha, beta, cv, cOff, ldc);
            assertArrayEquals(cs, cv, () -> "kc=" + kc + " alpha=" + alpha + " beta=" + beta + " seed=" + seed);
            if (beta == 0f) assertTrue(!Float.isNaN(cv[cOff]), "beta == 0 must overwrite NaN");
        });
    }

    /**
     * Reading the B panel in place from row offsets gives the bits of {@code multiply} on the panel packed from
     * those rows, for both kernels; the rows overlap and come in any order, as a direct convolution's do.
     */
    @Test
    void rowsReadInPlaceEqualThePackedPanel() {
        MicroKernel v = vectorOrScalar();
        for (MicroKernel k : new MicroKernel[] {v, new ScalarMicroKernel(v.mr(), v.nr())}) {
            int mr = k.mr(), nr = k.nr();
            qt().withExamples(100).forAll(Generate.range(1, MicroKernel.MAX_KC), Generate.pick(List.of(0f, 1f, -2f)),
                    Generate.range(0, 1000)).checkAssert((kc, beta, seed) -> {
                Rng rng = new Rng(seed);
                float[] a = new float[kc * mr], src = new float[3 * nr + rng.nextInt(50)];
                rng.fillUniform(a, -1f, 1f);
                rng.fillUniform(src, -1f, 1f);
                int rowOff = rng.nextInt(4), col = rng.nextInt(3);
                int[] rowAt = new int[rowOff + kc];
                float[] panel = new float[kc * nr];
                for (int p = 0; p < kc; p++) {
                    rowAt[rowOff + p] = rng.nextInt(src.length - nr - col + 1);
                    System.arraycopy(src, rowAt[rowOff + p] + col, panel, p * nr, nr);
                }
                float[] want = new float[mr * nr], got = new float[mr * nr];
                rng.fillUniform(want, -1f, 1f);
                System.arraycopy(want, 0, got, 0, want.length);
                k.multiply(kc, a, 0, panel, 0, 0.5f, beta, want, 0, nr);
                k.multiplyRows(kc, a, 0, src, rowAt, rowOff, col, 0.5f, beta, got, 0, nr);
                assertArrayEquals(want, got, () -> k.name() + " kc=" + kc + " beta=" + beta + " seed=" + seed);
            });
        }
    }

    /** The vector kernel's packing (gathers for the transposing copies) equals the specification, PanelPacking. */
    @Test
    void vectorPackingEqualsPanelPacking() {
        MicroKernel v = vectorKernel();
        int mr = v.mr(), nr = v.nr();
        qt().withExamples(300).forAll(Generate.booleans(), Generate.booleans(), Generate.range(1, 70), Generate.range(0, 1000))
                .checkAssert((forA, trans, kc, seed) -> {
                    Rng rng = new Rng(seed);
                    int width = forA ? mr : nr;
                    int count = rng.nextInt(3) == 0 ? 1 + rng.nextInt(width) : width; // mostly full panels
                    int lead = rng.nextInt(6), p0 = rng.nextInt(4), i0 = rng.nextInt(3), off = rng.nextInt(4);
                    // the stored matrix: `count` panel lines along one axis, p0 + kc steps along the other
                    boolean linesAreRows = forA != trans; // A untransposed and Bᵀ keep a panel line in a row
                    int ld = (linesAreRows ? p0 + kc : i0 + count) + lead;
                    int stored = (linesAreRows ? i0 + count : p0 + kc) * ld;
                    float[] src = new float[off + stored];
                    rng.fillUniform(src, -1f, 1f);
                    float[] want = nans(3 + kc * width), got = nans(3 + kc * width);
                    if (forA) {
                        PanelPacking.packA(trans, src, off, ld, i0, count, p0, kc, mr, want, 3);
                        v.packA(trans, src, off, ld, i0, count, p0, kc, got, 3);
                    } else {
                        PanelPacking.packB(trans, src, off, ld, p0, kc, i0, count, nr, want, 3);
                        v.packB(trans, src, off, ld, p0, kc, i0, count, got, 3);
                    }
                    assertArrayEquals(want, got, () -> (forA ? "A" : "B") + " trans=" + trans + " kc=" + kc + " count=" + count);
                });
    }

    /** The vector kernel's column-offset packing (one gather per step) equals the specification. */
    @Test
    void vectorColumnPackingEqualsPanelPacking() {
        MicroKernel v = vectorKernel();
        int mr = v.mr();
        qt().withExamples(300).forAll(Generate.range(1, 70), Generate.range(1, 12), Generate.range(0, 1000))
                .checkAssert((kc, lda, seed) -> {
                    Rng rng = new Rng(seed);
                    int count = rng.nextInt(3) == 0 ? 1 + rng.nextInt(mr) : mr, p0 = rng.nextInt(4), i0 = rng.nextInt(3);
                    int span = 1 + rng.nextInt(50), off = rng.nextInt(4);
                    int[] colAt = new int[p0 + kc];
                    for (int p = 0; p < colAt.length; p++) colAt[p] = rng.nextInt(span); // any order, repeats allowed
                    float[] src = new float[off + (i0 + count - 1) * lda + span];
                    rng.fillUniform(src, -1f, 1f);
                    float[] want = nans(3 + kc * mr), got = nans(3 + kc * mr);
                    PanelPacking.packAColumns(src, off, lda, colAt, i0, count, p0, kc, mr, want, 3);
                    v.packAColumns(src, off, lda, colAt, i0, count, p0, kc, got, 3);
                    assertArrayEquals(want, got, () -> "kc=" + kc + " lda=" + lda + " count=" + count);
                });
    }

    /** The vector kernel's offset packing of B (two gathers per step) equals the specification. */
    @Test
    void vectorOffsetPackingOfBEqualsPanelPacking() {
        MicroKernel v = vectorKernel();
        int nr = v.nr();
        qt().withExamples(300).forAll(Generate.range(1, 70), Generate.range(0, 1000)).checkAssert((kc, seed) -> {
            Rng rng = new Rng(seed);
            int cols = rng.nextInt(3) == 0 ? 1 + rng.nextInt(nr) : nr, p0 = rng.nextInt(4), j0 = rng.nextInt(3), off = rng.nextInt(4);
            int span = 1 + rng.nextInt(60);
            int[] rowAt = new int[p0 + kc], colAt = new int[j0 + cols];
            for (int p = 0; p < rowAt.length; p++) rowAt[p] = rng.nextInt(span);
            for (int j = 0; j < colAt.length; j++) colAt[j] = rng.nextInt(span);
            float[] src = new float[off + 2 * span];
            rng.fillUniform(src, -1f, 1f);
            float[] want = nans(3 + kc * nr), got = nans(3 + kc * nr);
            PanelPacking.packBOffsets(src, off, rowAt, colAt, p0, kc, j0, cols, nr, want, 3);
            v.packBOffsets(src, off, rowAt, colAt, p0, kc, j0, cols, got, 3);
            assertArrayEquals(want, got, () -> "kc=" + kc + " cols=" + cols);
        });
    }

    @Test
    void kernelsRejectAnEmptyOrTooDeepBlock() {
        for (MicroKernel k : new MicroKernel[] {new ScalarMicroKernel(2, 2), vectorOrScalar()}) {
            float[] x = new float[k.mr() * k.nr() * (MicroKernel.MAX_KC + 1)];
            assertThrows(IllegalArgumentException.class, () -> k.multiply(0, x, 0, x, 0, 1f, 0f, x, 0, k.nr()));
            assertThrows(IllegalArgumentException.class,
                    () -> k.multiply(MicroKernel.MAX_KC + 1, x, 0, x, 0, 1f, 0f, x, 0, k.nr()));
        }
    }

    private static MicroKernel vectorOrScalar() {
        return KernelProvider.vectorOr("dev.shears.tensor.gemm.VectorMicroKernel", MicroKernel.class, new ScalarMicroKernel(3, 3));
    }

    /** The scalar kernel meets its own contract on a hand-sized case: a 2×3 block, kc = 2. */
    @Test
    void scalarKernelComputesTheOuterProductSum() {
        MicroKernel s = new ScalarMicroKernel(2, 3);
        float[] a = {1, 2, 3, 4};          // p=0: rows (1, 2); p=1: rows (3, 4)
        float[] b = {1, 0, 2, 0, 1, 1};     // p=0: (1, 0, 2); p=1: (0, 1, 1)
        float[] c = new float[6];
        Arrays.fill(c, 10f);
        s.multiply(2, a, 0, b, 0, 2f, 0.5f, c, 0, 3);
        // ab = [[1, 3, 5], [2, 4, 8]]; C = 2·ab + 0.5·10
        assertArrayEquals(new float[] {7, 11, 15, 9, 13, 21}, c);
    }

    /** An array of n NaNs: whatever a packing leaves unwritten shows. */
    private static float[] nans(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
