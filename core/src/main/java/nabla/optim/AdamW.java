package nabla.optim;

/**
 * AdamW (Loshchilov and Hutter 2019) as Keras' {@code AdamW}: {@link Adam} with decoupled weight decay on by
 * default. Defaults: learning rate 0.001, weight_decay 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false.
 *
 * <pre>
 * w −= lr·weight_decay·w             (before the Adam step, on the current weights)
 * Adam step (see {@link Adam})
 * </pre>
 *
 * The decay is the base class's {@link Optimizer#withWeightDecay} option; any optimizer can have it, AdamW only
 * changes its default. PyTorch's {@code AdamW} decays the same way ({@code w *= 1 − lr·weight_decay}) but defaults to
 * 0.01.
 */
public final class AdamW extends Adam {
    static final float DEFAULT_WEIGHT_DECAY = 0.004f;

    public AdamW() {
        this(1e-3f);
    }

    public AdamW(float learningRate) {
        this(learningRate, DEFAULT_WEIGHT_DECAY);
    }

    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, weightDecay, 0.9f, 0.999f, 1e-7f, false);
    }

    /** Keras' argument order: (learning_rate, weight_decay, beta_1, beta_2, epsilon, amsgrad). */
    public AdamW(float learningRate, float weightDecay, float beta1, float beta2, float epsilon, boolean amsgrad) {
        super(learningRate, beta1, beta2, epsilon, amsgrad);
        initWeightDecay(weightDecay);
    }

    @Override
    protected float defaultWeightDecay() {
        return DEFAULT_WEIGHT_DECAY;
    }

    @Override
    public String name() {
        return "adamw";
    }
}
