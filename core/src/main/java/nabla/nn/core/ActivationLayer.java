package nabla.nn.core;

import nabla.nn.ConfigMap;
import nabla.nn.Activation;
import nabla.nn.Layer;
import nabla.nn.LogitsOutput;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/** Applies an activation as a layer of its own (Keras' {@code Activation("softmax")}). */
public final class ActivationLayer extends Layer implements LogitsOutput {
    private final Activation activation;

    public ActivationLayer(Activation activation) {
        this.activation = java.util.Objects.requireNonNull(activation, "activation");
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
    protected void create(Shape in, Rng rng) {}

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return activation.apply(x);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Map<String, Object> config() {
        return Map.of("activation", activation.kerasName());
    }
}
