package nabla.train;

import java.util.Map;

/**
 * Stops training as soon as a loss is NaN or infinite, as Keras' {@code TerminateOnNaN}: the running training loss
 * after each batch, and the training and validation losses ("loss", "val_loss") at the end of each epoch. The
 * training loop already stops on a non-finite batch loss by itself (naming the epoch and batch); this callback
 * adds the check of the validation loss and of any other key ending in "loss".
 */
public final class TerminateOnNaN extends Callback {
    private TrainingRun run;

    /** A callback without settings. */
    public TerminateOnNaN() {}

    @Override
    public void onTrainBegin(TrainingRun run) {
        this.run = run;
    }

    @Override
    public void onBatchEnd(int batch, int samplesSeen, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss))
            run.requestStop("TerminateOnNaN: loss became " + loss + " at batch " + (batch + 1));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        for (var e : logs.entrySet()) {
            if (e.getKey().endsWith("loss") && !Double.isFinite(e.getValue())) {
                run.requestStop(
                        "TerminateOnNaN: " + e.getKey() + " became " + e.getValue() + " at epoch " + (epoch + 1));
                return;
            }
        }
    }
}
