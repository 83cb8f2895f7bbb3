package dev.shears.codec.huffman;

import dev.shears.codec.bits.BitWriter;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A canonical Huffman code over symbols {@code 0..k-1} (Huffman 1952; canonical assignment as in
 * Schwartz and Kallick 1964, the form used by DEFLATE, RFC 1951 §3.2.2).
 *
 * <p>Determinism: code lengths come from the classic two-smallest merge, where ties between equal weights
 * are broken by node id (leaves are numbered by symbol, internal nodes after them in creation order), so the
 * same counts always give the same lengths. Codewords depend only on the lengths: symbols sorted by
 * (length, symbol) receive consecutive codes, most significant bit first.
 *
 * <p>Edge cases, chosen by us: a lone symbol gets a 1-bit code (the decoder never needs a zero-length
 * code); symbols with count 0 get no code (length 0). Lengths are limited to {@link #MAX_LENGTH}: if the
 * optimal code is deeper, all nonzero counts are halved (rounding up) and the code rebuilt until it fits.
 * If that ever leaves the mean length above ⌈log₂ k⌉, the flat code of ⌈log₂ k⌉ bits is used instead,
 * so the mean length never exceeds {@code 1 + log₂ k} (the premise of the sHAM space bound).
 */
public final class HuffmanCode {

    /** Longest codeword; a decoder window of 64 bits always holds a whole codeword. */
    public static final int MAX_LENGTH = 32;
    /** Largest alphabet; decoder entries pack the symbol into 26 bits. */
    public static final int MAX_SYMBOLS = 1 << 26;

    private final int[] lengths;
    private final long[] codes;
    private final int maxLength;

    private HuffmanCode(int[] lengths) {
        this.lengths = lengths;
        this.codes = canonicalCodes(lengths);
        int mx = 0;
        for (int l : lengths) mx = Math.max(mx, l);
        this.maxLength = mx;
    }

    /** The optimal (length-limited, see class notes) canonical code for the given symbol counts. */
    public static HuffmanCode fromCounts(long[] counts) {
        int k = counts.length;
        if (k > MAX_SYMBOLS) throw new IllegalArgumentException("alphabet of " + k + " symbols exceeds " + MAX_SYMBOLS);
        int used = 0;
        for (long c : counts) {
            if (c < 0) throw new IllegalArgumentException("negative count " + c);
            if (c > 0) used++;
        }
        int[] lengths = new int[k];
        if (used == 0) return new HuffmanCode(lengths);
        if (used == 1) {
            for (int s = 0; s < k; s++) if (counts[s] > 0) lengths[s] = 1;
            return new HuffmanCode(lengths);
        }
        long[] w = counts.clone();
        while (true) {
            huffmanLengths(w, lengths);
            int mx = 0;
            for (int l : lengths) mx = Math.max(mx, l);
            if (mx <= MAX_LENGTH) break;
            for (int s = 0; s < k; s++) if (w[s] > 0) w[s] = (w[s] + 1) >>> 1;
        }
        int flat = 32 - Integer.numberOfLeadingZeros(used - 1); // ⌈log₂ used⌉
        double total = 0, bits = 0;
        for (int s = 0; s < k; s++) {
            total += counts[s];
            bits += (double) counts[s] * lengths[s];
        }
        if (bits > total * flat) {
            for (int s = 0; s < k; s++) lengths[s] = counts[s] > 0 ? flat : 0;
        }
        return new HuffmanCode(lengths);
    }

    /** Optimal code lengths for nonzero weights {@code w} (at least two), written to {@code out}. */
    private static void huffmanLengths(long[] w, int[] out) {
        int k = w.length;
        int[] leafOf = new int[k];
        int u = 0;
        for (int s = 0; s < k; s++) if (w[s] > 0) leafOf[u++] = s;
        long[] weight = new long[2 * u - 1];
        int[] parent = new int[2 * u - 1];
        for (int i = 0; i < u; i++) weight[i] = w[leafOf[i]];
        PriorityQueue<Integer> heap = new PriorityQueue<>(u, (a, b) -> {
            int c = Long.compare(weight[a], weight[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        for (int i = 0; i < u; i++) heap.add(i);
        int next = u;
        while (heap.size() > 1) {
            int a = heap.poll(), b = heap.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            heap.add(next++);
        }
        int[] depth = new int[2 * u - 1];
        for (int i = 2 * u - 3; i >= 0; i--) depth[i] = depth[parent[i]] + 1; // parents are created after children
        Arrays.fill(out, 0);
        for (int i = 0; i < u; i++) out[leafOf[i]] = depth[i];
    }

    /**
     * A code from explicit lengths (0 = symbol absent), as stored in a file. Rejects lengths outside
     * [0, MAX_LENGTH] and length sets violating Kraft's inequality (not prefix-free).
     */
    public static HuffmanCode fromLengths(int[] lengths) {
        if (lengths.length > MAX_SYMBOLS) throw new IllegalArgumentException("alphabet of " + lengths.length + " symbols exceeds " + MAX_SYMBOLS);
        long kraft = 0;
        for (int l : lengths) {
            if (l < 0 || l > MAX_LENGTH) throw new IllegalArgumentException("code length " + l + " outside [0, " + MAX_LENGTH + "]");
            if (l > 0) kraft += 1L << (MAX_LENGTH - l);
            if (kraft > 1L << MAX_LENGTH) throw new IllegalArgumentException("code lengths violate Kraft's inequality");
        }
        return new HuffmanCode(lengths.clone());
    }

    private static long[] canonicalCodes(int[] lengths) {
        int k = lengths.length;
        long[] codes = new long[k];
        int[] perLength = new int[MAX_LENGTH + 2];
        for (int l : lengths) perLength[l]++;
        long[] next = new long[MAX_LENGTH + 2];
        long code = 0;
        perLength[0] = 0;
        for (int len = 1; len <= MAX_LENGTH; len++) {
            code = (code + perLength[len - 1]) << 1;
            next[len] = code;
        }
        for (int s = 0; s < k; s++) if (lengths[s] > 0) codes[s] = next[lengths[s]]++;
        return codes;
    }

    /** Alphabet size k (including symbols without a code). */
    public int symbolCount() { return lengths.length; }

    /** Code length of {@code symbol} in bits (0 if it has no code). */
    public int length(int symbol) { return lengths[symbol]; }

    /** All code lengths (a copy). */
    public int[] lengths() { return lengths.clone(); }

    /** Codeword of {@code symbol}, right-aligned. */
    public long code(int symbol) { return codes[symbol]; }

    /** Longest code length. */
    public int maxLength() { return maxLength; }

    /** Appends the codeword of {@code symbol}. */
    public void encode(BitWriter out, int symbol) {
        int l = lengths[symbol];
        if (l == 0) throw new IllegalArgumentException("symbol " + symbol + " has no code");
        out.write(codes[symbol], l);
    }

    /** Total bits to encode symbols with the given counts. */
    public long encodedBits(long[] counts) {
        long bits = 0;
        for (int s = 0; s < counts.length; s++) bits += counts[s] * lengths[s];
        return bits;
    }
}
