package nabla.nn.core;

import java.util.Objects;
import nabla.nn.ConfigMap;
import nabla.autograd.Activation;
import nabla.nn.SameShapeLayer;
import nabla.nn.LogitsOutput;
import java.util.Map;
import nabla.autograd.Tensor;

/** Applies an activation as a layer of its own (Keras' {@code Activation("softmax")}). */
public final class ActivationLayer extends SameShapeLayer implements LogitsOutput {
    private final Activation activation;

    public ActivationLayer(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
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
