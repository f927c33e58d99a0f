package nabla.nn.core;

import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Flattens each sample to one axis (Keras' {@code Flatten}, PyTorch's {@code nn.Flatten}): (batch, d1, d2, ...)
 * to (batch, d1·d2·...), in row-major order (channels-last images keep each pixel's channels together). No
 * weights, no config keys.
 */
public final class Flatten extends Layer {
    /** A flatten layer (it has no settings). */
    public Flatten() {}

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: no keys
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Flatten fromConfig(ConfigMap c) {
        c.allowOnly();
        return new Flatten();
    }

    @Override
    protected void create(Shape in, Rng rng) {}

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.reshape(x.dim(0), -1);
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.of(in.size());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }
}
