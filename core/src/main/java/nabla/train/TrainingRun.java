package nabla.train;

/**
 * What a fit is doing, shared with callbacks: its plan, and a flag a callback sets to stop after the current
 * batch or epoch (as Keras' {@code model.stop_training}).
 */
public final class TrainingRun {
    private final int epochs;
    private final int batchesPerEpoch;
    private final int samplesPerEpoch;
    private final Trainable model;
    private volatile boolean stopRequested;
    private String stopReason;

    TrainingRun(int epochs, int batchesPerEpoch, int samplesPerEpoch) {
        this(epochs, batchesPerEpoch, samplesPerEpoch, null);
    }

    TrainingRun(int epochs, int batchesPerEpoch, int samplesPerEpoch, Trainable model) {
        this.model = model;
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
        this.samplesPerEpoch = samplesPerEpoch;
    }

    /** The model being trained (its parameters, optimizer and save, for callbacks); null for a run made without one. */
    public Trainable model() {
        return model;
    }

    public int epochs() {
        return epochs;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public int samplesPerEpoch() {
        return samplesPerEpoch;
    }

    /** Asks the loop to stop; the reason is kept in the {@link History}. */
    public void requestStop(String reason) {
        stopRequested = true;
        if (stopReason == null) stopReason = reason;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    public String stopReason() {
        return stopReason;
    }
}
