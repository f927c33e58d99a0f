package nabla.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method does nothing by default; override the ones you need (as Keras'
 * callbacks). They are called in this order: {@code onTrainBegin}, then per epoch {@code onEpochBegin}, per batch
 * {@code onBatchBegin} and {@code onBatchEnd}, then {@code onEpochEnd}; finally {@code onTrainEnd}, also after an
 * early stop. Callbacks run in the order they were added to {@link FitOptions}, the progress bar last.
 * {@code logs} maps metric names ("loss", "accuracy", "val_loss", ...) to values. The model (its parameters,
 * optimizer and save) is {@link TrainingRun#model()}; {@link TrainingRun#requestStop} stops training.
 */
public abstract class Callback {
    /** Called once before the first epoch, with the run's plan and the model. */
    public void onTrainBegin(TrainingRun run) {}

    public void onTrainEnd(TrainingRun run, History history) {}

    public void onEpochBegin(int epoch) {}

    /**
     * After validation, with the epoch's training and validation values. The map may be added to (as Keras'
     * learning-rate callbacks add "learning_rate"): what is in it after every callback ran is recorded in the
     * {@link History}.
     */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    public void onBatchBegin(int batch) {}

    /** After each training batch, with running means over the epoch so far and the samples seen. */
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {}
}
