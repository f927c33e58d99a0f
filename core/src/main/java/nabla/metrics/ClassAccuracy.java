package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of the categorical accuracies: the fraction of rows of (batch, classes) predictions whose target class, from
 * one-hot targets (batch, classes) or class indices (batch,) / (batch, 1) when sparse, is the predicted class
 * (argmax, first on ties) or, with k > 0, among the k highest scores (ties at the boundary count as in).
 */
abstract class ClassAccuracy extends CorrectCount {
    private final boolean sparse;
    /** 0 to compare with the argmax, else the k of top-k. */
    final int k;

    ClassAccuracy(String name, boolean sparse, int k) {
        super(name);
        this.sparse = sparse;
        this.k = k;
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred) {
        if (sparse) MetricInputs.requireSparse(name, yTrue, yPred);
        else MetricInputs.requireOneHot(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        int classes = p.dim(-1), rows = sparse ? t.size() : p.size() / classes;
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        if (k == 0) {
            for (int r = 0; r < rows; r++) {
                if (MetricInputs.argmax(pd, po + r * classes, classes) == target(td, to, r, classes)) correct++;
            }
        } else {
            for (int r = 0; r < rows; r++) {
                if (MetricInputs.inTopK(pd, po + r * classes, classes, target(td, to, r, classes), k)) correct++;
            }
        }
        total += rows;
    }

    /** The target class of row {@code r}: its class index when sparse, else the argmax of its one-hot row. */
    private int target(float[] td, int to, int r, int classes) {
        return sparse
                ? MetricInputs.label(name, td[to + r], classes)
                : MetricInputs.argmax(td, to + r * classes, classes);
    }
}
