package nabla.metrics;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the one-hot target's, as Keras'
 * {@code CategoricalAccuracy}. Targets and predictions are both (batch, classes).
 */
public final class CategoricalAccuracy extends ClassAccuracy {
    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    private CategoricalAccuracy(String name) {
        super(name, false, 0);
    }

    public CategoricalAccuracy withName(String name) {
        return new CategoricalAccuracy(name);
    }

    @Override
    public CategoricalAccuracy copy() {
        return new CategoricalAccuracy(name);
    }
}
