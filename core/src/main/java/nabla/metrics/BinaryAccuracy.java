package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The fraction of elements whose thresholded prediction equals the target (0 or 1), as Keras'
 * {@code BinaryAccuracy}: a prediction counts as 1 when it is greater than the threshold (default 0.5). Targets and
 * predictions need the same number of elements, e.g. (batch, 1) and (batch,); every element counts once.
 */
public final class BinaryAccuracy implements Metric {
    private final float threshold;
    private final String name;
    private long correct;
    private long total;

    /** Threshold 0.5, reported as "binary_accuracy". */
    public BinaryAccuracy() {
        this(0.5f, "binary_accuracy");
    }

    public BinaryAccuracy(float threshold) {
        this(threshold, "binary_accuracy");
    }

    private BinaryAccuracy(float threshold, String name) {
        if (!Float.isFinite(threshold)) throw new IllegalArgumentException("binary_accuracy: threshold must be finite, got " + threshold);
        this.threshold = threshold;
        this.name = name;
    }

    public BinaryAccuracy withName(String name) {
        return new BinaryAccuracy(threshold, name);
    }

    public float threshold() {
        return threshold;
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset(), n = t.size();
        long c = 0;
        for (int i = 0; i < n; i++) if ((pd[po + i] > threshold ? 1f : 0f) == td[to + i]) c++;
        correct += c;
        total += n;
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
    public BinaryAccuracy copy() {
        return new BinaryAccuracy(threshold, name);
    }
}
