package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.bits.BitReader;
import dev.shears.codec.bits.BitWriter;
import dev.shears.codec.huffman.HuffmanCode;
import dev.shears.codec.huffman.HuffmanDecoder;
import dev.shears.codec.huffman.MultiSymbolDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Sparse Huffman address map, sHAM (Marinò et al., arXiv 2108.12704 §4): a CSC matrix whose nonzero
 * values are Huffman-coded (zero is not in the alphabet) into one column-major stream, with row indices
 * and column pointers stored uncompressed in the narrowest of 8/16/32 bits that fits (row indices: n − 1;
 * pointers: q). Block start offsets allow parallel decoding as in {@link HamMatrix}.
 *
 * <p>Space bound. With s = q/(nm), k distinct nonzero values, B = 32 and log base 2, the paper states
 * ψ_sHAM ≤ s(1 + log k)/B + 6k/(nm) + (n + m + 1)/(nm). That cannot hold as written for our (or any)
 * layout that stores one row index per nonzero: the q row indices cost q·w_r bits (w_r ≥ 8), which grows
 * with q while the last term is fixed, so the stated bound fails as soon as q·w_r exceeds about
 * (n + m + 1)·B (e.g. a dense 300×300 block with k = 2). The bound our measured sizes satisfy, and that
 * the tests check, counts every part:
 * {@code ψ ≤ s(1 + log₂ k)/B + 6k/(nm) + s·w_r/B + (m + 1)·w_p/(B·nm) + (208 + 63 + 64(P−1))/(B·nm)},
 * the last term being header (rows, cols, two widths, k, P, stream length: 208 bits), word padding and
 * block offsets.
 */
public final class ShamMatrix implements EncodedMatrix {

    /** Bits of the header: rows, cols, two width bytes, k, P, stream length. */
    static final long HEADER_BITS = 64 + 16 + HuffmanStream.FIXED_BITS;

    private final int rows, cols;
    private final NarrowInts colPtr, rowIdx;
    private final HuffmanStream h;
    private final ColumnBlocks scratch = new ColumnBlocks();

    private ShamMatrix(int rows, int cols, NarrowInts colPtr, NarrowInts rowIdx, HuffmanStream h) {
        this.rows = rows;
        this.cols = cols;
        this.colPtr = colPtr;
        this.rowIdx = rowIdx;
        this.h = h;
    }

    static int rowWidth(int rows) { return NarrowInts.widthFor(Math.max(0, rows - 1)); }

    static ShamMatrix encode(float[] w, int rows, int cols) {
        float[] colMajor = Transpose.toRowMajor(w, cols, rows); // the stream order, read sequentially
        Alphabet a = Alphabet.of(w, true);
        HuffmanCode code = HuffmanCode.fromCounts(a.counts);
        int q = 0;
        for (long c : a.counts) q += (int) c;
        int[] ptr = new int[cols + 1], idx = new int[q];
        int blocks = ColumnBlocks.countFor(cols);
        long[] start = new long[blocks + 1];
        BitWriter out = new BitWriter();
        int p = 0;
        for (int b = 0; b < blocks; b++) {
            start[b] = out.bitCount();
            for (int j = ColumnBlocks.start(b, blocks, cols); j < ColumnBlocks.start(b + 1, blocks, cols); j++) {
                for (int i = 0; i < rows; i++) {
                    float v = colMajor[j * rows + i];
                    if (v == 0f) continue;
                    code.encode(out, a.symbolOf(v));
                    idx[p++] = i;
                }
                ptr[j + 1] = p;
            }
        }
        start[blocks] = out.bitCount();
        NarrowInts rowIdx = NarrowInts.allocate(q, rowWidth(rows));
        for (int t = 0; t < q; t++) rowIdx.set(t, idx[t]);
        NarrowInts colPtr = NarrowInts.allocate(cols + 1, NarrowInts.widthFor(q));
        for (int j = 0; j <= cols; j++) colPtr.set(j, ptr[j]);
        return new ShamMatrix(rows, cols, colPtr, rowIdx, new HuffmanStream(a.values, code, start, out.bitCount(), out.toWords()));
    }

