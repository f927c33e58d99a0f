package nabla.nn.recurrent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Applies a layer to every time step, as Keras' {@code TimeDistributed}: input (batch, steps, ...), the layer
 * sees (batch·steps, ...) in one call (one GEMM for a Dense), output (batch, steps, ...layer output). The
 * weights are the wrapped layer's, under the same names, shared by all steps; a mask passes through unchanged
 * (the wrapped layer does not see it). Saved config key: "layer" (the wrapped layer's "class_name" and
 * "config").
 */
public final class TimeDistributed extends Layer {
    private Layer layer;

    /**
     * Wraps {@code layer}.
     *
     * @param layer the unbuilt layer to apply at each step; this layer builds it for the per-step shape
     * @throws IllegalArgumentException if {@code layer} is built
     * @throws NullPointerException if {@code layer} is null
     */
    public TimeDistributed(Layer layer) {
        Objects.requireNonNull(layer, "layer");
        if (layer.isBuilt())
            throw new IllegalArgumentException(
                    "TimeDistributed: " + layer.describe() + " is already built; wrap a new layer");
        super();
        this.layer = layer;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()}; {@code layers} rebuilds the wrapped layer from its type
     * and config (e.g. {@code LayerRegistry::fromConfig}).
     *
     * @param c the saved config: "layer" (required: "class_name" and "config")
     * @param layers builds a layer from its type and config
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown or missing, or the wrapped layer's config is invalid
     */
    public static TimeDistributed fromConfig(ConfigMap c, BiFunction<String, Map<String, Object>, Layer> layers) {
        c.allowOnly("layer");
        ConfigMap inner = new ConfigMap("TimeDistributed layer config", c.map("layer"));
        return new TimeDistributed(layers.apply(inner.string("class_name"), inner.map("config")));
    }

    /**
     * The wrapped layer.
     *
     * @return the layer applied at each step
     */
    public Layer layer() {
        return layer;
    }

    @Override
    protected void copyInnerLayers() {
        layer = layer.copy();
    }

    @Override
    protected void create(Shape in, Rng rng) {
        if (in.rank() < 2)
            throw new IllegalArgumentException(
                    describe() + ": expected input (batch, steps, ...), got " + withBatch(in));
        layer.seeded(rng.nextLong());
        layer.build(in.dropFirst());
        for (Parameter p : layer.parameters()) addSharedWeight(p.name(), p);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int b = x.dim(0), t = x.dim(1);
        int[] flat = x.shape().dropFirst().dims();
        flat[0] = b * t;
        Tensor y = layer.apply(x.reshape(flat), training);
        int[] out = new int[y.rank() + 1];
        out[0] = b;
        out[1] = t;
        for (int i = 1; i < y.rank(); i++) out[i + 1] = y.dim(i);
        return y.reshape(out);
    }

    /**
     * The input's mask, unchanged: the steps stay where they are.
     *
     * @param x the input batch
     * @param mask the input's mask, or null
     * @return {@code mask}
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return mask;
    }

    @Override
    public Shape outputShape(Shape in) {
        return layer.outputShape(in.dropFirst()).prepend(in.dim(0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", layer.type());
        inner.put("config", layer.config());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("layer", inner);
        return c;
    }

    /**
     * The wrapped layer's random states.
     *
     * @return a new map
     */
    @Override
    public Map<String, Rng.State> randomStates() {
        return layer.randomStates();
    }

    /**
     * Continues the wrapped layer from saved states.
     *
     * @param states the states by key
     * @throws IllegalArgumentException for a key the wrapped layer does not have
     * @throws IllegalStateException if the layer is not built
     */
    @Override
    public void restoreRandomStates(Map<String, Rng.State> states) {
        layer.restoreRandomStates(states);
    }
}
