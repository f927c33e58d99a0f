package nabla.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.kernels.Parallel;
import nabla.kernels.Updates;

/** Stochastic gradient descent with optional (Nesterov) momentum, as Keras' SGD. Default lr 0.01. */
public final class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;

    public SGD() {
        this(0.01f);
    }

    public SGD(float learningRate) {
        this(learningRate, 0f, false);
    }

    public SGD(float learningRate, float momentum, boolean nesterov) {
        super(learningRate);
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("SGD: momentum must be in [0, 1), got " + momentum);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    protected float[][] newSlots(int n) {
        return momentum == 0 ? new float[0][] : new float[][] {new float[n]};
    }

    @Override
    protected void update(float[] w, float[] g, float[][] slots, int n) {
        float[] v = slots.length == 0 ? null : slots[0];
        float lr = learningRate();
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Updates.sgd(w, g, v, from, to, lr, momentum, nesterov));
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", learningRate());
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }
}
