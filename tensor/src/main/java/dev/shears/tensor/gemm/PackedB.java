package dev.shears.tensor.gemm;

/**
 * The B operand of a GEMM given by how to pack its panels rather than as a stored matrix. A convolution
 * uses it to pack its im2col column matrix straight from the image ("implicit im2col"): the packing pass
 * reads the image once, and the column matrix is never written out and read back.
 *
 * <p>The layout is that of {@link PanelPacking#packB}, the specification: for {@code p < kc} and
 * {@code j < nr}, {@code dst[dstOff + p·nr + j]} holds {@code op(B)[p0 + p][j0 + j]}, and zero for
 * {@code cols <= j < nr}. Implementations must write exactly those {@code kc·nr} floats (several panels
 * are packed at once by different threads) and be safe to call from several threads.
 */
@FunctionalInterface
public interface PackedB {

    /** Packs rows {@code [p0, p0 + kc)} and columns {@code [j0, j0 + cols)} of op(B) into one panel. */
    void pack(int p0, int kc, int j0, int cols, int nr, float[] dst, int dstOff);
}
