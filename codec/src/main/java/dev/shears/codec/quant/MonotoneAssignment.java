package dev.shears.codec.quant;

/**
 * Assigns sorted values to levels minimising {@code cost(value, level)} when the optimal level is a
 * nondecreasing function of the value — true for {@code |w − c_l| + a_l} with ascending centroids
 * {@code c_l} and any per-level offsets {@code a_l}, since for l &lt; l' the difference of the two costs is
 * nondecreasing in w. Divide and conquer over the values (the classic monotone-argmin search) finds every
 * argmin in O((q + k) log q) instead of O(qk). Ties go to the lowest level, so equal values share a level.
 */
final class MonotoneAssignment {

    /** Cost of putting a value on a level. */
    interface Cost {
        double at(double value, int level);
    }

    private MonotoneAssignment() {}

    /** Fills {@code out[t]} with the best level for {@code values[t]} (values ascending). */
    static void assign(double[] values, int levels, Cost cost, int[] out) {
        if (values.length == 0) return;
        solve(values, cost, out, 0, values.length - 1, 0, levels - 1);
    }

    private static void solve(double[] v, Cost cost, int[] out, int lo, int hi, int optLo, int optHi) {
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int best = optLo;
            double bestCost = cost.at(v[mid], optLo);
            for (int l = optLo + 1; l <= optHi; l++) {
                double c = cost.at(v[mid], l);
                if (c < bestCost) { bestCost = c; best = l; }
            }
            out[mid] = best;
            solve(v, cost, out, lo, mid - 1, optLo, best);
            lo = mid + 1; // tail-iterate on the right half
            optLo = best;
        }
    }
}
