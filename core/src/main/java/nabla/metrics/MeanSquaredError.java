package nabla.metrics;

/**
 * The mean of (prediction − target)² over every element, as Keras' {@code MeanSquaredError} metric. Targets and predictions need the same number of elements; the sum over
 * every element and the element count are accumulated in double since the last reset, so the result over an epoch
 * is exact for any mix of batch sizes.
 */
public final class MeanSquaredError extends MeanOfErrors {
    /** Reported as "mean_squared_error" ({@code Metrics.byName} also gives the short name). */
    public MeanSquaredError() {
        this("mean_squared_error");
    }

    private MeanSquaredError(String name) {
        super(name);
    }

    /**
     * A new, empty mean squared error with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public MeanSquaredError withName(String name) {
        return new MeanSquaredError(name);
    }

    @Override
    double sumOfErrors(float[] t, int to, float[] p, int po, int n) {
        return sumSquared(t, to, p, po, n);
    }

    @Override
    double weightedSumOfErrors(float[] t, int to, float[] p, int po, int n, float[] w, int wo, int per) {
        return weightedSumSquared(t, to, p, po, n, w, wo, per);
    }

    @Override
    public MeanSquaredError copy() {
        return new MeanSquaredError(name);
    }
}
