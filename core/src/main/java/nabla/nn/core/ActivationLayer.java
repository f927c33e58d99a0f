package nabla.nn.core;

import java.util.Map;
import java.util.Objects;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.LogitsOutput;
import nabla.nn.SameShapeLayer;

/**
 * Applies an activation as a layer of its own (Keras' {@code Activation("softmax")}, PyTorch's {@code nn.ReLU()}
 * and the like): any input shape, output of the same shape, no weights. Saved as type "Activation" with the key
 * "activation" (the Keras name). With softmax or sigmoid its output carries its input as its
 * {@link Tensor#logits()}, so that a cross-entropy loss computes itself from them; as the last layer its input
 * also serves as the logits of a model's fused loss ({@link LogitsOutput}).
 */
public final class ActivationLayer extends SameShapeLayer implements LogitsOutput {
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

    @Override
    public Activation outputActivation() {
        return activation;
    }

    /**
     * The input itself: this layer's logits are what it receives.
     *
     * @param x the input batch
     * @param training unused
     * @return {@code x}
     */
    @Override
    public Tensor logits(Tensor x, boolean training) {
        return x;
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
