package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * The mean of (prediction − target)² over every element, as Keras' {@code MeanSquaredError} metric. Targets and predictions need the same number of elements; the sum over
 * every element and the element count are accumulated in double since the last reset, so the result over an epoch
 * is exact for any mix of batch sizes.
 */
public final class MeanSquaredError implements Metric {
    private final String name;
    private double sum;
    private long count;

    public MeanSquaredError() {
        this("mean_squared_error");
    }

    private MeanSquaredError(String name) {
        this.name = name;
    }

    public MeanSquaredError withName(String name) {
        return new MeanSquaredError(name);
    }

    @Override
    public void update(NDArray yTrue, NDArray yPred) {
        MetricInputs.requireSameSize(name, yTrue, yPred);
        NDArray t = MetricInputs.dense(yTrue), p = MetricInputs.dense(yPred);
        float[] td = t.data(), pd = p.data();
        int to = t.offset(), po = p.offset(), n = t.size();
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) pd[po + i] - td[to + i];
            s += d * d;
        }
        sum += s;
        count += n;
    }

    @Override
    public double result() {
        return count == 0 ? 0 : sum / count;
    }

    @Override
    public void reset() {
        sum = 0;
        count = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public MeanSquaredError copy() {
        return new MeanSquaredError(name);
    }
}