    static ShamMatrix read(PayloadReader in) throws CodecFormatException {
        int[] s = in.shape("sham");
        int rows = s[0], cols = s[1];
        int wp = in.u8("sham pointer width"), wr = in.u8("sham row index width");
        if (wr != rowWidth(rows)) throw new CodecFormatException("sham row index width " + wr + " != " + rowWidth(rows) + " for " + rows + " rows");
        NarrowInts ptr = in.narrow(cols + 1L, wp, "sham column pointers");
        if (ptr.get(0) != 0) throw new CodecFormatException("sham column pointers start at " + ptr.get(0) + ", not 0");
        for (int j = 1; j <= cols; j++) {
            if (Integer.compareUnsigned(ptr.get(j), ptr.get(j - 1)) < 0) throw new CodecFormatException("sham column pointers decrease at " + j);
        }
        long q = Integer.toUnsignedLong(ptr.get(cols));
        if (q > (long) rows * cols) throw new CodecFormatException("sham declares " + q + " nonzeros in " + rows + "x" + cols);
        if (wp != NarrowInts.widthFor(q)) throw new CodecFormatException("sham pointer width " + wp + " != " + NarrowInts.widthFor(q) + " for " + q + " nonzeros");
        NarrowInts idx = in.narrow(q, wr, "sham row indices");
        for (int j = 0; j < cols; j++) {
            for (int p = ptr.get(j); p < ptr.get(j + 1); p++) {
                int r = idx.get(p);
                if (r < 0 || r >= rows) throw new CodecFormatException("sham row index " + r + " at " + p + " outside [0, " + rows + ")");
                if (p > ptr.get(j) && r <= idx.get(p - 1)) throw new CodecFormatException("sham row indices not increasing at " + p);
            }
        }
        HuffmanStream h = HuffmanStream.read(in, "sham", q, cols);
        if (q > 0 && h.codebook.length == 0) throw new CodecFormatException("sham codebook is empty but " + q + " nonzeros are declared");
        if (q > h.bits) throw new CodecFormatException("sham stream of " + h.bits + " bits cannot hold " + q + " codewords");
        for (float v : h.codebook) if (v == 0f) throw new CodecFormatException("sham codebook contains zero");
        for (int b = 0; b < h.blocks(); b++) {
            long pos = h.blockStart[b], end = h.blockStart[b + 1];
            int from = ColumnBlocks.start(b, h.blocks(), cols), to = ColumnBlocks.start(b + 1, h.blocks(), cols);
            for (int p = ptr.get(from); p < ptr.get(to); p++) pos += HuffmanDecoder.length(h.checkedDecode(pos, end, "sham block " + b));
            if (pos != end) throw new CodecFormatException("sham block " + b + " ends at bit " + pos + ", next starts at " + end);
        }
        return new ShamMatrix(rows, cols, ptr, idx, h);
    }

    @Override public MatrixFormat format() { return MatrixFormat.SHAM; }
    @Override public int rows() { return rows; }
    @Override public int cols() { return cols; }

    /** Distinct nonzero values k. */
    public int alphabetSize() { return h.codebook.length; }

    /** Nonzeros q. */
    public int nonzeros() { return rowIdx.size(); }

    /** Width in bits of the stored row indices. */
    public int rowIndexWidth() { return rowIdx.width(); }

    /** Width in bits of the stored column pointers. */
    public int pointerWidth() { return colPtr.width(); }

    @Override public float[] decode() {
        float[] w = new float[rows * cols]; // column-major until the final transposition
        long pos = 0;
        for (int j = 0; j < cols; j++) {
            for (int p = colPtr.get(j); p < colPtr.get(j + 1); p++) {
                int e = h.decoder.decode(BitReader.window(h.words, pos));
                pos += (e & 31) + 1;
                w[j * rows + rowIdx.get(p)] = h.codebook[e >>> 5];
            }
        }
        return Transpose.toRowMajor(w, rows, cols);
    }

