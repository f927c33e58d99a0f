package nabla.kernels;

/** Elementwise binary operations known to the kernels. Comparisons produce 1 or 0. */
public enum BinaryOp {
    ADD,
    SUB,
    MUL,
    DIV,
    POW,
    MAX,
    MIN,
    GT,
    GE,
    LT,
    LE,
    EQ,
    NE;

    /** Scalar form, used by strided and tail loops. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> (float) Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case GT -> a > b ? 1f : 0f;
            case GE -> a >= b ? 1f : 0f;
            case LT -> a < b ? 1f : 0f;
            case LE -> a <= b ? 1f : 0f;
            case EQ -> a == b ? 1f : 0f;
            case NE -> a != b ? 1f : 0f;
        };
    }
}
