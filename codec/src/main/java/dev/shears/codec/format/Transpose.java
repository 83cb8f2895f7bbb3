package dev.shears.codec.format;

/** Cache-blocked transposition, used to turn column-major decodes into the row-major API layout. */
final class Transpose {

    private static final int TILE = 32;

    private Transpose() {}

    /** The row-major {@code [rows, cols]} copy of a column-major matrix {@code src}. */
    static float[] toRowMajor(float[] src, int rows, int cols) {
        float[] dst = new float[src.length];
        // Tiles keep both the strided reads and the strided writes inside a few cache lines and pages.
        for (int i0 = 0; i0 < rows; i0 += TILE) {
            int i1 = Math.min(rows, i0 + TILE);
            for (int j0 = 0; j0 < cols; j0 += TILE) {
                int j1 = Math.min(cols, j0 + TILE);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) dst[i * cols + j] = src[j * rows + i];
                }
            }
        }
        return dst;
    }
}
