package dev.shears.tensor;

/**
 * Element-wise binary operations with NumPy broadcasting. Equal shapes and scalar operands take the kernel
 * fast path; other shapes walk the output with an odometer over the broadcast strides (a stride of 0 on a
 * broadcast dimension), running the kernel over the innermost contiguous run when possible.
 */
final class Broadcast {

    /** A binary kernel over ranges. */
    interface RangeOp {
        void apply(float[] a, int ao, float[] b, int bo, float[] out, int oo, int n);
    }

    /** The scalar formula of the same op, for the odometer path. */
    interface ElementOp {
        float apply(float a, float b);
    }

    private Broadcast() {}

    static Tensor apply(String op, Tensor a, Tensor b, RangeOp range, ElementOp elem) {
        int[] shape = Shape.broadcast(op, a.shape(), b.shape());
        Tensor out = Tensor.zeros(shape);
        applyInto(a, b, out, range, elem);
        return out;
    }

    /** Writes {@code a op b} into {@code out}, whose shape must be the broadcast shape. */
    static void applyInto(Tensor a, Tensor b, Tensor out, RangeOp range, ElementOp elem) {
        int n = out.numel();
        if (n == 0) return;
        if (a.numel() == n && b.numel() == n) {
            range.apply(a.data(), a.offset(), b.data(), b.offset(), out.data(), out.offset(), n);
            return;
        }
        int[] shape = out.shape();
        int r = shape.length;
        int[] sa = broadcastStrides(a.shape(), r, shape);
        int[] sb = broadcastStrides(b.shape(), r, shape);
        float[] ad = a.data(), bd = b.data(), od = out.data();
        int inner = shape[r - 1];
        int ia = sa[r - 1], ib = sb[r - 1];
        int[] idx = new int[r];
        int pa = a.offset(), pb = b.offset(), po = out.offset();
        int rows = n / inner;
        for (int row = 0; row < rows; row++) {
            if (ia == 1 && ib == 1) {
                range.apply(ad, pa, bd, pb, od, po, inner);
            } else {
                for (int j = 0; j < inner; j++) od[po + j] = elem.apply(ad[pa + j * ia], bd[pb + j * ib]);
            }
            po += inner;
            // advance the odometer over dimensions [0, r-1)
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                pa += sa[d];
                pb += sb[d];
                if (idx[d] < shape[d]) break;
                pa -= sa[d] * shape[d];
                pb -= sb[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** Strides of {@code s} aligned right to rank {@code r}, 0 where {@code s} broadcasts. */
    static int[] broadcastStrides(int[] s, int r, int[] outShape) {
        int[] st = Shape.strides(s);
        int[] res = new int[r];
        for (int i = 0; i < s.length; i++) {
            int d = r - s.length + i;
            res[d] = s[i] == 1 && outShape[d] != 1 ? 0 : st[i];
        }
        return res;
    }
}
