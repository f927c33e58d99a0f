package nabla.metrics;

/**
 * Recall, as Keras' {@code Recall}: of the positive elements, the fraction predicted positive: tp / (tp + fn), over all elements since the last reset (0 when there are none). A prediction
 * is positive when it is greater than the threshold (default 0.5); a target is positive when it is non-zero.
 * Targets and predictions need the same number of elements; for one-hot multi-class data every (row, class) element
 * counts (micro-average) unless {@link #forClass(int)} restricts it to one class column (Keras' {@code class_id}).
 * Per-class and macro-averaged values over argmax predictions come from {@link ConfusionMatrix}.
 */
public final class Recall extends ThresholdCounts {
    /** Threshold 0.5, every element, reported as "recall". */
    public Recall() {
        this(0.5f);
    }

    public Recall(float threshold) {
        this(threshold, -1, "recall");
    }

    private Recall(float threshold, int classId, String name) {
        super("recall", threshold, classId, name);
    }

    /** The same metric over one column of the last axis only (Keras' {@code class_id}). */
    public Recall forClass(int classId) {
        return new Recall(threshold, checkClassId(classId), name);
    }

    public Recall withName(String name) {
        return new Recall(threshold, classId, name);
    }

    @Override
    public double result() {
        return ratio(tp, fn);
    }

    @Override
    public Recall copy() {
        return new Recall(threshold, classId, name);
    }
}
