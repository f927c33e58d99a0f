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
 */
public final class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    public SGD() {
        this(0.01f);
    }

    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    public SGD(float learningRate, float momentum) {
        this(learningRate, momentum, false);
    }

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
