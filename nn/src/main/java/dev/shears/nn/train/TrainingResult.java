package dev.shears.nn.train;

import java.util.List;

/** The epochs trained (in this call), whether early stopping ended training, and the total optimizer steps. */
public record TrainingResult(List<EpochResult> epochs, boolean stoppedEarly, long steps) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }

    /** The last epoch's result, or null if none ran. */
    public EpochResult last() { return epochs.isEmpty() ? null : epochs.get(epochs.size() - 1); }
}
