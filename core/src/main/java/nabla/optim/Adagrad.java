package nabla.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.AdaptiveUpdates;
import nabla.kernels.Parallel;

/**
 * Adagrad (Duchi et al. 2011) as Keras' {@code Adagrad}. Defaults: learning rate 0.001, initial_accumulator_value
 * 0.1, epsilon 1e-7.
 *
 * <pre>
 * acc = initial_accumulator_value        (once, per weight)
 * acc += g²
 * w −= lr · g / √(acc + ε)
 * </pre>
 *
 * PyTorch's {@code Adagrad} differs: its accumulator starts at 0 by default and it adds ε outside the root
 * ({@code g / (√acc + ε)}); its defaults are learning rate 0.01 and ε 1e-10. Slots: acc.
 */
public final class Adagrad extends Optimizer {
    private final float initialAccumulatorValue;
    private final float epsilon;

    /** Keras' defaults: learning rate 0.001, initial accumulator 0.1, epsilon 1e-7. */
    public Adagrad() {
        this(1e-3f);
    }

    /**
     * Adagrad with Keras' initial accumulator (0.1) and epsilon (1e-7).
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public Adagrad(float learningRate) {
        this(learningRate, 0.1f, 1e-7f);
    }

    /**
     * Adagrad in Keras' argument order.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param initialAccumulatorValue the starting value of every accumulator element, &gt;= 0
     * @param epsilon ε, added to the accumulator inside the square root, &gt; 0
     * @throws IllegalArgumentException if an argument is out of its range or not finite
     */
    public Adagrad(float learningRate, float initialAccumulatorValue, float epsilon) {
        super(learningRate);
        if (!(initialAccumulatorValue >= 0) || !Float.isFinite(initialAccumulatorValue))
            throw new IllegalArgumentException(
                    "Adagrad: initialAccumulatorValue must be a finite number >= 0, got " + initialAccumulatorValue);
        this.initialAccumulatorValue = initialAccumulatorValue;
        this.epsilon = requirePositive("epsilon", epsilon);
    }

    @Override
    protected float[][] newSlots(int n) {
        float[] acc = new float[n];
        Arrays.fill(acc, initialAccumulatorValue);
        return new float[][] {acc};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        float[] acc = slots[0];
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> AdaptiveUpdates.adagrad(w, g, acc, from, to, lr, epsilon));
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
        return c;
    }
}
