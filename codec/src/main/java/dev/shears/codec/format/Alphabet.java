package dev.shears.codec.format;

import java.util.Arrays;

/** The distinct values of a matrix (ascending, {@link Float#compare} order) and how often each occurs. */
final class Alphabet {

    final float[] values;
    final long[] counts;

    private Alphabet(float[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
    }

    /** Distinct values of {@code w}; with {@code nonzeroOnly}, zeros (±0) are left out. */
    static Alphabet of(float[] w, boolean nonzeroOnly) {
        int n = 0;
        float[] sorted = new float[w.length];
        for (float v : w) if (!nonzeroOnly || v != 0f) sorted[n++] = v;
        sorted = Arrays.copyOf(sorted, n);
        Arrays.sort(sorted);
        float[] vals = new float[n];
        long[] cnt = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (k == 0 || Float.compare(sorted[i], vals[k - 1]) != 0) vals[k++] = sorted[i];
            cnt[k - 1]++;
        }
        return new Alphabet(Arrays.copyOf(vals, k), Arrays.copyOf(cnt, k));
    }

    int size() { return values.length; }

    /** Symbol of a value that is in the alphabet. */
    int symbolOf(float v) { return Arrays.binarySearch(values, v); }

    /** Whether {@code codebook} is strictly ascending (the canonical order every writer uses). */
    static boolean strictlyAscending(float[] codebook) {
        for (int i = 1; i < codebook.length; i++) if (Float.compare(codebook[i - 1], codebook[i]) >= 0) return false;
        return true;
    }

    /** ⌈log₂ k⌉ for k ≥ 1. */
    static int ceilLog2(int k) { return k <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(k - 1); }
}
