package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * Base of the regression metrics: accumulates, in double, the sum of a per-element error of prediction − target and
 * the element count since the last reset, so the result over an epoch is exact for any mix of batch sizes. With
 * sample weights, each element's error and count are multiplied by its sample's weight (Keras' weighted mean of
 * the per-sample means, for samples of equal size). The
 * subclass sums one batch in a whole-batch hook (one monomorphic loop, no call per element) and may reshape the mean.
 */
abstract class MeanOfErrors implements Metric {
    final String name;
    private double sum;
    /** The element count, or the sum of the elements' weights (exact as a count up to 2^53). */
    private double count;

    MeanOfErrors(String name) {
        this.name = name;
    }

    /** The sum of the errors of elements {@code [0, n)} of targets {@code t} (from {@code to}) and predictions {@code p} (from {@code po}). */
    abstract double sumOfErrors(float[] t, int to, float[] p, int po, int n);

    /**
     * As {@link #sumOfErrors} with each error times its sample's weight {@code w[wo + i / per]} (one loop, in the
     * same order, so weights of 1 give the same sum); errors of samples with weight 0 are left out.
     */
    abstract double weightedSumOfErrors(float[] t, int to, float[] p, int po, int n, float[] w, int wo, int per);

    static double weightedSumAbsolute(float[] t, int to, float[] p, int po, int n, float[] w, int wo, int per) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i / per];
            if (wi == 0) continue;
            double d = (double) p[po + i] - t[to + i];
            s += wi * Math.abs(d);
        }
        return s;
    }

    static double weightedSumSquared(float[] t, int to, float[] p, int po, int n, float[] w, int wo, int per) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            float wi = w[wo + i / per];
            if (wi == 0) continue;
            double d = (double) p[po + i] - t[to + i];
            s += wi * (d * d);
        }
        return s;
    }

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
        update(yTrue, yPred, null);
    }

    @Override
    public final void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        NDArray w = MetricInputs.sampleWeights(name, sampleWeight, yPred);
        int n = t.size();
        if (w == null) {
            sum += sumOfErrors(t.data(), t.offset(), p.data(), p.offset(), n);
            count += n;
            return;
        }
        int batch = p.dim(0), per = MetricInputs.perSample(n, batch);
        float[] wd = w.data();
        int wo = w.offset();
        sum += weightedSumOfErrors(t.data(), t.offset(), p.data(), p.offset(), n, wd, wo, per);
        for (int i = 0; i < batch; i++) count += (double) wd[wo + i] * per;
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
