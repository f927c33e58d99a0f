package nabla.metrics;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the integer target, as Keras'
 * {@code SparseCategoricalAccuracy}. Targets are class indices (batch,) or (batch, 1) stored as floats;
 * predictions are (batch, classes).
 */
public final class SparseCategoricalAccuracy extends ClassAccuracy {
    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    private SparseCategoricalAccuracy(String name) {
        super(name, true, 0);
    }

    public SparseCategoricalAccuracy withName(String name) {
        return new SparseCategoricalAccuracy(name);
    }

    @Override
    public SparseCategoricalAccuracy copy() {
        return new SparseCategoricalAccuracy(name);
    }
}
