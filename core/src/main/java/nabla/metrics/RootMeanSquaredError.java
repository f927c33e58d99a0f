package nabla.metrics;

/**
 * The square root of the mean of (prediction − target)² over every element (the root of the mean over all elements seen, not a mean of per-batch roots), as Keras' {@code RootMeanSquaredError} metric. Targets and predictions need the same number of elements; the sum over
 * every element and the element count are accumulated in double since the last reset, so the result over an epoch
 * is exact for any mix of batch sizes.
 */
public final class RootMeanSquaredError extends MeanOfErrors {
    /** Reported as "root_mean_squared_error" ({@code Metrics.byName} also gives the short name). */
    public RootMeanSquaredError() {
        this("root_mean_squared_error");
    }

    private RootMeanSquaredError(String name) {
        super(name);
    }

    /**
     * A new, empty root mean squared error with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public RootMeanSquaredError withName(String name) {
        return new RootMeanSquaredError(name);
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
    public double result() {
        return Math.sqrt(mean());
    }

    @Override
    public RootMeanSquaredError copy() {
        return new RootMeanSquaredError(name);
    }
}
