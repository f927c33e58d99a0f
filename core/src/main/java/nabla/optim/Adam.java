package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.AdaptiveUpdates;
import nabla.kernels.Parallel;
import nabla.kernels.Updates;

/**
 * Adam (Kingma and Ba 2015) as Keras' {@code Adam}, optionally with AMSGrad (Reddi et al. 2018). Defaults: learning
 * rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7, amsgrad false.
 *
 * <pre>
 * m = β1·m + (1−β1)·g ;  v = β2·v + (1−β2)·g²            (m, v start at 0; t is the step, from 1)
 * if amsgrad: vMax = max(vMax, v); v̄ = vMax  else v̄ = v
 * w −= lr·√(1−β2^t)/(1−β1^t) · m / (√v̄ + ε)
 * </pre>
 *
 * Keras' ε is added to √v, with both bias corrections folded into the step size, not to the bias-corrected
 * √v̂ = √(v/(1−β2^t)) as in PyTorch's {@code Adam}: a step here equals PyTorch's step with ε/√(1−β2^t) in place of ε
 * (at t = 1 with β2 = 0.999 that is about 31.6·ε, tending to ε as t grows), with or without AMSGrad (both keep the
 * maximum of the raw v). PyTorch's default ε is 1e-8. Slots: m, v, and vMax with AMSGrad.
 */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean amsgrad;

    /** Keras' defaults: learning rate 0.001, beta_1 0.9, beta_2 0.999, epsilon 1e-7, no AMSGrad. */
    public Adam() {
        this(1e-3f);
    }

    /**
     * Adam with Keras' other defaults (beta_1 0.9, beta_2 0.999, epsilon 1e-7, no AMSGrad).
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    /**
     * Adam without AMSGrad.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param beta1 β1, the decay of the first moment m, in [0, 1)
     * @param beta2 β2, the decay of the second moment v, in [0, 1)
     * @param epsilon ε, added to √v, &gt; 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        this(learningRate, beta1, beta2, epsilon, false);
    }

    /**
     * Adam in Keras' argument order.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param beta1 β1, the decay of the first moment m, in [0, 1)
     * @param beta2 β2, the decay of the second moment v, in [0, 1)
     * @param epsilon ε, added to √v, &gt; 0
     * @param amsgrad divide by the largest v seen so far (AMSGrad) instead of the current v
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public Adam(float learningRate, float beta1, float beta2, float epsilon, boolean amsgrad) {
        super(learningRate);
        this.beta1 = requireUnitInterval("beta1", beta1);
        this.beta2 = requireUnitInterval("beta2", beta2);
        this.epsilon = requirePositive("epsilon", epsilon);
        this.amsgrad = amsgrad;
    }

    @Override
    protected float[][] newSlots(int n) {
        return amsgrad
                ? new float[][] {new float[n], new float[n], new float[n]}
                : new float[][] {new float[n], new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        long t = iterations();
        float lrT = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float[] m = slots[0], v = slots[1];
        if (amsgrad) {
            float[] vMax = slots[2];
            Parallel.forRange(
                    n,
                    PARALLEL_GRAIN,
                    (from, to) -> AdaptiveUpdates.amsgrad(w, g, m, v, vMax, from, to, lrT, beta1, beta2, epsilon));
        } else {
            Parallel.forRange(
                    n, PARALLEL_GRAIN, (from, to) -> Updates.adam(w, g, m, v, from, to, lrT, beta1, beta2, epsilon));
        }
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }
}
