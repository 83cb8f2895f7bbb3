package dev.shears.tensor;

import java.util.Arrays;

/** Shape arithmetic on {@code int[]} shapes: element counts, strides, broadcasting, formatting. */
public final class Shape {

    private Shape() {}

    /** Number of elements; throws if any dimension is negative or the product overflows an int. */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + str(shape));
            n *= d;
            if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape too large: " + str(shape));
        }
        return (int) n;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int... shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** NumPy broadcast of two shapes; throws naming {@code op} and both shapes if incompatible. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Resolves one {@code -1} in a reshape target against {@code numel}. */
    public static int[] resolve(String op, int numel, int[] from, int... to) {
        int[] s = to.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": more than one -1 in " + str(to));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in " + str(to));
            } else {
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new IllegalArgumentException(op + ": cannot view " + str(from) + " as " + str(to));
            }
            s[infer] = (int) (numel / known);
        }
        if (numel(s) != numel) throw new IllegalArgumentException(op + ": cannot view " + str(from) + " as " + str(to));
        return s;
    }

    /** Normalises a possibly negative axis for a rank. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(op + ": axis " + axis + " out of range for rank " + rank);
        return a;
    }

    /** "[2, 3, 4]". */
    public static String str(int... shape) { return Arrays.toString(shape); }
}
