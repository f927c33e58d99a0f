package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.Parallel;
import nabla.kernels.Updates;

/** Adam (Kingma and Ba 2015) with Keras' defaults: lr 0.001, β1 0.9, β2 0.999, ε 1e-7. */
public final class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;

    public Adam() {
        this(1e-3f);
    }

    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        super(learningRate);
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam: beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam: beta2 must be in [0, 1), got " + beta2);
        if (!(epsilon > 0)) throw new IllegalArgumentException("Adam: epsilon must be positive, got " + epsilon);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    protected float[][] newSlots(int n) {
        return new float[][] {new float[n], new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n) {
        long t = iterations();
        float lrT = (float) (learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
        float[] m = slots[0], v = slots[1];
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Updates.adam(w, g, m, v, from, to, lrT, beta1, beta2, epsilon));
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", learningRate());
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }
}
