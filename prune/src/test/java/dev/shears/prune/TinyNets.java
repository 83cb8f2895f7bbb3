package dev.shears.prune;

import dev.shears.nn.BatchNorm2d;
import dev.shears.nn.Conv2d;
import dev.shears.nn.Flatten;
import dev.shears.nn.Linear;
import dev.shears.nn.MaxPool2d;
import dev.shears.nn.ReLU;
import dev.shears.nn.Sequential;
import dev.shears.tensor.random.Rng;

/** Small conv nets for pruning tests: input [N, 1, 8, 8], 3 classes. */
final class TinyNets {

    private TinyNets() {}

    static Sequential convNet(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(
                new Conv2d(1, 6, 3, 1, 1, rng), new BatchNorm2d(6), new ReLU(),
                new Conv2d(6, 8, 3, 1, 1, rng), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 4 * 4, 12, rng), new ReLU(), new Linear(12, 3, rng));
    }
}
