package dev.shears.experiments.study;

/**
 * One training run's optimiser settings, as in the shared PyTorch peers ({@code study1_torch.py},
 * {@code halo_torch.py}): SGD with momentum and weight decay, a one-cycle learning rate over all steps
 * (PyTorch's {@code OneCycleLR} defaults), batches that drop the incomplete last one.
 *
 * @param epochs      passes over the training set
 * @param batch       batch size
 * @param lr          peak learning rate of the one-cycle schedule
 * @param momentum    SGD momentum
 * @param weightDecay SGD weight decay
 */
public record Recipe(int epochs, int batch, double lr, double momentum, double weightDecay) {

    public Recipe {
        if (epochs < 1 || batch < 1 || !(lr > 0)) throw new IllegalArgumentException("recipe needs epochs, batch >= 1 and lr > 0");
    }

    /** The peers' recipe: batch 128, momentum 0.9, weight decay 5e-4. */
    public static Recipe peer(int epochs, double lr) { return new Recipe(epochs, 128, lr, 0.9, 5e-4); }

    public Recipe withEpochs(int e) { return new Recipe(e, batch, lr, momentum, weightDecay); }

    public Recipe withBatch(int b) { return new Recipe(epochs, b, lr, momentum, weightDecay); }
}
