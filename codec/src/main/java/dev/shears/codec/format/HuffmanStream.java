package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.huffman.HuffmanCode;
import dev.shears.codec.bits.BitReader;
import dev.shears.codec.huffman.HuffmanDecoder;

/**
 * The Huffman part shared by HAM and sHAM: codebook values, their canonical code lengths, the packed stream
 * and the bit offset where each column block starts. Payload layout: k (i32), values f32[k], lengths
 * u8[k], blocks P (i32), stream bits (i64), start offsets of blocks 1..P−1 (i64 each), stream words.
 */
final class HuffmanStream {

    final float[] codebook;
    final HuffmanCode code;
    final HuffmanDecoder decoder;
    /** Start bit of every block, plus the stream length at index P. */
    final long[] blockStart;
    final long bits;
    final long[] words;
    /** {@link #words} plus one zero word, for branch-free windows ({@link BitReader#windowPadded}). */
    final long[] padded;

    HuffmanStream(float[] codebook, HuffmanCode code, long[] blockStart, long bits, long[] words) {
        this.codebook = codebook;
        this.code = code;
        this.decoder = new HuffmanDecoder(code);
        this.blockStart = blockStart;
        this.bits = bits;
        this.words = words;
        this.padded = java.util.Arrays.copyOf(words, words.length + 1);
    }

    int blocks() { return blockStart.length - 1; }

    void write(PayloadWriter out) {
        out.i32(codebook.length).floats(codebook, 0, codebook.length);
        for (int l : code.lengths()) out.u8(l);
        out.i32(blocks()).i64(bits);
        for (int b = 1; b < blocks(); b++) out.i64(blockStart[b]);
        out.longs(words);
    }

    long codebookBits() { return 40L * codebook.length; }

    long offsetBits() { return 64L * Math.max(0, blocks() - 1); }

    long streamBits() { return 64L * words.length; }

    /** Bits of the fixed fields: k, P and the stream length. */
    static final long FIXED_BITS = 32 + 32 + 64;

    /**
     * Reads and validates the Huffman part of a matrix whose stream holds {@code symbols} codewords in
     * {@code cols} columns. Codewords are at least one bit, so {@code symbols} must not exceed the stream
     * length — this bounds every later decoding loop by the bytes present.
     */
    static HuffmanStream read(PayloadReader in, String what, long maxSymbols, int cols) throws CodecFormatException {
        int k = in.i32(what + " codebook size", 0, Math.min(HuffmanCode.MAX_SYMBOLS, Math.max(0, maxSymbols)));
        float[] codebook = in.floats(k, what + " codebook");
        if (!Alphabet.strictlyAscending(codebook)) throw new CodecFormatException(what + " codebook is not strictly ascending");
        int[] lengths = new int[k];
        for (int s = 0; s < k; s++) {
            lengths[s] = in.u8(what + " code length");
            if (lengths[s] == 0) throw new CodecFormatException(what + " code length of symbol " + s + " is 0");
        }
        HuffmanCode code;
        try {
            code = HuffmanCode.fromLengths(lengths);
        } catch (IllegalArgumentException e) {
            throw new CodecFormatException(what + " code lengths: " + e.getMessage());
        }
        int blocks = in.i32(what + " block count", ColumnBlocks.countFor(cols), ColumnBlocks.countFor(cols));
        long bits = in.i64(what + " stream bits", 0, 8L * in.remaining());
        long[] start = new long[blocks + 1];
        for (int b = 1; b < blocks; b++) start[b] = in.i64(what + " block " + b + " offset", start[b - 1], bits);
        start[Math.max(blocks, 0)] = bits;
        if (blocks == 0) start[0] = bits;
        long[] words = in.longs((bits + 63) / 64, what + " stream");
        if (bits % 64 != 0 && words[words.length - 1] << (bits % 64) != 0) throw new CodecFormatException(what + " padding bits are not zero");
        return new HuffmanStream(codebook, code, start, bits, words);
    }

    /** Decodes one codeword at {@code pos}, failing on an invalid pattern or a read past {@code limit}. */
    int checkedDecode(long pos, long limit, String what) throws CodecFormatException {
        int e = decoder.decode(BitReader.window(words, pos));
        if (e < 0) throw new CodecFormatException(what + ": invalid codeword at bit " + pos);
        if (pos + HuffmanDecoder.length(e) > limit) throw new CodecFormatException(what + ": codeword at bit " + pos + " runs past its block end " + limit);
        return e;
    }
}
