package dev.shears.tensor.conv;

/** The reference {@link MaxPool2x2Windows}: the four taps of each window compared in window order. */
public final class ScalarMaxPool2x2Windows implements MaxPool2x2Windows {

    @Override public void pool(float[] x, int xOff, int w, int[] at, int[] inPlane, int from, int to, float[] y, int yOff, int[] argmax, int argOff) {
        for (int i = from; i < to; i++) {
            int t = xOff + at[i], p = inPlane[i];
            float best = x[t];
            int bestIdx = p;
            if (MaxPool2x2Windows.beats(x[t + 1], best)) { best = x[t + 1]; bestIdx = p + 1; }
            if (MaxPool2x2Windows.beats(x[t + w], best)) { best = x[t + w]; bestIdx = p + w; }
            if (MaxPool2x2Windows.beats(x[t + w + 1], best)) { best = x[t + w + 1]; bestIdx = p + w + 1; }
            y[yOff + i] = best;
            argmax[argOff + i] = bestIdx;
        }
    }
}
