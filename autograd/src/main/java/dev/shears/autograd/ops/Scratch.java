package dev.shears.autograd.ops;

/**
 * Per-thread scratch buffers for the convolution kernels (im2col columns, their gradients, weight-gradient
 * partials), grown on demand and reused across calls so the hot path does not allocate. Contents are
 * garbage on return; callers overwrite before reading. Each slot is one independent buffer per thread.
 */
final class Scratch {

    static final int COLS = 0, DCOLS = 1, PARTIALS = 2;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[3][0]);

    private Scratch() {}

    /** A buffer of at least {@code size} floats for {@code slot} on the calling thread. */
    static float[] get(int slot, int size) {
        float[][] b = BUFFERS.get();
        if (b[slot].length < size) b[slot] = new float[size];
        return b[slot];
    }
}
