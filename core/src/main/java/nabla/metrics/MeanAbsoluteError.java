package nabla.metrics;

/**
 * The mean of |prediction − target| over every element, as Keras' {@code MeanAbsoluteError} metric. Targets and predictions need the same number of elements; the sum over
 * every element and the element count are accumulated in double since the last reset, so the result over an epoch
 * is exact for any mix of batch sizes.
 */
public final class MeanAbsoluteError extends MeanOfErrors {
    /** Reported as "mean_absolute_error" ({@code Metrics.byName} also gives the short name). */
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    private MeanAbsoluteError(String name) {
        super(name);
    }

    /**
     * A new, empty mean absolute error with the same settings, reported under {@code name} (e.g. to watch two variants in one
     * fit).
     *
     * @param name the key in the logs and the {@code History}
     * @return the new metric; the receiver is unchanged
     */
    public MeanAbsoluteError withName(String name) {
        return new MeanAbsoluteError(name);
    }

    @Override
    double sumOfErrors(float[] t, int to, float[] p, int po, int n) {
        return sumAbsolute(t, to, p, po, n);
    }

    @Override
    double weightedSumOfErrors(float[] t, int to, float[] p, int po, int n, float[] w, int wo, int per) {
        return weightedSumAbsolute(t, to, p, po, n, w, wo, per);
    }

    @Override
    public MeanAbsoluteError copy() {
        return new MeanAbsoluteError(name);
    }
}
