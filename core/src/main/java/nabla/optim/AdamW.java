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
 * 0.01; its Adam step differs in ε as described at {@link Adam}.
 */
public final class AdamW extends Adam {
    static final float DEFAULT_WEIGHT_DECAY = 0.004f;

    /** Keras' defaults: learning rate 0.001, weight decay 0.004, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
    public AdamW() {
        this(1e-3f);
    }

    /**
     * AdamW with Keras' weight decay (0.004) and Adam defaults.
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public AdamW(float learningRate) {
        this(learningRate, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * AdamW with Keras' Adam defaults (beta_1 0.9, beta_2 0.999, epsilon 1e-7, no AMSGrad).
     *
     * @param learningRate the learning rate, &gt; 0
     * @param weightDecay the decoupled weight decay, &gt;= 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, weightDecay, 0.9f, 0.999f, 1e-7f, false);
    }

    /**
     * AdamW in Keras' argument order: (learning_rate, weight_decay, beta_1, beta_2, epsilon, amsgrad).
     *
     * @param learningRate the learning rate, &gt; 0
     * @param weightDecay the decoupled weight decay, &gt;= 0
     * @param beta1 β1, the decay of the first moment, in [0, 1)
     * @param beta2 β2, the decay of the second moment, in [0, 1)
     * @param epsilon ε, added to √v, &gt; 0
     * @param amsgrad use AMSGrad's maximum of v
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
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
