package nabla.metrics;

import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * A running (weighted) mean of values, as Keras' {@code metrics.Mean}: the tracker a custom training step reports
 * its own quantities with (a GAN's discriminator and generator losses). {@link #add} takes a value and a weight;
 * {@link #update(NDArray, NDArray)} adds every element of its second argument with weight 1 (the first is ignored).
 */
public final class Mean implements Metric {
    private final String name;
    private double sum, weight;

    /**
     * An empty mean reported under {@code name}.
     *
     * @param name the key in the logs, e.g. "d_loss"
     * @throws NullPointerException if {@code name} is null
     */
    public Mean(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Adds a value of weight 1.
     *
     * @param value the value
     */
    public void add(double value) {
        add(value, 1);
    }

    /**
     * Adds a value with a weight, e.g. a batch loss weighted by the batch's size.
     *
     * @param value the value
     * @param w its weight, &gt;= 0
     * @throws IllegalArgumentException if the weight is negative or not finite
     */
    public void add(double value, double w) {
        if (!(w >= 0) || Double.isInfinite(w))
            throw new IllegalArgumentException(name + ": weight must be a finite number >= 0, got " + w);
        sum += value * w;
        weight += w;
    }

    /**
     * Adds every element of {@code values} with weight 1.
     *
     * @param yTrue ignored
     * @param values the values
     */
    @Override
    public void update(NDArray yTrue, NDArray values) {
        for (float v : values.contiguous().toArray()) add(v);
    }

    @Override
    public double result() {
        return weight == 0 ? 0 : sum / weight;
    }

    @Override
    public void reset() {
        sum = 0;
        weight = 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mean copy() {
        return new Mean(name);
    }
}
