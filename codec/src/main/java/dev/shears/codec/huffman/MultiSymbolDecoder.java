package dev.shears.codec.huffman;

import dev.shears.codec.bits.BitReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Fast bulk decoder for a {@link HuffmanCode} of at most 256 symbols: one lookup on the next
 * {@code tableBits} stream bits yields every whole codeword those bits hold, up to
 * {@link #MAX_PER_LOOKUP}, so with the short codes of a quantized layer (about 5 bits for k = 32) one
 * lookup of 15 bits decodes almost three symbols. Multi-symbol tables and interleaved streams are the
 * standard table-driven Huffman speed-ups (zstd's Huffman decoder, for one, decodes four interleaved streams
 * with a two-symbol table, HUF_decompress4X2); Marinò et al. (2021 §4.1) decode one codeword at a time, so
 * this is our choice, and {@link HuffmanDecoder#decode} stays the reference it is tested against.
 *
 * <p>How the loop is kept short: the three symbols of a lookup are written with one 4-byte store (the
 * fourth byte is scratch, overwritten by the next store); one 57-bit window read from the stream serves
 * three lookups (three codeword groups of at most 15 bits fit in 57 bits), so the stream load is off the
 * lookup → length → shift chain two times out of three; a stream's whole state is one long,
 * {@code bit position << 16 | output index}, advanced by one add per lookup; and {@link #decodeFour} runs
 * four independent streams in one loop so the CPU overlaps their chains. Codewords longer than the table
 * fall back to {@link HuffmanDecoder}.
 *
 * <p>Streams are big-endian bytes padded with 8 zero bytes ({@link BitReader#paddedBytes}) and must hold
 * valid codewords for every symbol asked for (the matrix formats validate their streams when they read
 * them); a pattern that is no codeword raises {@link IllegalStateException}.
 */
public final class MultiSymbolDecoder {

    /** Largest table: three lookups of at most 15 bits fit in one 57-bit window; 2^15 longs are 256 KiB. */
    public static final int MAX_TABLE_BITS = 15;
    /** Most symbols one lookup yields (three 8-bit symbols fill the low word of an entry). */
    public static final int MAX_PER_LOOKUP = 3;
    /** Lookups served by one window read. */
    private static final int LOOKUPS_PER_WINDOW = 3;
    /** Slack the output arrays need past the last symbol: the 4-byte store of a lookup. */
    public static final int OUTPUT_SLACK = 4;
    /** Largest {@code stride} of {@link #decodeFour}: output indices are packed into 16 bits. */
    public static final int MAX_STRIDE = 1 << 14;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final HuffmanDecoder single;
    private final int shift;
    /**
     * Entry layout: bits 0–23 up to three symbols (first in the low byte), 32–47 their number, 48–63 their
     * total length; -1 when the first codeword does not fit in the table. The upper half is exactly what a
     * lookup adds to a stream's state {@code position << 16 | index}.
     */
    private final long[] table;

    private MultiSymbolDecoder(HuffmanDecoder single, int tableBits, long[] table) {
        this.single = single;
        this.shift = 64 - tableBits;
        this.table = table;
    }

    /**
     * A bulk decoder for {@code code} with a table of {@code 2^tableBits} entries (1 ≤ tableBits ≤
     * {@link #MAX_TABLE_BITS}), or null if the code has more than 256 symbols or no codeword at all.
     */
    public static MultiSymbolDecoder of(HuffmanCode code, int tableBits) {
        if (tableBits < 1 || tableBits > MAX_TABLE_BITS) throw new IllegalArgumentException("tableBits " + tableBits + " outside [1, " + MAX_TABLE_BITS + "]");
        if (code.symbolCount() > 256 || code.maxLength() == 0) return null;
        HuffmanDecoder single = new HuffmanDecoder(code);
        long[] table = new long[1 << tableBits];
        for (int p = 0; p < table.length; p++) {
            long window = (long) p << (64 - tableBits);
            int symbols = 0, count = 0, used = 0;
            while (count < MAX_PER_LOOKUP) {
                int d = single.decode(window << used);
                if (d < 0 || used + HuffmanDecoder.length(d) > tableBits) break;
                symbols |= HuffmanDecoder.symbol(d) << (8 * count);
                count++;
                used += HuffmanDecoder.length(d);
            }
            table[p] = count == 0 ? -1 : entry(symbols, count, used);
        }
        return new MultiSymbolDecoder(single, tableBits, table);
    }

    private static long entry(int symbols, int count, int length) {
        return symbols | ((long) length << 16 | count) << 32;
    }

    private static int index(long state) { return (int) state & 0xffff; }

    private static long position(long state) { return state >>> 16; }

    /**
     * Decodes symbols {@code n..end-1} of one stream into {@code out} starting at bit {@code pos}; returns
     * the position after the last codeword. {@code out} needs {@link #OUTPUT_SLACK} bytes past {@code end}.
     */
    public long decode(byte[] stream, long pos, byte[] out, int n, int end) {
        final long[] t = table;
        // Rounds of lookups that cannot overrun `end` (each yields at most MAX_PER_LOOKUP symbols): counted
        // loops without a bound test per lookup.
        for (int rounds; (rounds = (end - n) / MAX_PER_LOOKUP) > 0; ) {
            for (int r = 0; r < rounds; r++) {
                long e = t[(int) (BitReader.window57(stream, pos) >>> shift)];
                if (e < 0) e = longCodeword(stream, pos);
                INT_LE.set(out, n, (int) e);
                n += (int) (e >>> 32) & 0xffff;
                pos += e >>> 48;
            }
        }
        for (; n < end; n++) { // the last one or two symbols: exactly one codeword each
            int d = single.decode(BitReader.window57(stream, pos));
            if (d < 0) throw invalid(pos);
            out[n] = (byte) HuffmanDecoder.symbol(d);
            pos += HuffmanDecoder.length(d);
        }
        return pos;
    }

    /**
     * Decodes {@code count[w]} symbols of each of four streams (w = 0..3) from bit {@code pos[w]} of
     * {@code stream} into {@code out[w·stride ..]}, updating {@code pos[w]}; same result as four
     * {@link #decode} calls. {@code count[w] + OUTPUT_SLACK ≤ stride ≤ MAX_STRIDE}. The streams advance
     * together while all have symbols left, the rest one at a time.
     */
    public void decodeFour(byte[] stream, long[] pos, byte[] out, int stride, int[] count) {
        if (stride > MAX_STRIDE) throw new IllegalArgumentException("stride " + stride + " > " + MAX_STRIDE);
        for (int w = 0; w < 4; w++) {
            if (count[w] < 0 || count[w] + OUTPUT_SLACK > stride) throw new IllegalArgumentException("count " + count[w] + " does not fit stride " + stride);
        }
        final long[] t = table;
        final int perRound = LOOKUPS_PER_WINDOW * MAX_PER_LOOKUP;
        long s0 = pos[0] << 16, s1 = pos[1] << 16 | stride, s2 = pos[2] << 16 | 2 * stride, s3 = pos[3] << 16 | 3 * stride;
        int end0 = count[0], end1 = stride + count[1], end2 = 2 * stride + count[2], end3 = 3 * stride + count[3];
        for (int rounds; (rounds = Math.min(Math.min(end0 - index(s0), end1 - index(s1)), Math.min(end2 - index(s2), end3 - index(s3))) / perRound) > 0; ) {
            for (int r = 0; r < rounds; r++) {
                s0 = oneWindow(stream, t, s0, out);
                s1 = oneWindow(stream, t, s1, out);
                s2 = oneWindow(stream, t, s2, out);
                s3 = oneWindow(stream, t, s3, out);
            }
        }
        pos[0] = decode(stream, position(s0), out, index(s0), end0);
        pos[1] = decode(stream, position(s1), out, index(s1), end1);
        pos[2] = decode(stream, position(s2), out, index(s2), end2);
        pos[3] = decode(stream, position(s3), out, index(s3), end3);
    }

    /** {@link #LOOKUPS_PER_WINDOW} lookups from one window read; returns the advanced state. */
    private long oneWindow(byte[] stream, long[] t, long state, byte[] out) {
        long window = BitReader.window57(stream, position(state));
        for (int k = 0; k < LOOKUPS_PER_WINDOW; k++) {
            long e = t[(int) (window >>> shift)];
            if (e >= 0) {
                window <<= e >>> 48;
            } else { // a codeword longer than the table: decode it alone and read a fresh window after it
                e = longCodeword(stream, position(state));
                window = BitReader.window57(stream, position(state) + (e >>> 48));
            }
            INT_LE.set(out, index(state), (int) e);
            state += e >>> 32;
        }
        return state;
    }

    /** A table-shaped entry for the one codeword at {@code pos}, which is longer than the table. */
    private long longCodeword(byte[] stream, long pos) {
        int d = single.decode(BitReader.window57(stream, pos));
        if (d < 0) throw invalid(pos);
        return entry(HuffmanDecoder.symbol(d), 1, HuffmanDecoder.length(d));
    }

    private static IllegalStateException invalid(long pos) {
        return new IllegalStateException("no codeword at bit " + pos + " of a stream that should have been validated");
    }
}
