package dev.shears.codec.huffman;

import java.util.Arrays;

/**
 * Table-driven decoder for a {@link HuffmanCode}. The next {@code tableBits} (≤ 11) bits index a table
 * that resolves every codeword of at most that length in one lookup; longer codewords fall back to the
 * canonical per-length search (at most {@link HuffmanCode#MAX_LENGTH} steps). Bit patterns that are not
 * a codeword (possible when the code is incomplete, e.g. read from a corrupt file) decode to {@code -1}.
 *
 * <p>A decoded entry packs {@code symbol << 5 | (length - 1)}; use {@link #symbol} and {@link #length}.
 * This one-codeword-at-a-time decoder is the reference; {@link MultiSymbolDecoder} is the bulk fast path.
 */
public final class HuffmanDecoder {

    private static final int MAX_TABLE_BITS = 11;

    private final int tableBits;
    private final int[] table;
    private final int maxLength;
    private final long[] firstCode = new long[HuffmanCode.MAX_LENGTH + 1];
    private final int[] firstIndex = new int[HuffmanCode.MAX_LENGTH + 1];
    private final int[] count = new int[HuffmanCode.MAX_LENGTH + 1];
    private final int[] sortedSymbols;

    /** A decoder for {@code code}. */
    public HuffmanDecoder(HuffmanCode code) {
        maxLength = code.maxLength();
        tableBits = Math.max(1, Math.min(maxLength, MAX_TABLE_BITS));
        table = new int[1 << tableBits];
        Arrays.fill(table, -1);
        int k = code.symbolCount();
        int used = 0;
        for (int s = 0; s < k; s++) {
            int l = code.length(s);
            if (l == 0) continue;
            used++;
            count[l]++;
            if (l <= tableBits) {
                int base = (int) (code.code(s) << (tableBits - l));
                int entry = s << 5 | (l - 1);
                Arrays.fill(table, base, base + (1 << (tableBits - l)), entry);
            }
        }
        // Symbols sorted by (length, symbol): canonical codes of one length are consecutive from firstCode.
        sortedSymbols = new int[used];
        int idx = 0;
        for (int l = 1; l <= HuffmanCode.MAX_LENGTH; l++) {
            firstIndex[l] = idx;
            boolean first = true;
            for (int s = 0; s < k; s++) {
                if (code.length(s) != l) continue;
                if (first) { firstCode[l] = code.code(s); first = false; }
                sortedSymbols[idx++] = s;
            }
        }
    }

    /**
     * Decodes the codeword at the top of {@code window} (the next 64 stream bits, most significant first).
     * Returns the packed entry, or -1 if the bits start no codeword.
     */
    public int decode(long window) {
        int e = table[(int) (window >>> (64 - tableBits))];
        if (e >= 0 || maxLength <= tableBits) return e;
        return decodeLong(window);
    }

    private int decodeLong(long window) {
        for (int len = tableBits + 1; len <= maxLength; len++) {
            long d = (window >>> (64 - len)) - firstCode[len];
            if (d >= 0 && d < count[len]) return sortedSymbols[firstIndex[len] + (int) d] << 5 | (len - 1);
        }
        return -1;
    }

    /** Symbol of a decoded entry. */
    public static int symbol(int entry) { return entry >>> 5; }

    /** Codeword length of a decoded entry. */
    public static int length(int entry) { return (entry & 31) + 1; }
}
