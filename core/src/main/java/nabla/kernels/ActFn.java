package nabla.kernels;

/**
 * Pointwise activations without a fused GEMM form, with their scalar definitions (the vector loops in
 * {@link Activations} compute the same formulas). {@code alpha} is the negative-side parameter of ELU and
 * leaky ReLU and is ignored by the others.
 */
public enum ActFn {
    /** x for x &gt; 0, alpha·(eˣ − 1) otherwise. */
    ELU,
    /** scale·elu(x, alpha) with the self-normalizing constants of Klambauer et al. (2017). */
    SELU,
    /** log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) so it never overflows. */
    SOFTPLUS,
    /** x / (1 + |x|). */
    SOFTSIGN,
    /** Keras 3's definition: relu6(x + 3) / 6 = clip(x/6 + 1/2, 0, 1) (Keras 2 used clip(0.2x + 0.5, 0, 1)). */
    HARD_SIGMOID,
    /** x·sigmoid(x), also called SiLU. */
    SWISH,
    /** x for x &gt; 0, alpha·x otherwise. */
    LEAKY_RELU,
    /** x·Φ(x) with the exact Gaussian CDF (erf by Abramowitz-Stegun 7.1.26, |error| &lt; 1.5e-7), as Keras' default. */
    GELU;

    public static final float SELU_ALPHA = 1.6732632423543772f;
    public static final float SELU_SCALE = 1.0507009873554805f;
    static final float ERF_P = 0.3275911f;
    static final float A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    static final float INV_SQRT2 = 0.70710678118654752f;
    static final float INV_SQRT_2PI = 0.39894228040143268f;

    /** The activation of {@code x}. */
    public float apply(float x, float alpha) {
        return switch (this) {
            case ELU -> x > 0 ? x : alpha * (float) Math.expm1(x);
            case SELU -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (float) Math.expm1(x));
            case SOFTPLUS -> Math.max(x, 0f) + (float) Math.log1p(Math.exp(-Math.abs(x)));
            case SOFTSIGN -> x / (1 + Math.abs(x));
            case HARD_SIGMOID -> Math.min(1f, Math.max(0f, x * (1f / 6f) + 0.5f));
            case SWISH -> x * UnaryOp.sigmoid(x);
            case LEAKY_RELU -> x > 0 ? x : alpha * x;
            case GELU -> x * 0.5f * (1 + erf(x * INV_SQRT2));
        };
    }

    /** The derivative at {@code x}. */
    public float derivative(float x, float alpha) {
        return switch (this) {
            case ELU -> x > 0 ? 1f : alpha * (float) Math.exp(x);
            case SELU -> SELU_SCALE * (x > 0 ? 1f : SELU_ALPHA * (float) Math.exp(x));
            case SOFTPLUS -> UnaryOp.sigmoid(x);
            case SOFTSIGN -> {
                float d = 1 + Math.abs(x);
                yield 1 / (d * d);
            }
            case HARD_SIGMOID -> x > -3f && x < 3f ? 1f / 6f : 0f;
            case SWISH -> {
                float s = UnaryOp.sigmoid(x);
                yield s * (1 + x * (1 - s));
            }
            case LEAKY_RELU -> x > 0 ? 1f : alpha;
            case GELU -> 0.5f * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * (float) Math.exp(-0.5 * x * x);
        };
    }

    /** erf by Abramowitz and Stegun 7.1.26 (|error| &lt; 1.5e-7). */
    static float erf(float u) {
        float z = Math.abs(u);
        float t = 1 / (1 + ERF_P * z);
        float poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
        float e = 1 - poly * (float) Math.exp(-z * z);
        return u < 0 ? -e : e;
    }
}
