package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.Parallel;
import nabla.kernels.Updates;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, as Keras' {@code SGD}. Defaults: learning rate
 * 0.01, momentum 0, nesterov false.
 *
 * <pre>
 * if momentum == 0:  w −= lr·g
 * else:              v = momentum·v − lr·g                 (v starts at 0)
 *                    w += nesterov ? momentum·v − lr·g : v
 * </pre>
 *
 * PyTorch's {@code SGD(momentum=μ, dampening=0, nesterov=...)} keeps the velocity without the learning rate
 * ({@code b = μ·b + g; w −= lr·(nesterov ? g + μ·b : b)}): the same steps while the rate is constant (v = −lr·b).
 * When the rate changes (a schedule, ReduceLROnPlateau), Keras' velocity keeps the earlier rates and PyTorch's
 * applies the new one to all of it. Slots: v, only when momentum &gt; 0.
 */
public final class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    /** Keras' defaults: learning rate 0.01, no momentum. */
    public SGD() {
        this(0.01f);
    }

    /**
     * Plain SGD ({@code w −= lr·g}).
     *
     * @param learningRate the learning rate, &gt; 0
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    /**
     * SGD with classical (heavy-ball) momentum.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param momentum the momentum μ, in [0, 1); 0 is plain SGD
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0 or {@code momentum} is not
     *     in [0, 1)
     */
    public SGD(float learningRate, float momentum) {
        this(learningRate, momentum, false);
    }

    /**
     * SGD in Keras' argument order.
     *
     * @param learningRate the learning rate, &gt; 0
     * @param momentum the momentum μ, in [0, 1); 0 is plain SGD
     * @param nesterov Nesterov momentum instead of classical (no effect without momentum)
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0 or {@code momentum} is not
     *     in [0, 1)
     */
    public SGD(float learningRate, float momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = requireUnitInterval("momentum", momentum);
        this.nesterov = nesterov;
    }

    @Override
    protected float[][] newSlots(int n) {
        return momentum == 0 ? new float[0][] : new float[][] {new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n, float lr) {
        float[] v = slots.length == 0 ? null : slots[0];
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Updates.sgd(w, g, v, from, to, lr, momentum, nesterov));
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected Map<String, Object> hyperparameters() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
