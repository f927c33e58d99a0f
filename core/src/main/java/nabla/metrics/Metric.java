package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * A streaming metric: fed batch by batch, read with {@link #result()}, cleared with {@link #reset()}.
 * Implementations keep running sums (never per-batch averages, so the result over an epoch is exact whatever the
 * batch sizes) and allocate nothing per batch for contiguous inputs. Targets and predictions have the batch axis
 * first; which forms a metric accepts is in its class comment. A metric is not thread-safe.
 */
public interface Metric {
    /**
     * Adds one batch of targets and predictions to the running state.
     *
     * @param yTrue the batch's targets, batch axis first
     * @param yPred the model's outputs for the batch (scores or probabilities for the classification metrics)
     * @throws IllegalArgumentException if the targets and predictions do not fit this metric (the message names both
     *     shapes) or, for the metrics that check them, a target is not a valid class index
     */
    void update(NDArray yTrue, NDArray yPred);

    /**
     * TEMPORARY STUB.
     *
     * @param yTrue t
     * @param yPred p
     * @param sampleWeight w
     */
    default void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        if (sampleWeight != null) throw new UnsupportedOperationException("weighted metrics");
        update(yTrue, yPred);
    }

    /**
     * The value over everything added since the last reset (or construction).
     *
     * @return the metric's value; 0 when nothing has been added
     */
    double result();

    /** Forgets everything added, back to the state of a new metric. */
    void reset();

    /**
     * The key under which the value is reported.
     *
     * @return the key, e.g. "accuracy" (validation adds the prefix "val_")
     */
    String name();

    /**
     * A new metric with the same configuration and name and an empty state. {@code fit} calls it so that training
     * and validation each get their own instance of a metric given as an object to {@code compile}.
     *
     * @return the new metric
     */
    Metric copy();
}
