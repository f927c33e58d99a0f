package nabla.losses;

import java.util.HashMap;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.autograd.Activation;
import nabla.tensor.NDArray;

/**
 * A loss: the mean over the batch of a per-sample error between targets and predictions. {@link #compute}
 * checks the shapes and calls {@link #call}. A loss may also compute itself from the logits of a softmax or
 * sigmoid output layer ({@link #fromLogits}), which models use automatically for numerical stability.
 */
public abstract class Loss {
    /** The loss on a batch, as a scalar tensor. */
    public final Tensor compute(NDArray yTrue, Tensor yPred) {
        checkShapes(yTrue, yPred);
        return call(yTrue, yPred);
    }

    protected abstract Tensor call(NDArray yTrue, Tensor yPred);

    /** The Keras name, e.g. "categorical_crossentropy". */
    public abstract String name();

    /** True when this loss can be computed from the logits of a layer ending in {@code activation}. */
    public boolean fusesWith(Activation activation) {
        return false;
    }

    /** The loss computed from logits, for an activation that {@link #fusesWith} accepts. */
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        throw new UnsupportedOperationException(name() + " cannot be computed from logits");
    }

    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()))
            throw new IllegalArgumentException(name() + ": targets " + yTrue.shape() + " and predictions " + yPred.shape()
                    + " differ; for class indices use sparse_categorical_crossentropy, for one-hot targets categorical_crossentropy");
    }

    /** The loss's settings besides its name (Huber's delta), as saved with a compiled model; empty for most. */
    public Map<String, Object> config() {
        return Map.of();
    }

    /** Looks a loss up by its Keras name, with default settings. */
    public static Loss byName(String name) {
        return fromConfig(name, Map.of());
    }

    /** The loss {@code name} with the settings of {@link #config()}; unknown names and settings are errors. */
    public static Loss fromConfig(String name, Map<String, Object> config) {
        Map<String, Object> c = new HashMap<>(config);
        Loss loss = switch (name) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "huber", "huber_loss" -> {
                Object d = c.remove("delta");
                if (d != null && !(d instanceof Number)) throw new IllegalArgumentException("loss huber: delta must be a number, got " + d);
                yield d == null ? new Huber() : new Huber(((Number) d).floatValue());
            }
            case "categorical_crossentropy" -> new CategoricalCrossEntropy();
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossEntropy();
            case "binary_crossentropy" -> new BinaryCrossEntropy();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; known: mse, mae, huber, categorical_crossentropy, "
                    + "sparse_categorical_crossentropy, binary_crossentropy");
        };
        if (!c.isEmpty()) throw new IllegalArgumentException("loss " + name + ": unknown settings " + c.keySet());
        return loss;
    }

    @Override
    public String toString() {
        return name();
    }
}
