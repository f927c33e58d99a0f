package nabla.optim;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;

/**
 * The optimizer base: {@link #step} counts iterations, skips parameters without gradients or frozen ones,
 * creates per-parameter slot arrays lazily on first use, and calls the algorithm's {@link #update}.
 */
public abstract class Optimizer {
    /** Parameters smaller than twice this many weights are updated on one core (the split costs more). */
    protected static final int PARALLEL_GRAIN = 1 << 15;
    private final Map<Parameter, float[][]> slots = new IdentityHashMap<>();
    private float learningRate;
    private long iterations;

    protected Optimizer(float learningRate) {
        if (!(learningRate > 0) || !Float.isFinite(learningRate))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be a positive number, got " + learningRate);
        this.learningRate = learningRate;
    }

    /** Applies one update to every trainable parameter that has a gradient. */
    public final void step(List<Parameter> parameters) {
        iterations++;
        for (Parameter p : parameters) {
            NDArray g = p.grad();
            if (g == null || !p.trainable()) continue;
            NDArray w = p.value();
            if (!w.isContiguous() || w.offset() != 0 || !g.isContiguous() || g.offset() != 0)
                throw new IllegalStateException("optimizer: parameter " + p.name() + " or its gradient is not a contiguous array");
            float[][] s = slots.computeIfAbsent(p, k -> newSlots(k.size()));
            update(w.data(), g.data(), s, w.size());
        }
    }

    /** Sets every given parameter's gradient to none. */
    public static void zeroGrad(List<Parameter> parameters) {
        for (Parameter p : parameters) p.zeroGrad();
    }

    /** Slot arrays for one parameter of {@code n} elements (e.g. Adam's m and v), created once. */
    protected abstract float[][] newSlots(int n);

    /** Updates {@code w} in place from {@code g} and the parameter's slots. */
    protected abstract void update(float[] w, float[] g, float[][] slots, int n);

    /** The base learning rate. */
    public float learningRate() {
        return learningRate;
    }

    public void setLearningRate(float lr) {
        if (!(lr > 0)) throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        this.learningRate = lr;
    }

    /** Number of steps taken. */
    public long iterations() {
        return iterations;
    }

    /** The Keras name, e.g. "adam". */
    public abstract String name();

    /** Hyperparameters for saving. */
    public abstract Map<String, Object> config();

    @Override
    public String toString() {
        return name() + config();
    }
}
