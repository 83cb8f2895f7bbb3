package dev.shears.codec.format;

import java.util.Arrays;

/**
 * The distinct values of a matrix (ascending in {@link Float#compare} order, so −0 and +0 are distinct and
 * all NaNs are one value) with how often each occurs, and a hash lookup from value to symbol index. Counting
 * goes through an open-addressing table keyed by {@link Float#floatToIntBits}, so building the alphabet of
 * a large, heavily quantized matrix is linear rather than a sort of every entry.
 */
final class Alphabet {

    /** Never produced by floatToIntBits (a non-canonical NaN), so it marks empty slots. */
    private static final int EMPTY = 0x7fc00001;

    final float[] values;
    final long[] counts;
    private final int[] keys;
    private final int[] symbolOfSlot;

    private Alphabet(float[] values, long[] counts, int[] keys, int[] symbolOfSlot) {
        this.values = values;
        this.counts = counts;
        this.keys = keys;
        this.symbolOfSlot = symbolOfSlot;
    }

    /** Distinct values of {@code w}; with {@code nonzeroOnly}, zeros (±0) are left out. */
    static Alphabet of(float[] w, boolean nonzeroOnly) {
        int[] keys = new int[64];
        long[] cnt = new long[64];
        Arrays.fill(keys, EMPTY);
        int size = 0;
        for (float v : w) {
            if (nonzeroOnly && v == 0f) continue;
            int key = Float.floatToIntBits(v);
            int slot = find(keys, key);
            if (keys[slot] == EMPTY) {
                if (2 * (size + 1) > keys.length) { // keep the load factor at most 1/2
                    int[] ok = keys;
                    long[] oc = cnt;
                    keys = new int[ok.length * 2];
                    cnt = new long[ok.length * 2];
                    Arrays.fill(keys, EMPTY);
                    for (int s = 0; s < ok.length; s++) {
                        if (ok[s] == EMPTY) continue;
                        int t = find(keys, ok[s]);
                        keys[t] = ok[s];
                        cnt[t] = oc[s];
                    }
                    slot = find(keys, key);
                }
                keys[slot] = key;
                size++;
            }
            cnt[slot]++;
        }
        float[] values = new float[size];
        int n = 0;
        for (int key : keys) if (key != EMPTY) values[n++] = Float.intBitsToFloat(key);
        Arrays.sort(values);
        long[] counts = new long[size];
        int[] symbolOfSlot = new int[keys.length];
        for (int s = 0; s < size; s++) {
            int slot = find(keys, Float.floatToIntBits(values[s]));
            symbolOfSlot[slot] = s;
            counts[s] = cnt[slot];
        }
        return new Alphabet(values, counts, keys, symbolOfSlot);
    }

    private static int find(int[] keys, int key) {
        int mask = keys.length - 1;
        int slot = (key * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(keys.length)); // Fibonacci hashing
        if (keys.length == 1) slot = 0;
        while (keys[slot] != EMPTY && keys[slot] != key) slot = (slot + 1) & mask;
        return slot;
    }

    int size() { return values.length; }

    /** Symbol of a value that is in the alphabet. */
    int symbolOf(float v) { return symbolOfSlot[find(keys, Float.floatToIntBits(v))]; }

    /** Whether {@code codebook} is strictly ascending (the canonical order every writer uses). */
    static boolean strictlyAscending(float[] codebook) {
        for (int i = 1; i < codebook.length; i++) if (Float.compare(codebook[i - 1], codebook[i]) >= 0) return false;
        return true;
    }

    /** ⌈log₂ k⌉ for k ≥ 1. */
    static int ceilLog2(int k) { return k <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(k - 1); }
}
