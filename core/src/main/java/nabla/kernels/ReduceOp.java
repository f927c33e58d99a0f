package nabla.kernels;

/** Reductions known to the kernels, with their identity element. */
public enum ReduceOp {
    SUM(0f),
    MAX(Float.NEGATIVE_INFINITY),
    MIN(Float.POSITIVE_INFINITY);

    public final float identity;

    ReduceOp(float identity) {
        this.identity = identity;
    }

    public float apply(float acc, float x) {
        return switch (this) {
            case SUM -> acc + x;
            case MAX -> Math.max(acc, x);
            case MIN -> Math.min(acc, x);
        };
    }
}
