package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of elements whose thresholded prediction equals the target (0 or 1), as Keras'
 * {@code BinaryAccuracy}: a prediction counts as 1 when it is greater than the threshold (default 0.5). Targets and
 * predictions need the same number of elements, e.g. (batch, 1) and (batch,); every element counts once, or with
 * its sample's weight.
 */
public final class BinaryAccuracy extends CorrectCount {
    private final float threshold;

    /** Threshold 0.5, reported as "binary_accuracy". */
    public BinaryAccuracy() {
        this(0.5f, "binary_accuracy");
    }

    /**
     * Binary accuracy with another threshold, reported as "binary_accuracy".
     *
     * @param threshold a prediction greater than this counts as 1 (Keras' {@code threshold})
     * @throws IllegalArgumentException if {@code threshold} is not finite
     */
    public BinaryAccuracy(float threshold) {
        this(threshold, "binary_accuracy");
    }

    private BinaryAccuracy(float threshold, String name) {
        if (!Float.isFinite(threshold))
            throw new IllegalArgumentException("binary_accuracy: threshold must be finite, got " + threshold);
        this.threshold = threshold;
        super(name);
    }

    /**
     * A new, empty binary accuracy with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public BinaryAccuracy withName(String name) {
        return new BinaryAccuracy(threshold, name);
    }

    /**
     * The threshold above which a prediction counts as 1.
     *
     * @return the threshold
     */
    public float threshold() {
        return threshold;
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset(), n = t.size();
        if (w == null) {
            long c = 0;
            for (int i = 0; i < n; i++) if ((pd[po + i] > threshold ? 1f : 0f) == td[to + i]) c++;
            correct += c;
            total += n;
            return;
        }
        float[] wd = w.data();
        int wo = w.offset(), per = MetricInputs.perSample(n, p.dim(0));
        for (int i = 0; i < n; i++) {
            double wi = wd[wo + i / per];
            if ((pd[po + i] > threshold ? 1f : 0f) == td[to + i]) correct += wi;
            total += wi;
        }
    }

    @Override
    public BinaryAccuracy copy() {
        return new BinaryAccuracy(threshold, name);
    }
}
