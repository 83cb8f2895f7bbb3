package dev.shears.tensor.random;

/**
 * A seeded random number generator whose streams are identical on every JVM: xoshiro256** (Blackman and
 * Vigna, 2018) seeded through SplitMix64, with all transcendental functions from {@link StrictMath}.
 *
 * <p>Not thread-safe; use {@link #split()} to derive independent generators for parallel work.
 */
public final class Rng {

    private long s0, s1, s2, s3;
    private double spareNormal;
    private boolean hasSpare;

    /** A generator for {@code seed}. */
    public Rng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    private Rng(long[] state) {
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3];
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() { return (nextLong() >>> 11) * 0x1.0p-53; }

    /** Uniform in [0, 1) with 24 random bits. */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }

    /** Uniform integer in [0, bound), unbiased (Lemire's rejection). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        long r = (nextLong() >>> 32) * bound;
        long low = r & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                r = (nextLong() >>> 32) * bound;
                low = r & 0xFFFFFFFFL;
            }
        }
        return (int) (r >>> 32);
    }

    /** Standard normal, by the Box–Muller transform (pairs cached). */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1;
        do { u1 = nextDouble(); } while (u1 == 0.0);
        double u2 = nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double th = 2.0 * StrictMath.PI * u2;
        spareNormal = r * StrictMath.sin(th);
        hasSpare = true;
        return r * StrictMath.cos(th);
    }

    /** Fills {@code out} with uniform values in [lo, hi) ({@code lo} itself when {@code lo == hi}). */
    public void fillUniform(float[] out, float lo, float hi) {
        if (!(lo <= hi)) throw new IllegalArgumentException("fillUniform: need lo <= hi, got [" + lo + ", " + hi + ")");
        for (int i = 0; i < out.length; i++) out[i] = uniform(lo, hi);
    }

    /**
     * {@code lo + (hi − lo)·u}. For u just below 1 the float rounding can land exactly on {@code hi} (for
     * many (lo, hi) pairs, with probability about 2^-24 per draw); such a draw becomes the float just below
     * {@code hi}, which keeps the interval half-open.
     */
    private float uniform(float lo, float hi) {
        float v = lo + (hi - lo) * nextFloat();
        return v < hi || lo == hi ? v : Math.nextDown(hi);
    }

    /** Fills {@code out} with normal values of the given mean and standard deviation. */
    public void fillNormal(float[] out, float mean, float std) {
        for (int i = 0; i < out.length; i++) out[i] = (float) (mean + std * nextGaussian());
    }

    /** A random permutation of {@code 0..n-1} (Fisher–Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    /** An independent generator derived from this one's next output (this one advances). */
    public Rng split() { return new Rng(nextLong()); }

    /** The full state, for checkpoints: four state words, then the cached normal (if any). */
    public long[] state() {
        return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spareNormal)};
    }

    /** Restores a state returned by {@link #state()}. */
    public static Rng fromState(long[] state) {
        if (state.length != 6) throw new IllegalArgumentException("Rng state has 6 words, got " + state.length);
        Rng r = new Rng(state);
        r.hasSpare = state[4] != 0;
        r.spareNormal = Double.longBitsToDouble(state[5]);
        return r;
    }
}
