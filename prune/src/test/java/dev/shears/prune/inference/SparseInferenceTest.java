package dev.shears.prune.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shears.autograd.NoGrad;
import dev.shears.autograd.Variable;
import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.prune.Prune;
import dev.shears.tensor.Tensor;
import dev.shears.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparseInferenceTest {

    @Test
    void sparseModelGivesTheLogitsOfTheMaskedDenseModel() {
        Rng rng = new Rng(12);
        Sequential net = new Sequential(
                new Sequential(new Conv2d(3, 16, 3, 1, 1, rng), new BatchNorm2d(16), new ReLU(),
                        new Conv2d(16, 16, 3, 2, 1, 2, 1, true, rng), new ReLU(), new MaxPool2d(2)),
                new Flatten(), new Linear(16 * 2 * 2, 32, rng), new ReLU(), new Linear(32, 5, rng));
        Prune.prune(net, "magnitude", 0.9);
        net.eval();
        Tensor x = Tensor.normal(rng, 0, 1, 3, 3, 9, 9);
        Tensor dense, sparse;
        try (var g = NoGrad.scope()) {
            dense = net.forward(Variable.constant(x)).data().copy();
            List<String> converted = SparseInference.convert(net, 0.5);
            assertEquals(List.of("0.0", "0.3", "2"), converted, "the classifier (not pruned) stays dense");
            sparse = net.forward(Variable.constant(x)).data();
        }
        float[] a = dense.toArray(), b = sparse.toArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5 * Math.max(1, Math.abs(a[i])), "logit " + i);
    }
}
