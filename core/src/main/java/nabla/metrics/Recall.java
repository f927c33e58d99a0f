package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Recall, as Keras' {@code Recall}: of the positive elements, the fraction predicted positive: tp / (tp + fn), over all elements since the last reset (0 when there are none). A prediction
 * is positive when it is greater than the threshold (default 0.5); a target is positive when it is non-zero.
 * Targets and predictions need the same number of elements; for one-hot multi-class data every (row, class) element
 * counts (micro-average) unless {@link #forClass(int)} restricts it to one class column (Keras' {@code class_id}).
 * Per-class and macro-averaged values over argmax predictions come from {@link ConfusionMatrix}.
 */
public final class Recall implements Metric {
    private final float threshold;
    private final int classId;
    private final String name;
    private long tp;
    private long other;

    /** Threshold 0.5, every element, reported as "recall". */
    public Recall() {
        this(0.5f);
    }

    public Recall(float threshold) {
        this(threshold, -1, "recall");
    }

    private Recall(float threshold, int classId, String name) {
        if (!Float.isFinite(threshold)) throw new IllegalArgumentException("recall: threshold must be finite, got " + threshold);
        this.threshold = threshold;
        this.classId = classId;
        this.name = name;
    }

    /** The same metric over one column of the last axis only (Keras' {@code class_id}). */
    public Recall forClass(int classId) {
        if (classId < 0) throw new IllegalArgumentException("recall: class id must be >= 0, got " + classId);
        return new Recall(threshold, classId, name);
    }

    public Recall withName(String name) {
        return new Recall(threshold, classId, name);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset();
        int stride = 1, start = 0, n = t.size();
        if (classId >= 0) {
            stride = MetricInputs.classes(p);
            if (classId >= stride)
                throw new IllegalArgumentException(name + ": class id " + classId + " is outside predictions " + yPred.shape());
            start = classId;
            n = p.size() / stride;
        }
        for (int i = 0, at = start; i < n; i++, at += stride) {
            boolean positive = td[to + at] != 0, predicted = pd[po + at] > threshold;
            if (positive && predicted) tp++;
            else if (positive && !predicted) other++;
        }
    }

    @Override
    public double result() {
        long d = tp + other;
        return d == 0 ? 0 : (double) tp / d;
    }

    @Override
    public void reset() {
        tp = 0;
        other = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Recall copy() {
        return new Recall(threshold, classId, name);
    }
}
