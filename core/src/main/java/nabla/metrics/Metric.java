package nabla.metrics;

import nabla.tensor.NDArray;

/**
 * A streaming metric: fed batch by batch, optionally with a weight per sample, read with {@link #result()},
 * cleared with {@link #reset()}. Implementations keep running sums (never per-batch averages, so the result over an epoch is exact whatever the
 * batch sizes) and allocate nothing per batch for contiguous inputs. Targets and predictions have the batch axis
 * first; which forms a metric accepts is in its class comment. A metric is not thread-safe.
 *
 * <p>A custom metric implements this interface; to compile a model with it by name, or to load a model saved with
 * it, register a factory with {@link Metrics#register} under its {@link #name()}.
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
     * Adds one batch with a weight per sample, as Keras' {@code update_state(y_true, y_pred, sample_weight)}: each
     * sample (index of the batch axis) counts with its weight, spread over its elements; a weight of 0 leaves it
     * out. The metrics of this package all take weights: the accuracies and the mean errors become weighted
     * means, precision, recall and AUC count weighted true and false positives and negatives. Here (for metrics
     * that do not take weights): {@link #update(NDArray, NDArray)} when {@code sampleWeight} is null, an error
     * otherwise.
     *
     * @param yTrue the batch's targets, batch axis first
     * @param yPred the model's outputs for the batch
     * @param sampleWeight one finite weight &gt;= 0 per sample, shape (batch,) or (batch, 1); null for none, which is
     *     exactly {@link #update(NDArray, NDArray)}
     * @throws IllegalArgumentException if the targets and predictions do not fit, a target is not a valid class
     *     index, the weights have another shape than (batch,) (the message names both shapes) or a weight is
     *     negative or not finite
     * @throws UnsupportedOperationException here, for a metric that does not take weights, when they are not null
     */
    default void update(NDArray yTrue, NDArray yPred, NDArray sampleWeight) {
        if (sampleWeight != null)
            throw new UnsupportedOperationException(name() + ": this metric does not take sample weights");
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
