package nabla.kernels;

/** Elementwise unary operations known to the kernels. */
public enum UnaryOp {
    NEG,
    EXP,
    LOG,
    SQRT,
    ABS,
    TANH,
    SIGMOID,
    RELU,
    SQUARE,
    RECIPROCAL,
    SIGN;

    /** Scalar form. */
    public float apply(float x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : 0f;
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case SIGN -> Math.signum(x);
        };
    }

    /** A sigmoid that does not overflow for large |x|. */
    public static float sigmoid(float x) {
        if (x >= 0) return (float) (1.0 / (1.0 + Math.exp(-x)));
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }
}
