package nabla.metrics;

/**
 * Precision, as Keras' {@code Precision}: of the elements predicted positive, the fraction that are positive: tp / (tp + fp), over all elements since the last reset (0 when there are none). A prediction
 * is positive when it is greater than the threshold (default 0.5); a target is positive when it is non-zero.
 * Targets and predictions need the same number of elements; for one-hot multi-class data every (row, class) element
 * counts (micro-average) unless {@link #forClass(int)} restricts it to one class column (Keras' {@code class_id}).
 * Per-class and macro-averaged values over argmax predictions come from {@link ConfusionMatrix}.
 */
public final class Precision extends ThresholdCounts {
    /** Threshold 0.5, every element, reported as "precision". */
    public Precision() {
        this(0.5f);
    }

    /**
     * Precision over every element with another threshold, reported as "precision".
     *
     * @param threshold a prediction greater than this counts as positive (Keras' {@code thresholds}, one value)
     * @throws IllegalArgumentException if {@code threshold} is not finite
     */
    public Precision(float threshold) {
        this(threshold, -1, "precision");
    }

    private Precision(float threshold, int classId, String name) {
        super("precision", threshold, classId, name);
    }

    /**
     * A new, empty precision over one column of the last axis only (Keras' {@code class_id}): the one-vs-rest precision of
     * that class, same threshold and name.
     *
     * @param classId the column, &gt;= 0; a column outside the predictions fails the first update
     * @return the new metric; the receiver is unchanged
     * @throws IllegalArgumentException if {@code classId} is negative
     */
    public Precision forClass(int classId) {
        return new Precision(threshold, checkClassId(classId), name);
    }

    /**
     * A new, empty precision with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public Precision withName(String name) {
        return new Precision(threshold, classId, name);
    }

    @Override
    public double result() {
        return ratio(tp, fp);
    }

    @Override
    public Precision copy() {
        return new Precision(threshold, classId, name);
    }
}
