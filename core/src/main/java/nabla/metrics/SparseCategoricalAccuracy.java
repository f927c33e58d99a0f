package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of rows whose predicted class (argmax, first on ties) equals the integer target, as Keras'
 * {@code SparseCategoricalAccuracy}. Targets are class indices (batch,) or (batch, 1) stored as floats;
 * predictions are (batch, classes).
 */
public final class SparseCategoricalAccuracy implements Metric {
    private final String name;
    private long correct;
    private long total;

    public SparseCategoricalAccuracy() {
        this("sparse_categorical_accuracy");
    }

    private SparseCategoricalAccuracy(String name) {
        this.name = name;
    }

    public SparseCategoricalAccuracy withName(String name) {
        return new SparseCategoricalAccuracy(name);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSparse(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        int classes = p.dim(-1), rows = t.size();
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        for (int r = 0; r < rows; r++) {
            if (MetricInputs.argmax(pd, po + r * classes, classes) == MetricInputs.label(name, td[to + r], classes)) correct++;
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
    public SparseCategoricalAccuracy copy() {
        return new SparseCategoricalAccuracy(name);
    }
}
