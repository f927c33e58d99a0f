package nabla.nn.core;

import java.util.Map;
import java.util.Objects;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;

/**
 * Applies an activation as a layer of its own (Keras' {@code Activation("softmax")}, PyTorch's {@code nn.ReLU()}
 * and the like): any input shape, output of the same shape, no weights. Saved as type "Activation" with the key
 * "activation" (the Keras name). With softmax or sigmoid its output carries its input as its
 * {@link Tensor#logits()}, so that a cross-entropy loss computes itself from them; as the last layer its input
 * also serves as the logits of a fused loss: a softmax or sigmoid output carries its input as its logits
 * ({@link Tensor#logits()}).
 */
public final class ActivationLayer extends SameShapeLayer {
    private final Activation activation;

    /**
     * A layer applying {@code activation}.
     *
     * @param activation the activation
     * @throws NullPointerException if {@code activation} is null
     */
    public ActivationLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "activation" (required)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static ActivationLayer fromConfig(ConfigMap c) {
        return new ActivationLayer(Activation.byName(c.allowOnly("activation").string("activation")));
    }

    @Override
    public String type() {
        return "Activation";
    }

    /**
     * The activation this layer applies.
     *
     * @return the activation
     */
    public Activation activation() {
        return activation;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return activation.apply(x);
    }

    @Override
    public Map<String, Object> config() {
        return config("activation", activation.kerasName());
    }
}
