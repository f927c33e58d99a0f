package nabla.train;

import java.util.Map;

/**
 * Hooks into {@link Trainer#fit}: every method does nothing by default; override the ones you need (as Keras'
 * callbacks). One fit calls them in this order (epochs and batches count from 0):
 *
 * <pre>
 * onTrainBegin(run)
 * for each epoch e, until the planned epochs ran or a stop was requested:
 *     onEpochBegin(e)
 *     for each training batch b of the epoch:
 *         onBatchBegin(b)
 *         (training step: a NaN or infinite loss stops training here, without onBatchEnd or onEpochEnd)
 *         onBatchEnd(b, samplesSeen, logs)   (after a stop request the epoch ends here)
 *     (validation, when fit has validation data and no stop was requested)
 *     onEpochEnd(e, logs)                    (then the logs are recorded in the History)
 * onTrainEnd(run, history)                   (also after a stop: early stopping, a NaN loss)
 * </pre>
 *
 * <p>{@code logs} maps names to values. After a batch: "loss" and each metric's name, running values over the epoch
 * so far. At the end of an epoch: the epoch's "loss" (the batch losses' mean weighted by batch size) and metrics,
 * then "val_loss" and "val_" + each metric's name when there is validation, and whatever callbacks add (e.g.
 * "learning_rate"). Callbacks run in the order they were added to {@link FitOptions}, the progress bar last, so a
 * value a callback adds is seen by those after it.
 *
 * <p>The model (its parameters, optimizer and save) is {@link TrainingRun#model()}; {@link TrainingRun#requestStop}
 * stops training. The hooks run on the thread that called fit. An exception thrown by a hook (or by a training
 * step) ends fit at once and propagates; {@code onTrainEnd} is then not called. A callback may serve several fits
 * one after the other (the callbacks of this package reset their per-fit state in {@code onTrainBegin}; ModelCheckpoint
 * keeps its best value across fits, as Keras), not two at once.
 */
public abstract class Callback {
    /** For subclasses. */
    public Callback() {}

    /**
     * Called once before the first epoch, with the run's plan and the model.
     *
     * @param run the fit's plan (epochs, batches and samples per epoch), its model and its stop flag
     */
    public void onTrainBegin(TrainingRun run) {}

    /**
     * Called once after the last epoch, also when training stopped early.
     *
     * @param run the same run as {@link #onTrainBegin}'s
     * @param history what fit returns: the values of every recorded epoch and, after an early stop, its reason
     */
    public void onTrainEnd(TrainingRun run, History history) {}

    /**
     * Called at the start of each epoch, before its first batch (the learning-rate scheduler sets the rate here).
     *
     * @param epoch the epoch, from 0
     */
    public void onEpochBegin(int epoch) {}

    /**
     * After validation, with the epoch's training and validation values. The map may be added to (as Keras'
     * learning-rate callbacks add "learning_rate"): what is in it after every callback ran is recorded in the
     * {@link History}. An epoch that a stop request cut short has its training values and no validation ones.
     *
     * @param epoch the epoch, from 0
     * @param logs the epoch's values (see the class comment), mutable
     */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /**
     * Called before each training batch.
     *
     * @param batch the batch's index in the epoch, from 0
     */
    public void onBatchBegin(int batch) {}

    /**
     * After each training batch, with running means over the epoch so far and the samples seen.
     *
     * @param batch the batch's index in the epoch, from 0
     * @param samplesSeen the training samples of this epoch so far, this batch's included
     * @param logs "loss" (mean over the epoch's samples so far) and each metric's value over them; a new map per
     *     batch, not recorded anywhere
     */
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {}
}
