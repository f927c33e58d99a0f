package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.AdaptiveUpdates;
import nabla.kernels.Parallel;

/**
 * Nadam (Dozat 2016: Adam with Nesterov momentum) in Keras 3's formulation. Defaults: learning rate 0.001, beta_1
 * 0.9, beta_2 0.999, epsilon 1e-7.
 *
 * <pre>
 * μ(i) = β1·(1 − ½·0.96^i)            (the momentum schedule; Π(t) = μ(1)·…·μ(t))
 * m = β1·m + (1−β1)·g ;  v = β2·v + (1−β2)·g²          (t is the step, from 1)
 * m̂ = μ(t+1)·m / (1 − Π(t+1)) + (1 − μ(t))·g / (1 − Π(t))
 * v̂ = v / (1 − β2^t)
 * w −= lr · m̂ / (√v̂ + ε)
 * </pre>
 *
 * Keras 3 uses 0.96^t; Keras 2 and PyTorch's {@code NAdam} use 0.96^(0.004·t) (PyTorch's {@code momentum_decay});
 * PyTorch with {@code momentum_decay=1} computes the formula above. Unlike Adam's, ε here is added to the
 * bias-corrected √v̂, as in PyTorch (whose default ε is 1e-8). Slots: m, v.
 */
public final class Nadam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    /** Π(t) for {@link #productStep}, cached across steps (recomputed from 1 when the step does not follow). */
    private double product = 1;

    private long productStep;

    /** Keras' defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7. */
    public Nadam() {
        this(1e-3f);
    }

    /**
     * Nadam with Keras' other defaults (beta_1 0.9, beta_2 0.999, epsilon 1e-7).
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public Nadam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    /**
     * Nadam in Keras' argument order.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param beta1 β1, the decay of the first moment and the scale of the momentum schedule μ, in [0, 1)
     * @param beta2 β2, the decay of the second moment, in [0, 1)
     * @param epsilon ε, added to √v̂, &gt; 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public Nadam(float learningRate, float beta1, float beta2, float epsilon) {
        super(learningRate);
        this.beta1 = requireUnitInterval("beta1", beta1);
        this.beta2 = requireUnitInterval("beta2", beta2);
        this.epsilon = requirePositive("epsilon", epsilon);
    }

    private double mu(long i) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, i));
    }

    @Override
    protected void beginStep(long t) {
        if (productStep != t - 1) {
            product = 1;
            productStep = 0;
        }
        while (productStep < t) product *= mu(++productStep);
    }

    @Override
    protected float[][] newSlots(int n) {
        return new float[][] {new float[n], new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        long t = iterations();
        double muT = mu(t), muNext = mu(t + 1);
        float cM = (float) (muNext / (1 - product * muNext));
        float cG = (float) ((1 - muT) / (1 - product));
        float invBc2 = (float) (1 / (1 - Math.pow(beta2, t)));
        float[] m = slots[0], v = slots[1];
        Parallel.forRange(
                n,
                PARALLEL_GRAIN,
                (from, to) -> AdaptiveUpdates.nadam(w, g, m, v, from, to, lr, beta1, beta2, epsilon, cM, cG, invBc2));
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }
}
