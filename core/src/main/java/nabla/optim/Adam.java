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
 * Keras' ε is added to √v (not to the bias-corrected √v̂ as in PyTorch's Adam): the same as PyTorch with
 * ε·√(1−β2^t) in place of ε.
 */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final boolean amsgrad;

    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        this(learningRate, beta1, beta2, epsilon, false);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon, boolean amsgrad) {
        super(learningRate);
        this.beta1 = requireUnitInterval("beta1", beta1);
        this.beta2 = requireUnitInterval("beta2", beta2);
        this.epsilon = requirePositive("epsilon", epsilon);
        this.amsgrad = amsgrad;
    }

    @Override
    protected float[][] newSlots(int n) {
        return amsgrad ? new float[][] {new float[n], new float[n], new float[n]} : new float[][] {new float[n], new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        long t = iterations();
        float lrT = (float) (lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float[] m = slots[0], v = slots[1];
        if (amsgrad) {
            float[] vMax = slots[2];
            Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> AdaptiveUpdates.amsgrad(w, g, m, v, vMax, from, to, lrT, beta1, beta2, epsilon));
        } else {
            Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Updates.adam(w, g, m, v, from, to, lrT, beta1, beta2, epsilon));
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