    @Override public SizeReport size() {
        List<SizeReport.Part> p = new ArrayList<>();
        p.add(new SizeReport.Part("header", HEADER_BITS));
        p.add(new SizeReport.Part("pointers", (long) colPtr.width() * colPtr.size()));
        p.add(new SizeReport.Part("indices", (long) rowIdx.width() * rowIdx.size()));
        p.add(new SizeReport.Part("codebook", h.codebookBits()));
        p.add(new SizeReport.Part("block_offsets", h.offsetBits()));
        p.add(new SizeReport.Part("stream", h.streamBits()));
        return new SizeReport(p, rows, cols);
    }

    @Override public byte[] toBytes() {
        PayloadWriter out = new PayloadWriter().i32(rows).i32(cols).u8(colPtr.width()).u8(rowIdx.width()).ints(colPtr).ints(rowIdx);
        h.write(out);
        return out.toByteArray();
    }

    /** Bits of Huffman codewords proper (without padding). */
    public long codewordBits() { return h.bits; }

    /**
     * The sHAM dot product (Marinò et al. 2021 §4.1): decode each column block's codewords from its stored
     * offset and scatter value·x[j] into the stored rows; blocks in parallel (see {@link ColumnBlocks}).
     * Alphabets of up to 256 values take the tuned {@link #bulkProduct}, the others
     * {@link #referenceProduct}; both give the same bits.
     */
    @Override public void multiply(float[] x, float[] y, int batch) {
        MultiSymbolDecoder fast = bulk();
        if (fast != null) bulkProduct(x, y, batch, fast);
        else referenceProduct(x, y, batch);
    }

    /** The product decoding one codeword at a time with {@link HuffmanDecoder}: the reference for the tuned path. */
    void referenceProduct(float[] x, float[] y, int batch) {
        final long[] words = h.words;
        final float[] values = h.codebook;
        final HuffmanDecoder dec = h.decoder;
        scratch.multiply(rows, cols, x, y, batch, (b, from, to, xs, acc, nb) -> {
            // Bit buffer: the next `avail` (33..64) stream bits sit at the top of `buf`; refilled 32 bits at a
            // time off the decode's critical path (table lookup → length → shift).
            long fetch = h.blockStart[b];
            long buf = BitReader.window(words, fetch);
            int avail = 64;
            fetch += 64;
            int p = colPtr.get(from);
            for (int j = from; j < to; j++) {
                int end = colPtr.get(j + 1);
                for (; p < end; p++) {
                    int e = dec.decode(buf);
                    int len = (e & 31) + 1;
                    buf <<= len;
                    avail -= len;
                    if (avail <= 32) {
                        buf |= (BitReader.window(words, fetch) >>> 32) << (32 - avail);
                        fetch += 32;
                        avail += 32;
                    }
                    float v = values[e >>> 5];
                    for (int t = 0, ao = rowIdx.get(p) * nb, xo = j * nb; t < nb; t++) acc[ao + t] += v * xs[xo + t];
                }
            }
        });
    }

    private MultiSymbolDecoder bulk;
    private boolean bulkBuilt;

    /**
     * The multi-symbol decoder, built on first use (null for alphabets over 256 values or no nonzeros). Its
     * table has at most about q entries, so building it never costs more than a product.
     */
    private synchronized MultiSymbolDecoder bulk() {
        if (!bulkBuilt) {
            int q = nonzeros();
            bulk = MultiSymbolDecoder.of(h.code, Math.max(1, Math.min(MultiSymbolDecoder.MAX_TABLE_BITS, 31 - Integer.numberOfLeadingZeros(Math.max(1, q)))));
            bulkBuilt = true;
        }
        return bulk;
    }

    /** Symbols decoded per chunk before they are scattered. */
    private static final int CHUNK = 2048;
    /** Symbols one task decodes per chunk and stream, plus the decoder's store slack. */
    private static final int STRIDE = CHUNK + MultiSymbolDecoder.OUTPUT_SLACK;
    private byte[][] symbolScratch = new byte[0][];

