package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of the categorical accuracies: the fraction of rows of (batch, classes) predictions whose target class, from
 * one-hot targets (batch, classes) or class indices (batch,) / (batch, 1) when sparse, is the predicted class
 * (argmax, first on ties) or, with k > 0, among the k highest scores (ties at the boundary count as in). With
 * sample weights, each row weighs its sample's weight.
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
    public final void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        if (sparse) MetricInputs.requireSparse(name, yTrue, yPred);
        else MetricInputs.requireOneHot(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        int classes = p.dim(-1), rows = sparse ? t.size() : p.size() / classes;
        float[] td = t.data(), pd = p.data(), wd = MetricInputs.data(w);
        int to = t.offset(), po = p.offset(), wo = MetricInputs.offset(w);
        int per = MetricInputs.perSample(rows, p.dim(0));
        for (int r = 0; r < rows; r++) {
            int target = target(td, to, r, classes);
            boolean hit = k == 0
                    ? MetricInputs.argmax(pd, po + r * classes, classes) == target
                    : MetricInputs.inTopK(pd, po + r * classes, classes, target, k);
            double wr = MetricInputs.weight(wd, wo, per, r);
            if (hit) correct += wr;
            total += wr;
        }
    }

    /** The target class of row {@code r}: its class index when sparse, else the argmax of its one-hot row. */
    private int target(float[] td, int to, int r, int classes) {
        return sparse
                ? MetricInputs.label(name, td[to + r], classes, r)
                : MetricInputs.argmax(td, to + r * classes, classes);
    }
}
