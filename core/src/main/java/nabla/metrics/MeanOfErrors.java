package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of the regression metrics: accumulates, in double, the sum of a per-element error of prediction − target and
 * the element count since the last reset, so the result over an epoch is exact for any mix of batch sizes. The
 * subclass sums one batch in a whole-batch hook (one monomorphic loop, no call per element) and may reshape the mean.
 */
abstract class MeanOfErrors implements Metric {
    final String name;
    private double sum;
    private long count;

    MeanOfErrors(String name) {
        this.name = name;
    }

    /** The sum of the errors of elements {@code [0, n)} of targets {@code t} (from {@code to}) and predictions {@code p} (from {@code po}). */
    abstract double sumOfErrors(float[] t, int to, float[] p, int po, int n);

    static double sumAbsolute(float[] t, int to, float[] p, int po, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) p[po + i] - t[to + i];
            s += Math.abs(d);
        }
        return s;
    }

    static double sumSquared(float[] t, int to, float[] p, int po, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) p[po + i] - t[to + i];
            s += d * d;
        }
        return s;
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        int n = t.size();
        sum += sumOfErrors(t.data(), t.offset(), p.data(), p.offset(), n);
        count += n;
    }

    /** The mean error over every element since the last reset, 0 when there are none. */
    final double mean() {
        return count == 0 ? 0 : sum / count;
    }

    @Override
    public double result() {
        return mean();
    }

    @Override
    public final void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public final String name() {
        return name;
    }
}
