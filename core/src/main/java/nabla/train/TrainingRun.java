package nabla.train;

/**
 * What a fit is doing, shared with callbacks: its plan, and a flag a callback sets to stop after the current
 * batch or epoch (as Keras' {@code model.stop_training}). One is made per fit.
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

    /**
     * The model being trained (its parameters, optimizer and save, for callbacks).
     *
     * @return the model; null for a run made without one (in tests)
     */
    public Trainable model() {
        return model;
    }

    /**
     * The planned number of epochs.
     *
     * @return {@code FitOptions.epochs()}
     */
    public int epochs() {
        return epochs;
    }

    /**
     * The number of training batches per epoch.
     *
     * @return the batches per epoch, the last one possibly smaller
     */
    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /**
     * The number of training samples, after any validation split.
     *
     * @return the samples per epoch
     */
    public int samplesPerEpoch() {
        return samplesPerEpoch;
    }

    /**
     * Asks the loop to stop: from {@code onBatchEnd}, after the current batch (the epoch ends, without validation);
     * from {@code onEpochEnd}, before the next epoch. The first reason given is kept in the {@link History}.
     *
     * @param reason why, for {@link History#stopReason()} (e.g. "early stopping at epoch 7: ...")
     */
    public void requestStop(String reason) {
        stopRequested = true;
        if (stopReason == null) stopReason = reason;
    }

    /**
     * Whether a stop was requested.
     *
     * @return true once {@link #requestStop} was called
     */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * The reason of the first stop request.
     *
     * @return the reason, or null when no stop was requested
     */
    public String stopReason() {
        return stopReason;
    }
}
