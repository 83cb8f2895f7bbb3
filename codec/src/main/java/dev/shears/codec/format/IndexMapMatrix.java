package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.bits.BitReader;
import dev.shears.codec.bits.BitWriter;
import java.util.List;

/**
 * Index map, IM (Marinò et al., arXiv 2108.12704 §4): a codebook of the k distinct values (zero included)
 * and, per weight in row-major order, its codebook index in {@code b = ⌈log₂ k⌉} bits, bit-packed into
 * 64-bit words. We use b = max(1, ⌈log₂ k⌉) so that the payload length bounds the element count.
 */
public final class IndexMapMatrix implements EncodedMatrix {

    private final int rows, cols, bits;
    private final float[] codebook;
    private final long[] words;

    private IndexMapMatrix(int rows, int cols, float[] codebook, int bits, long[] words) {
        this.rows = rows;
        this.cols = cols;
        this.codebook = codebook;
        this.bits = bits;
        this.words = words;
    }

    static int bitsFor(int k) { return Math.max(1, Alphabet.ceilLog2(k)); }

    static IndexMapMatrix encode(float[] w, int rows, int cols) {
        Alphabet a = Alphabet.of(w, false);
        int b = bitsFor(a.size());
        BitWriter out = new BitWriter();
        for (float x : w) out.write(a.symbolOf(x), b);
        return new IndexMapMatrix(rows, cols, a.values, b, out.toWords());
    }

    static IndexMapMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("im");
        long n = (long) s[0] * s[1];
        int k = in.i32("im codebook size", n > 0 ? 1 : 0, Math.min(n, Integer.MAX_VALUE - 8));
        int b = in.u8("im bits per index");
        if (b != bitsFor(k)) throw new CodecFormatException("im bits per index " + b + " != " + bitsFor(k) + " for " + k + " values");
        float[] codebook = in.floats(k, "im codebook");
        if (!Alphabet.strictlyAscending(codebook)) throw new CodecFormatException("im codebook is not strictly ascending");
        long totalBits = n * b;
        long[] words = in.longs((totalBits + 63) / 64, "im index words");
        BitReader r = new BitReader(words);
        for (long i = 0; i < n; i++) {
            long idx = r.read(b);
            if (idx >= k) throw new CodecFormatException("im index " + idx + " at element " + i + " outside codebook of " + k);
        }
        if (totalBits % 64 != 0 && words[words.length - 1] << (totalBits % 64) != 0) {
            throw new CodecFormatException("im padding bits are not zero");
        }
        return new IndexMapMatrix(s[0], s[1], codebook, b, words);
    }

    @Override public MatrixFormat format() { return MatrixFormat.IM; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    @Override public float[] decode() {
        float[] w = new float[rows * cols];
        BitReader r = new BitReader(words);
        for (int i = 0; i < w.length; i++) w[i] = codebook[(int) r.read(bits)];
        return w;
    }

    @Override public SizeReport size() {
        return new SizeReport(List.of(new SizeReport.Part("header", 104), new SizeReport.Part("codebook", 32L * codebook.length),
                new SizeReport.Part("indices", 64L * words.length)), rows, cols);
    }

    @Override public byte[] toBytes() {
        return new PayloadWriter().i32(rows).i32(cols).i32(codebook.length).u8(bits)
                .floats(codebook, 0, codebook.length).longs(words).toByteArray();
    }
}
