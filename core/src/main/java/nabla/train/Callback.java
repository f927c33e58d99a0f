package nabla.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method does nothing by default; override the ones you need (as Keras'
 * callbacks). {@code logs} maps metric names ("loss", "accuracy", "val_loss", ...) to values.
 */
public abstract class Callback {
    /** Called once before the first epoch, with the run's plan. */
    public void onTrainBegin(TrainingRun run) {}

    public void onTrainEnd(TrainingRun run, History history) {}

    public void onEpochBegin(int epoch) {}

    /** After validation, with the epoch's training and validation values. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    public void onBatchBegin(int batch) {}

    /** After each training batch, with running means over the epoch so far and the samples seen. */
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {}
}
