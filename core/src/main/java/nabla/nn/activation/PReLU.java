package nabla.nn.activation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Parametric ReLU (He et al. 2015): {@code x > 0 ? x : alpha·x} with a learned slope {@code alpha}, as Keras:
 * one slope per element of the per-sample shape, except along {@code sharedAxes} (1-based, the batch axis is 0),
 * where one slope is shared; e.g. {@code sharedAxes = {1, 2}} on (batch, h, w, channels) gives one slope per
 * channel. Default slope initializer zeros (Keras), so it starts as a ReLU (PyTorch's {@code nn.PReLU} starts at
 * 0.25 with one shared slope). Output shape = input shape. Weight: alpha, the per-sample shape with 1 along the
 * shared axes. Saved config keys: "alpha_initializer", "shared_axes".
 */
public final class PReLU extends Layer {
    private final Initializer alphaInit;
    private final int[] sharedAxes;
    private Parameter alpha;

    /** Keras' defaults: slopes start at zero, one slope per element. */
    public PReLU() {
        this(Initializer.zeros());
    }

    /**
     * A PReLU with a slope initializer and shared axes.
     *
     * @param alphaInit the slopes' initializer (e.g. {@code Initializer.constant(0.25f)} for PyTorch's start)
     * @param sharedAxes axes (1-based, the batch axis is 0) along which one slope is shared; checked against the
     *     input when the layer is built
     * @throws IllegalArgumentException if a shared axis is &lt; 1
     * @throws NullPointerException if {@code alphaInit} is null
     */
    public PReLU(Initializer alphaInit, int... sharedAxes) {
        for (int a : sharedAxes)
            if (a < 1)
                throw new IllegalArgumentException("PReLU: shared axes count from 1 (axis 0 is the batch), got " + a);
        super();
        this.alphaInit = Objects.requireNonNull(alphaInit, "alphaInit");
        this.sharedAxes = sharedAxes.clone();
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "alpha_initializer" (default "zeros"), "shared_axes" (default none)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static PReLU fromConfig(ConfigMap c) {
        c.allowOnly("alpha_initializer", "shared_axes");
        return new PReLU(
                Initializer.byName(c.string("alpha_initializer", "zeros")), c.intList("shared_axes", new int[0]));
    }

    /**
     * A copy sharing the slope along these axes (1-based; unbuilt; this layer is unchanged), replacing the shared
     * axes set before.
     *
     * @param axes the shared axes, each &gt;= 1
     * @return the changed copy
     * @throws IllegalArgumentException if an axis is &lt; 1
     * @throws IllegalStateException if this layer is built
     */
    public PReLU withSharedAxes(int... axes) {
        return keepOptions(new PReLU(alphaInit, axes));
    }

    /**
     * The learned slopes (built layers only).
     *
     * @return the weight "alpha", or null while unbuilt
     */
    public Parameter alpha() {
        return alpha;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        int[] d = in.dims();
        for (int a : sharedAxes) {
            if (a > d.length)
                throw new IllegalArgumentException(describe() + ": shared axis " + a + " does not exist in input "
                        + withBatch(in) + "; use axes 1.." + d.length);
            d[a - 1] = 1;
        }
        alpha = addWeight("alpha", Shape.of(d), alphaInit, rng, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ActivationOps.prelu(x, alpha.tensor());
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("alpha_initializer", alphaInit.name());
        List<Object> axes = new ArrayList<>();
        for (int a : sharedAxes) axes.add(a);
        c.put("shared_axes", axes);
        return c;
    }
}
