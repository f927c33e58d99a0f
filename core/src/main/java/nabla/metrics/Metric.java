package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * A streaming metric: fed batch by batch, read with {@link #result()}, cleared with {@link #reset()}.
 * Implementations keep running sums (never per-batch averages, so the result over an epoch is exact whatever the
 * batch sizes) and allocate nothing per batch for contiguous inputs.
 */
public interface Metric {
    /** Adds one batch of targets and predictions. */
    void update(NDArray yTrue, NDArray yPred);

    /** The value over everything since the last reset. */
    double result();

    void reset();

    /** The key under which the value is reported, e.g. "accuracy" (validation adds the prefix "val_"). */
    String name();

    /**
     * A new metric with the same configuration and name and an empty state. {@code fit} calls it so that training
     * and validation each get their own instance of a metric given as an object to {@code compile}.
     */
    Metric copy();
}
