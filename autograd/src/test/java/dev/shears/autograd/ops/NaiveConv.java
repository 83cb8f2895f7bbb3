package dev.shears.autograd.ops;

/**
 * The textbook definition of 2-D convolution (cross-correlation) and its gradients as plain loops in double:
 * the reference the fast paths are tested against.
 * {@code y[n,o,oy,ox] = b[o] + Σ_{c,ki,kj} w[o,c,ki,kj] · x[n, g·cg + c, oy·s − p + ki·d, ox·s − p + kj·d]}.
 */
final class NaiveConv {

    final int n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;

    /** Square stride, padding and dilation. */
    NaiveConv(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad, int dil, int groups) {
        this(n, c, h, w, o, kh, kw, stride, stride, pad, pad, dil, dil, groups);
    }

    NaiveConv(int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
        this.n = n; this.c = c; this.h = h; this.w = w; this.o = o; this.kh = kh; this.kw = kw;
        this.sh = sh; this.sw = sw; this.ph = ph; this.pw = pw; this.dh = dh; this.dw = dw; this.groups = groups;
        this.oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1;
        this.ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
    }

    /** Calls {@code f(n, o, oy, ox, xIndex, wIndex)} for every product term of the convolution. */
    interface Term { void accept(int xi, int wi, int yi); }

    void forEachTerm(Term f) {
        int cg = c / groups, og = o / groups;
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++) {
                int g = oc / og;
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int ci = 0; ci < cg; ci++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++) {
                                    int iy = oy * sh - ph + ki * dh, ix = ox * sw - pw + kj * dw;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    int xi = ((b * c + g * cg + ci) * h + iy) * w + ix;
                                    int wi = ((oc * cg + ci) * kh + ki) * kw + kj;
                                    int yi = ((b * o + oc) * oh + oy) * ow + ox;
                                    f.accept(xi, wi, yi);
                                }
            }
    }

    double[] forward(float[] x, float[] wt, float[] bias) {
        double[] y = new double[n * o * oh * ow];
        if (bias != null) for (int i = 0; i < y.length; i++) y[i] = bias[(i / (oh * ow)) % o];
        forEachTerm((xi, wi, yi) -> y[yi] += (double) x[xi] * wt[wi]);
        return y;
    }

    /** {gx, gw, gb} for output gradient gy. */
    double[][] backward(float[] x, float[] wt, float[] gy) {
        double[] gx = new double[x.length], gw = new double[wt.length], gb = new double[o];
        forEachTerm((xi, wi, yi) -> {
            gx[xi] += (double) gy[yi] * wt[wi];
            gw[wi] += (double) gy[yi] * x[xi];
        });
        for (int i = 0; i < gy.length; i++) gb[(i / (oh * ow)) % o] += gy[i];
        return new double[][] {gx, gw, gb};
    }
}
