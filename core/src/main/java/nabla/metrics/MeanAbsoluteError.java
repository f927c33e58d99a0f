package nabla.metrics;

/**
 * The mean of |prediction − target| over every element, as Keras' {@code MeanAbsoluteError} metric. Targets and predictions need the same number of elements; the sum over
 * every element and the element count are accumulated in double since the last reset, so the result over an epoch
 * is exact for any mix of batch sizes.
 */
public final class MeanAbsoluteError extends MeanOfErrors {
    public MeanAbsoluteError() {
        this("mean_absolute_error");
    }

    private MeanAbsoluteError(String name) {
        super(name);
    }

    public MeanAbsoluteError withName(String name) {
        return new MeanAbsoluteError(name);
    }

    @Override
    double sumOfErrors(float[] t, int to, float[] p, int po, int n) {
        return sumAbsolute(t, to, p, po, n);
    }

    @Override
    public MeanAbsoluteError copy() {
        return new MeanAbsoluteError(name);
    }
}
