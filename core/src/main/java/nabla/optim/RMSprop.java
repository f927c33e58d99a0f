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
 * ε is added inside the square root, as Keras does ({@code √(v + ε)}, centered {@code √(v − mg² + ε)}).
 * PyTorch's {@code RMSprop} adds it outside ({@code g / (√v + ε)}, centered {@code g / (√(v − mg²) + ε)}), keeps its
 * momentum buffer without the learning rate ({@code buf = μ·buf + g/(√v + ε); w −= lr·buf}, the same steps while
 * the rate is constant) and defaults to learning rate 0.01, alpha (ρ) 0.99 and ε 1e-8. Slots: v, then mg when
 * centered, then buf when momentum &gt; 0.
 */
public final class RMSprop extends Optimizer {
    private final float rho;
    private final float momentum;
    private final float epsilon;
    private final boolean centered;

    /** Keras' defaults: learning rate 0.001, rho 0.9, no momentum, epsilon 1e-7, not centered. */
    public RMSprop() {
        this(1e-3f);
    }

    /**
     * RMSprop with Keras' other defaults (rho 0.9, no momentum, epsilon 1e-7, not centered).
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public RMSprop(float learningRate) {
        this(learningRate, 0.9f, 0f, 1e-7f, false);
    }

    /**
     * RMSprop in Keras' argument order: (learning_rate, rho, momentum, epsilon, centered).
     *
     * @param learningRate the learning rate, &gt; 0
     * @param rho ρ, the decay of the moving averages, in [0, 1)
     * @param momentum the momentum of the update buffer, in [0, 1); 0 for none
     * @param epsilon ε, added inside the square root, &gt; 0
     * @param centered divide by the estimated variance ({@code v − mg²}) instead of the second moment {@code v}
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
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
        Parallel.forRange(
                n,
                PARALLEL_GRAIN,
                (from, to) -> AdaptiveUpdates.rmsprop(w, g, v, mg, buf, from, to, lr, rho, momentum, epsilon));
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
