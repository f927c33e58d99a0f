package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.AdaptiveUpdates;
import nabla.kernels.Parallel;

/**
 * RMSprop (Hinton's lecture 6e) as Keras' {@code RMSprop}, optionally centered and with momentum. Defaults: learning
 * rate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false.
 *
 * <pre>
 * v = ρ·v + (1−ρ)·g²                                    (v, mg, buf start at 0)
 * if centered: mg = ρ·mg + (1−ρ)·g;  den = v − mg² + ε
 * else:        den = v + ε
 * inc = lr · g / √den
 * if momentum &gt; 0: buf = momentum·buf + inc;  w −= buf
 * else:            w −= inc
 * </pre>
 *
 * Keras puts ε inside the root; PyTorch's {@code RMSprop} adds it outside ({@code g / (√v + ε)}).
 */
public final class RMSprop extends Optimizer {
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final boolean centered;

    public RMSprop() {
        this(1e-3f);
    }

    public RMSprop(float learningRate) {
        this(learningRate, 0.9f, 0f, 1e-7f, false);
    }

    /** Keras' argument order: (learning_rate, rho, momentum, epsilon, centered). */
    public RMSprop(float learningRate, float rho, float momentum, float epsilon, boolean centered) {
        super(learningRate);
        this.rho = requireUnitInterval("rho", rho);
        this.momentum = requireUnitInterval("momentum", momentum);
        this.epsilon = requirePositive("epsilon", epsilon);
        this.centered = centered;
    }

    @Override
    protected float[][] newSlots(int n) {
        return new float[][] {new float[n], centered ? new float[n] : null, momentum > 0 ? new float[n] : null};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        float[] v = slots[0], mg = slots[1], buf = slots[2];
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> AdaptiveUpdates.rmsprop(w, g, v, mg, buf, from, to, lr, rho, momentum, epsilon));
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        return c;
    }
}
