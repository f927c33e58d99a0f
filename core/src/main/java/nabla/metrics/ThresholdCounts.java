package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of {@link Precision} and {@link Recall}: counts true positives, false positives and false negatives over all
 * elements (or one class column) since the last reset; the subclass only turns the counts into its ratio. A
 * prediction is positive when it is greater than the threshold; a target is positive when it is non-zero. With
 * sample weights each element counts with its sample's weight (Keras' weighted confusion counts).
 */
abstract class ThresholdCounts implements Metric {
    private final String kind;
    final float threshold;
    final int classId;
    final String name;
    /** Counts, or sums of the samples' weights with sample weights (exact as counts up to 2^53). */
    double tp;

    double fp;
    double fn;

    /** {@code kind} is the Keras name used in error messages; {@code classId} is -1 for every element. */
    ThresholdCounts(String kind, float threshold, int classId, String name) {
        if (!Float.isFinite(threshold))
            throw new IllegalArgumentException(kind + ": threshold must be finite, got " + threshold);
        this.kind = kind;
        this.threshold = threshold;
        this.classId = classId;
        this.name = name;
    }

    /** Checks the argument of {@code forClass}. */
    final int checkClassId(int classId) {
        if (classId < 0) throw new IllegalArgumentException(kind + ": class id must be >= 0, got " + classId);
        return classId;
    }

    /** tp / (tp + other), 0 when both are 0. */
    static double ratio(double tp, double other) {
        double d = tp + other;
        return d == 0 ? 0 : tp / d;
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred) {
        update(yTrue, yPred, null);
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        float[] td = t.data(), pd = p.data(), wd = MetricInputs.data(w);
        int to = t.offset(), po = p.offset(), wo = MetricInputs.offset(w);
        int stride = 1, start = 0, n = t.size();
        if (classId >= 0) {
            stride = MetricInputs.classes(p);
            if (classId >= stride)
                throw new IllegalArgumentException(
                        name + ": class id " + classId + " is outside predictions " + yPred.shape());
            start = classId;
            n = p.size() / stride;
        }
        int per = MetricInputs.perSample(n, p.rank() == 0 ? 1 : p.dim(0));
        for (int i = 0, at = start; i < n; i++, at += stride) {
            boolean positive = td[to + at] != 0, predicted = pd[po + at] > threshold;
            double wi = MetricInputs.weight(wd, wo, per, i);
            if (predicted) {
                if (positive) tp += wi;
                else fp += wi;
            } else if (positive) {
                fn += wi;
            }
        }
    }

    @Override
    public final void reset() {
        tp = 0;
        fp = 0;
        fn = 0;
    }

    @Override
    public final String name() {
        return name;
    }
}
