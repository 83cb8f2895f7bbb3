package dev.shears.autograd.ops;

/**
 * Per-thread scratch buffers for the convolution and batch-norm kernels, grown on demand and reused across calls so the
 * hot path does not allocate. Contents are garbage on return; callers overwrite before reading. Each slot is
 * one independent buffer per thread.
 */
final class Scratch {

    /** Column matrix of an image block. */
    static final int COLS = 0;
    /** Output (or output-gradient) block [og, B·p]. */
    static final int OUT = 1;
    /** Column-gradient block. */
    static final int DCOLS = 2;
    /** Weight-gradient partial sums (used on the calling thread only). */
    static final int PARTIALS = 3;
    /** One channel's planes of a masked output gradient (batch norm with a fused ReLU). */
    static final int PLANES = 4;
    /** Batch norm over a block of channels with small planes: the per-position accumulator. */
    static final int BLOCK_ACC = 5;
    /** Batch norm over a block of channels: per-position parameter rows (mean, scales, shifts). */
    static final int BLOCK_A = 6, BLOCK_B = 7, BLOCK_C = 8;
    /** A second per-position accumulator (batch norm backward). */
    static final int BLOCK_ACC2 = 9;
    /** A convolution's weights packed once for all its image blocks (filled and read inside one call). */
    static final int PACKED_W = 10;
    /** A block of images' channels zero-padded, for the weight gradient's column offsets. */
    static final int PADDED_X = 11;
    /** A block's output gradient packed as the weight gradient's A operand. */
    static final int PACKED_GY = 12;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[13][0]);

    /** Per-kernel-tap buffers: a convolution's weights packed tap by tap (filled and read inside one call). */
    private static final ThreadLocal<float[][]> TAPS = ThreadLocal.withInitial(() -> new float[0][]);

    private Scratch() {}

    /** {@code count} buffers of at least {@code size} floats each on the calling thread. */
    static float[][] taps(int count, int size) {
        float[][] t = TAPS.get();
        if (t.length < count) {
            t = java.util.Arrays.copyOf(t, count);
            TAPS.set(t);
        }
        for (int i = 0; i < count; i++) if (t[i] == null || t[i].length < size) t[i] = new float[size];
        return t;
    }

    /** A buffer of at least {@code size} floats for {@code slot} on the calling thread. */
    static float[] get(int slot, int size) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < size) b[slot] = new float[size];
        return b[slot];
    }
}
