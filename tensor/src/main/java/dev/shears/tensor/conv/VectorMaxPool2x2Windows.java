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

            // "v beats best" is !(v <= best) && best == best: greater, or NaN over a number, never over NaN.
            // Written out here (a vector passed to a call C2 does not inline is boxed) and without test(IS_NAN)
            // or masked adds, which JDK 17 does not intrinsify.
            VectorMask<Float> rightWinsTop = tr.compare(VectorOperators.LE, tl).not().and(tl.compare(VectorOperators.EQ, tl));
            VectorMask<Float> rightWinsBottom = br.compare(VectorOperators.LE, bl).not().and(bl.compare(VectorOperators.EQ, bl));
            FloatVector topBest = tl.blend(tr, rightWinsTop), bottomBest = bl.blend(br, rightWinsBottom);
            IntVector topArg = tlIdx.blend(tlIdx.add(1), rightWinsTop.cast(I));
            IntVector bottomArg = blIdx.blend(blIdx.add(1), rightWinsBottom.cast(I));

            VectorMask<Float> bottomWins = bottomBest.compare(VectorOperators.LE, topBest).not().and(topBest.compare(VectorOperators.EQ, topBest));
            topBest.blend(bottomBest, bottomWins).intoArray(y, yOff + i);
            topArg.blend(bottomArg, bottomWins.cast(I)).intoArray(argmax, argOff + i);
        }
        TAIL.pool(x, xOff, w, at, inPlane, i, to, y, yOff, argmax, argOff);
    }
}
