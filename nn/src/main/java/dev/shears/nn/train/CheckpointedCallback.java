package dev.shears.nn.train;

import dev.shears.tensor.Tensor;
import java.util.Map;

/**
 * A callback with state that must survive a checkpoint (pruning masks, penalty multipliers, schedules'
 * positions). The trainer passes the checkpoint's extra maps; callbacks should prefix their keys with their
 * own name so several can share a checkpoint.
 */
public interface CheckpointedCallback extends TrainingCallback {

    /** Adds this callback's state to the maps (tensors are copied by the caller's writer when saved). */
    void saveState(Map<String, Tensor> tensors, Map<String, String> strings);

    /** Restores the state saved by {@link #saveState}; called before {@link #onTrainStart} on resume. */
    void loadState(Map<String, Tensor> tensors, Map<String, String> strings);
}
