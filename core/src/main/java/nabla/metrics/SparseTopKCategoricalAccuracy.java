package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of rows whose target class is among the k highest-scoring predictions (default k = 5), as Keras'
 * {@code SparseTopKCategoricalAccuracy}, for class-index targets (batch,) or (batch, 1) and predictions (batch, classes). Ties at the boundary count
 * as in (as TensorFlow's {@code in_top_k}).
 */
public final class SparseTopKCategoricalAccuracy implements Metric {
    private final int k;
    private final String name;
    private long correct;
    private long total;

    /** k = 5, reported as "sparse_top_k_categorical_accuracy". */
    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    public SparseTopKCategoricalAccuracy(int k) {
        this(k, "sparse_top_k_categorical_accuracy");
    }

    private SparseTopKCategoricalAccuracy(int k, String name) {
        if (k <= 0) throw new IllegalArgumentException("sparse_top_k_categorical_accuracy: k must be positive, got " + k);
        this.k = k;
        this.name = name;
    }

    public SparseTopKCategoricalAccuracy withName(String name) {
        return new SparseTopKCategoricalAccuracy(k, name);
    }

    public int k() {
        return k;
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSparse(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        int classes = p.dim(-1), rows = t.size();
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        for (int r = 0; r < rows; r++) {
            if (MetricInputs.inTopK(pd, po + r * classes, classes, MetricInputs.label(name, td[to + r], classes), k)) correct++;
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
    public SparseTopKCategoricalAccuracy copy() {
        return new SparseTopKCategoricalAccuracy(k, name);
    }
}
