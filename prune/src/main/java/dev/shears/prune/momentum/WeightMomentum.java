package dev.shears.prune.momentum;

import dev.shears.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * WeightMom — an <em>interpretation</em> of Johnson, Tang, Samudrala 2022 ("Weight Momentum: pruning by the
 * momentum of weight magnitudes", arXiv 2208.05970), of which only the abstract is public. The abstract
 * says: weights are pruned gradually by their momentum over previous iterations, and each layer is given an
 * importance value from its relative sparsity, after which the magnitudes of its weights in previous
 * iterations decide. Shears reads that as follows; every choice below is a parameter.
 *
 * <ul>
 *   <li><b>Criterion.</b> The momentum of a weight's magnitude is an exponential moving average
 *       aᵢ ← β·aᵢ + (1 − β)·|wᵢ|, updated after every optimizer step ({@link #observe}); β = 0.9 by default.
 *       A weight that has been large for a while outranks one that is large only now.</li>
 *   <li><b>Layer importance.</b> Layer l's relative density is ρₗ = dₗ / d, its density divided by the
 *       network's. At a pruning step that must remove R more weights in total, layer l's share of R is
 *       proportional to activeₗ · ρₗ^γ ({@link #select}): with γ &gt; 0, layers that are still dense relative
 *       to the rest give up more, which pushes layers toward a common density; γ = 0 prunes in proportion
 *       to the active count (uniform rate); γ &lt; 0 favours pruning already-sparse layers.</li>
 *   <li><b>Within a layer</b> the active weights with the smallest aᵢ go first (ties by index).</li>
 *   <li>The total sparsity follows a gradual schedule (AGP by default in Shears' pruner); every layer keeps
 *       at least one weight.</li>
 * </ul>
 */
public final class WeightMomentum {

    private final double beta;
    private final double gamma;
    private final List<Tensor> averages = new ArrayList<>();

    /**
     * @param weights the weights to watch (their current |w| initialises the averages)
     * @param beta    EMA factor in [0, 1)
     * @param gamma   exponent of the relative density in the layer budget
     */
    public WeightMomentum(List<Tensor> weights, double beta, double gamma) {
        if (!(beta >= 0 && beta < 1)) throw new IllegalArgumentException("WeightMom: beta must be in [0, 1), got " + beta);
        this.beta = beta;
        this.gamma = gamma;
        for (Tensor w : weights) averages.add(w.map(Math::abs));
    }

    /** The moving averages of |w|, one per layer. */
    public List<Tensor> averages() { return averages; }

    /** Updates aᵢ ← β·aᵢ + (1 − β)·|wᵢ| after an optimizer step. */
    public void observe(List<Tensor> weights) {
        for (int l = 0; l < weights.size(); l++) {
            Tensor w = weights.get(l), a = averages.get(l);
            float[] wd = w.data(), ad = a.data();
            float b = (float) beta, c = (float) (1 - beta);
            for (int i = 0; i < ad.length; i++) ad[i] = b * ad[i] + c * Math.abs(wd[w.offset() + i]);
        }
    }

    /**
     * Prunes (in {@code masks}, 0/1, and zeroing {@code weights}) until the overall sparsity reaches
     * {@code targetSparsity}; never regrows. Returns the number pruned per layer.
     */
    public int[] select(List<Tensor> weights, List<Tensor> masks, double targetSparsity) {
        int layers = masks.size();
        long total = 0, activeAll = 0;
        int[] active = new int[layers];
        for (int l = 0; l < layers; l++) {
            Tensor m = masks.get(l);
            total += m.numel();
            float[] md = m.data();
            for (int i = 0; i < m.numel(); i++) if (md[m.offset() + i] != 0f) active[l]++;
            activeAll += active[l];
        }
        long wantActive = total - Math.round(targetSparsity * total);
        long remove = activeAll - wantActive;
        int[] removed = new int[layers];
        if (remove <= 0) return removed;
        double density = (double) activeAll / total;
        double[] weight = new double[layers];
        double sum = 0;
        for (int l = 0; l < layers; l++) {
            double rho = (active[l] / (double) masks.get(l).numel()) / density;
            weight[l] = active[l] <= 1 ? 0 : active[l] * Math.pow(rho, gamma);
            sum += weight[l];
        }
        // largest-remainder apportionment of `remove` by weight, capped at active - 1 per layer
        long given = 0;
        double[] rem = new double[layers];
        for (int l = 0; l < layers; l++) {
            double exact = sum > 0 ? remove * weight[l] / sum : 0;
            removed[l] = (int) Math.min(Math.floor(exact), Math.max(0, active[l] - 1));
            rem[l] = exact - removed[l];
            given += removed[l];
        }
        while (given < remove) {
            int best = -1;
            for (int l = 0; l < layers; l++) {
                if (removed[l] < active[l] - 1 && (best < 0 || rem[l] > rem[best])) best = l;
            }
            if (best < 0) break; // every layer is down to one weight
            removed[best]++;
            rem[best] -= 1;
            given++;
        }
        for (int l = 0; l < layers; l++) pruneLowestAverage(weights.get(l), masks.get(l), averages.get(l), removed[l]);
        return removed;
    }

    private static void pruneLowestAverage(Tensor w, Tensor m, Tensor a, int count) {
        if (count == 0) return;
        float[] wd = w.data(), md = m.data(), ad = a.data();
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < m.numel(); i++) if (md[m.offset() + i] != 0f) live.add(i);
        live.sort((x, y) -> {
            int c = Float.compare(ad[x], ad[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        for (int k = 0; k < count; k++) {
            int i = live.get(k);
            md[m.offset() + i] = 0f;
            wd[w.offset() + i] = 0f;
        }
    }
}
