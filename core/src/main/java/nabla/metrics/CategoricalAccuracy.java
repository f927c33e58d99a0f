package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the one-hot target's, as Keras'
 * {@code CategoricalAccuracy}. Targets and predictions are both (batch, classes).
 */
public final class CategoricalAccuracy implements Metric {
    private final String name;
    private long correct;
    private long total;

    public CategoricalAccuracy() {
        this("categorical_accuracy");
    }

    private CategoricalAccuracy(String name) {
        this.name = name;
    }

    public CategoricalAccuracy withName(String name) {
        return new CategoricalAccuracy(name);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireOneHot(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        int classes = p.dim(-1), rows = p.size() / classes;
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        for (int r = 0; r < rows; r++) {
            if (MetricInputs.argmax(td, to + r * classes, classes) == MetricInputs.argmax(pd, po + r * classes, classes)) correct++;
        }
        total += rows;
    }

    @Override
    public double result() {
        return total == 0 ? 0 : (double) correct / total;
    }

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CategoricalAccuracy copy() {
        return new CategoricalAccuracy(name);
    }
}
