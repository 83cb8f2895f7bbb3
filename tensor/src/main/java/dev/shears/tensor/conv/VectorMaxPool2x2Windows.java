package dev.shears.tensor.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MaxPool2x2Windows} on the Vector API, L windows at a time: four gathers through the window list
 * load the four taps of L windows. Each window is then a tournament — left against right tap in each row,
 * then top winner against bottom winner — which picks the same tap as comparing the four in window order:
 * "beats" ranks NaN above every number and is otherwise {@code >}, a strict order in which an equal value
 * never replaces an earlier one, so the earliest of the greatest taps wins either way. The last
 * {@code (to − from) mod L} windows run on the scalar reference. Loaded only through
 * {@link dev.shears.tensor.kernels.KernelProvider#vectorOr}: this class links {@code jdk.incubator.vector}.
 */
public final class VectorMaxPool2x2Windows implements MaxPool2x2Windows {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final MaxPool2x2Windows TAIL = new ScalarMaxPool2x2Windows();

    @Override public void pool(float[] x, int xOff, int w, int[] at, int[] inPlane, int from, int to, float[] y, int yOff, int[] argmax, int argOff) {
        int i = from;
        for (int ub = from + S.loopBound(to - from); i < ub; i += S.length()) {
            FloatVector tl = FloatVector.fromArray(S, x, xOff, at, i), tr = FloatVector.fromArray(S, x, xOff + 1, at, i);
            FloatVector bl = FloatVector.fromArray(S, x, xOff + w, at, i), br = FloatVector.fromArray(S, x, xOff + w + 1, at, i);
            IntVector tlIdx = IntVector.fromArray(I, inPlane, i), blIdx = tlIdx.add(w);

            VectorMask<Float> rightWinsTop = beats(tr, tl), rightWinsBottom = beats(br, bl);
            FloatVector topBest = tl.blend(tr, rightWinsTop), bottomBest = bl.blend(br, rightWinsBottom);
            IntVector topArg = tlIdx.add(1, rightWinsTop.cast(I)), bottomArg = blIdx.add(1, rightWinsBottom.cast(I));

            VectorMask<Float> bottomWins = beats(bottomBest, topBest);
            topBest.blend(bottomBest, bottomWins).intoArray(y, yOff + i);
            topArg.blend(bottomArg, bottomWins.cast(I)).intoArray(argmax, argOff + i);
        }
        TAIL.pool(x, xOff, w, at, inPlane, i, to, y, yOff, argmax, argOff);
    }

    /** Lanes where {@code v} beats {@code best}: greater, or NaN over a number. */
    private static VectorMask<Float> beats(FloatVector v, FloatVector best) {
        return v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
    }
}
