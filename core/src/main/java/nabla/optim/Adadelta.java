package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.AdaptiveUpdates;
import nabla.kernels.Parallel;

/**
 * Adadelta (Zeiler 2012) as Keras' {@code Adadelta}. Defaults: learning rate 0.001, rho 0.95, epsilon 1e-7 (Keras;
 * the paper and PyTorch use a learning rate of 1.0).
 *
 * <pre>
 * ag = ρ·ag + (1−ρ)·g²                                  (ag, ad start at 0)
 * d  = −√(ad + ε) / √(ag + ε) · g
 * ad = ρ·ad + (1−ρ)·d²
 * w += lr · d
 * </pre>
 *
 * This is also PyTorch's formula (ε inside both roots); PyTorch's defaults are learning rate 1.0, rho 0.9 and ε
 * 1e-6. Slots: ag, ad.
 */
public final class Adadelta extends Optimizer {
    private final float rho;
    private final float epsilon;

    /** Keras' defaults: learning rate 0.001, rho 0.95, epsilon 1e-7. */
    public Adadelta() {
        this(1e-3f);
    }

    /**
     * Adadelta with Keras' rho (0.95) and epsilon (1e-7).
     *
     * @param learningRate the learning rate, &gt; 0 (1.0 is the paper's update)
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public Adadelta(float learningRate) {
        this(learningRate, 0.95f, 1e-7f);
    }

    /**
     * Adadelta in Keras' argument order.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param rho ρ, the decay of both moving averages, in [0, 1)
     * @param epsilon ε, added inside both square roots, &gt; 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public Adadelta(float learningRate, float rho, float epsilon) {
        super(learningRate);
        this.rho = requireUnitInterval("rho", rho);
        this.epsilon = requirePositive("epsilon", epsilon);
    }

    @Override
    protected float[][] newSlots(int n) {
        return new float[][] {new float[n], new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        float[] ag = slots[0], ad = slots[1];
        Parallel.forRange(
                n, PARALLEL_GRAIN, (from, to) -> AdaptiveUpdates.adadelta(w, g, ag, ad, from, to, lr, rho, epsilon));
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        return c;
    }
}