    /** Column blocks whose streams one task decodes together. */
    private static final int WAYS = 4;

    /**
     * The tuned product: task t owns blocks t, t + T, t + 2T, t + 3T (T = ⌈P/4⌉) and decodes their four
     * streams in one loop ({@link MultiSymbolDecoder#decodeFour}: four independent lookup chains, up to three
     * codewords per lookup) into small symbol chunks that are then scattered like CSC. Every block still
     * accumulates its own columns in order into its own partial with the same arithmetic, so the result is
     * {@link #referenceProduct}'s, whatever the thread count.
     */
    private void bulkProduct(float[] x, float[] y, int batch, MultiSymbolDecoder bulk) {
        synchronized (scratch) {
            int blocks = ColumnBlocks.countFor(cols);
            int tasks = (blocks + WAYS - 1) / WAYS;
            if (symbolScratch.length < tasks) symbolScratch = new byte[tasks][WAYS * STRIDE];
            scratch.multiply(rows, cols, x, y, batch, tasks, (task, xs, acc) -> {
                Cursor[] cur = new Cursor[WAYS];
                byte[] sym = symbolScratch[task]; // stream w's symbols at [w·STRIDE, w·STRIDE + count[w])
                for (int w = 0; w < WAYS; w++) {
                    int b = task + w * tasks;
                    cur[w] = b < blocks ? new Cursor(b, blocks, xs, acc[b], batch) : null;
                }
                int[] count = new int[WAYS];
                long[] pos = new long[WAYS];
                while (true) {
                    boolean any = false;
                    for (int w = 0; w < WAYS; w++) {
                        count[w] = cur[w] == null ? 0 : Math.min(CHUNK, cur[w].remaining());
                        pos[w] = cur[w] == null ? 0 : cur[w].pos;
                        any |= count[w] > 0;
                    }
                    if (!any) break;
                    bulk.decodeFour(h.bytes, pos, sym, STRIDE, count);
                    for (int w = 0; w < WAYS; w++) {
                        if (count[w] == 0) continue;
                        cur[w].pos = pos[w];
                        cur[w].scatter(sym, w * STRIDE, count[w]);
                    }
                }
            });
        }
    }

    /** Where one column block's product stands: next bit, next nonzero, current column. */
    private final class Cursor {
        final float[] x, acc;
        final int last, batch;
        long pos;
        int p, j, colEnd;

        /** x: {@code [m, batch]}; acc: the block's partial, {@code [n, batch]}. */
        Cursor(int block, int blocks, float[] x, float[] acc, int batch) {
            this.x = x;
            this.acc = acc;
            this.batch = batch;
            int from = ColumnBlocks.start(block, blocks, cols);
            pos = h.blockStart[block];
            p = colPtr.get(from);
            last = colPtr.get(ColumnBlocks.start(block + 1, blocks, cols));
            j = from;
            colEnd = colPtr.get(from + 1);
        }

        int remaining() { return last - p; }

        /** acc[row] += value·x[column] for the next {@code n} nonzeros, whose symbols are {@code sym[symFrom ..]}. */
        void scatter(byte[] sym, int symFrom, int n) {
            final float[] values = h.codebook;
            final int nb = batch;
            int p = this.p, j = this.j, colEnd = this.colEnd;
            int stopAll = p + n;
            while (p < stopAll) {
                while (p == colEnd) colEnd = colPtr.get(++j + 1);
                int stop = Math.min(colEnd, stopAll);
                int s = symFrom + n - (stopAll - p);
                if (nb == 1) {
                    rowIdx.scatterAdd(p, stop, sym, s, values, x[j], acc);
                } else {
                    for (int q = p; q < stop; q++, s++) {
                        float v = values[sym[s] & 0xff];
                        for (int t = 0, ao = rowIdx.get(q) * nb, xo = j * nb; t < nb; t++) acc[ao + t] += v * x[xo + t];
                    }
                }
                p = stop;
            }
            this.p = p;
            this.j = j;
            this.colEnd = colEnd;
        }
    }
}
