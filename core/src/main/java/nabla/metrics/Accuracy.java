package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of correct predictions, as Keras' "accuracy" resolves it from the targets' form: one-hot targets
 * (batch, classes) compare argmaxes; class indices (batch,) or (batch, 1) against (batch, classes) predictions
 * compare the index with the argmax; otherwise (binary) predictions are thresholded at 0.5.
 *
 * <p>The form is chosen from the shapes at each update, in this order: predictions with more than one column and
 * targets of the same shape are one-hot (argmax of each, first on ties); targets with one value per prediction row
 * are class indices (each must be an integer in [0, classes), else an IllegalArgumentException names it); targets
 * with as many elements as the predictions are binary: a prediction counts as 1 when greater than 0.5, and must
 * equal its target, 0 or 1. Keras picks the form from the loss instead, so for multi-label targets (several 0/1
 * columns with sigmoid outputs) use {@link BinaryAccuracy}, which this class would treat as one-hot. With sample
 * weights it is the weighted fraction, each row (or element) weighing its sample's weight.
 */
public final class Accuracy extends CorrectCount {
    /** Reported as "accuracy". */
    public Accuracy() {
        this("accuracy");
    }

    private Accuracy(String name) {
        super(name);
    }

    /**
     * A new, empty accuracy reported under another key (Keras reports "acc" when compiled with "acc").
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public Accuracy withName(String name) {
        return new Accuracy(name);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        float[] td = t.data(), pd = p.data(), wd = MetricInputs.data(w);
        int to = t.offset(), po = p.offset(), wo = MetricInputs.offset(w);
        int classes = MetricInputs.classes(p), batch = p.rank() == 0 ? 1 : p.dim(0);
        if (classes > 1 && t.shape().equals(p.shape())) {
            int rows = p.size() / classes, per = MetricInputs.perSample(rows, batch);
            for (int r = 0; r < rows; r++) {
                double wr = MetricInputs.weight(wd, wo, per, r);
                if (MetricInputs.argmax(td, to + r * classes, classes)
                        == MetricInputs.argmax(pd, po + r * classes, classes)) correct += wr;
                total += wr;
            }
        } else if (classes > 1 && t.size() * classes == p.size()) {
            int rows = t.size(), per = MetricInputs.perSample(rows, batch);
            for (int r = 0; r < rows; r++) {
                double wr = MetricInputs.weight(wd, wo, per, r);
                int label = MetricInputs.label(name, td[to + r], classes, r);
                if (MetricInputs.argmax(pd, po + r * classes, classes) == label) correct += wr;
                total += wr;
            }
        } else if (t.size() == p.size()) {
            int n = t.size(), per = MetricInputs.perSample(n, batch);
            for (int i = 0; i < n; i++) {
                double wi = MetricInputs.weight(wd, wo, per, i);
                if ((pd[po + i] > 0.5f ? 1f : 0f) == td[to + i]) correct += wi;
                total += wi;
            }
        } else {
            throw new IllegalArgumentException(
                    name + ": cannot compare targets " + yTrue.shape() + " with predictions " + yPred.shape());
        }
    }

    @Override
    public Accuracy copy() {
        return new Accuracy(name);
    }
}
