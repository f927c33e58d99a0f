package nabla.metrics;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the one-hot target's, as Keras'
 * {@code CategoricalAccuracy}. Targets and predictions are both (batch, classes).
 */
public final class CategoricalAccuracy extends ClassAccuracy {
    /** Reported as "categorical_accuracy". */
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    private CategoricalAccuracy(String name) {
        super(name, false, 0);
    }

    /**
     * A new, empty categorical accuracy with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public CategoricalAccuracy withName(String name) {
        return new CategoricalAccuracy(name);
    }

    @Override
    public CategoricalAccuracy copy() {
        return new CategoricalAccuracy(name);
    }
}
