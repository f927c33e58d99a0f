package nabla.losses;

import java.util.HashMap;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * A loss: the mean over the batch of a per-sample error between targets and predictions, as a Keras loss with
 * the default {@code "sum_over_batch_size"} reduction. {@link #compute} checks the shapes and calls
 * {@link #call}. A loss may also compute itself from the logits of a softmax or sigmoid output layer
 * ({@link #fromLogits}), which models use automatically in training steps for numerical stability (as Keras'
 * {@code from_logits=True}); evaluation computes it from the probabilities.
 *
 * <p>The losses of this package are immutable and keep no state between calls, so one instance may serve several
 * models and threads.
 * Targets are plain arrays (they get no gradient); predictions are tensors, batch axis first.
 */
public abstract class Loss {
    /** Constructor for subclasses. */
    public Loss() {}

    /**
     * The loss on a batch, as a scalar tensor to call {@link Tensor#backward()} on.
     *
     * @param yTrue the targets, batch axis first
     * @param yPred the predictions, batch axis first (the same shape, unless the loss says otherwise)
     * @return the mean loss over the batch, a scalar tensor
     * @throws IllegalArgumentException when the shapes do not fit ({@link #checkShapes}) or a target is invalid
     *     for the loss (e.g. a label that is not a class index)
     */
    public final Tensor compute(NDArray yTrue, Tensor yPred) {
        checkShapes(yTrue, yPred);
        return call(yTrue, yPred);
    }

    /**
     * TEMPORARY STUB.
     *
     * @param yTrue t
     * @param yPred p
     * @param w w
     * @return loss
     */
    public final Tensor compute(NDArray yTrue, Tensor yPred, NDArray w) {
        if (w != null) throw new UnsupportedOperationException("weighted losses");
        return compute(yTrue, yPred);
    }

    /**
     * The loss on a batch whose shapes {@link #checkShapes} accepted; what subclasses implement.
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @return the loss, a scalar tensor
     */
    protected abstract Tensor call(NDArray yTrue, Tensor yPred);

    /**
     * The Keras name, e.g. "categorical_crossentropy", as saved with a compiled model and read by
     * {@link #fromConfig}.
     *
     * @return the name
     */
    public abstract String name();

    /**
     * True when this loss can be computed from the logits of a layer ending in {@code activation}; false here.
     *
     * @param activation the output layer's activation
     * @return whether {@link #fromLogits} applies
     */
    public boolean fusesWith(Activation activation) {
        return false;
    }

    /**
     * The loss computed from logits, for an activation that {@link #fusesWith} accepts: equal to
     * {@code compute(yTrue, activation(logits))} without the clipping of probabilities, and exact for any logit.
     *
     * @param yTrue the targets
     * @param logits the output layer's values before its activation
     * @return the mean loss over the batch, a scalar tensor
     * @throws UnsupportedOperationException here, for losses that do not fuse with any activation
     */
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        throw new UnsupportedOperationException(name() + " cannot be computed from logits");
    }

    /**
     * Checks that the targets fit the predictions: here, that the shapes are equal. Losses with other target
     * shapes (sparse labels) override it.
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @throws IllegalArgumentException when they do not fit; the message names both shapes and the losses to use
     *     for class indices or one-hot targets
     */
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()))
            throw new IllegalArgumentException(
                    name() + ": targets " + yTrue.shape() + " and predictions " + yPred.shape()
                            + " differ; for class indices use sparse_categorical_crossentropy, for one-hot targets categorical_crossentropy");
    }

    /**
     * The loss's settings besides its name (Huber's delta), as saved with a compiled model; empty for most.
     *
     * @return the settings, by Keras argument name; an unmodifiable map
     */
    public Map<String, Object> config() {
        return Map.of();
    }

    /**
     * Looks a loss up by its Keras name, with default settings: "mse" / "mean_squared_error", "mae" /
     * "mean_absolute_error", "huber" / "huber_loss", "categorical_crossentropy",
     * "sparse_categorical_crossentropy", "binary_crossentropy".
     *
     * @param name the Keras name
     * @return a new loss
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static Loss byName(String name) {
        return fromConfig(name, Map.of());
    }

    /**
     * The loss {@code name} with the settings of {@link #config()}; unknown names and settings are errors. Settings
     * left out take their defaults.
     *
     * @param name the Keras name, as for {@link #byName}
     * @param config the settings, e.g. {@code {"delta": 2.0}} for Huber; not modified
     * @return a new loss
     * @throws IllegalArgumentException for an unknown name, an unknown setting, or a setting of the wrong type or
     *     value
     */
    public static Loss fromConfig(String name, Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        Loss loss = switch (name) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "huber", "huber_loss" -> {
                Object d = c.remove("delta");
                if (d != null && !(d instanceof Number))
                    throw new IllegalArgumentException("loss huber: delta must be a number, got " + d);
                yield d == null ? new Huber() : new Huber(((Number) d).floatValue());
            }
            case "categorical_crossentropy" -> new CategoricalCrossEntropy();
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossEntropy();
            case "binary_crossentropy" -> new BinaryCrossEntropy();
            default ->
                throw new IllegalArgumentException(
                        "unknown loss '" + name + "'; known: mse, mae, huber, categorical_crossentropy, "
                                + "sparse_categorical_crossentropy, binary_crossentropy");
        };
        if (!c.isEmpty()) throw new IllegalArgumentException("loss " + name + ": unknown settings " + c.keySet());
        return loss;
    }

    /**
     * The loss's name.
     *
     * @return {@link #name()}
     */
    @Override
    public String toString() {
        return name();
    }
}
