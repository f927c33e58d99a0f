package nabla.metrics;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the integer target, as Keras'
 * {@code SparseCategoricalAccuracy}. Targets are class indices (batch,) or (batch, 1) stored as floats;
 * predictions are (batch, classes). A target that is not an integer in [0, classes) is an
 * IllegalArgumentException.
 */
public final class SparseCategoricalAccuracy extends ClassAccuracy {
    /** Reported as "sparse_categorical_accuracy". */
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    private SparseCategoricalAccuracy(String name) {
        super(name, true, 0);
    }

    /**
     * A new, empty sparse categorical accuracy with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public SparseCategoricalAccuracy withName(String name) {
        return new SparseCategoricalAccuracy(name);
    }

    @Override
    public SparseCategoricalAccuracy copy() {
        return new SparseCategoricalAccuracy(name);
    }
}
