package nabla.nn.activation;

import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Parametric ReLU (He et al. 2015): {@code x > 0 ? x : alpha·x} with a learned slope {@code alpha}, as Keras:
 * one slope per element of the per-sample shape, except along {@code sharedAxes} (1-based, the batch axis is 0),
 * where one slope is shared; e.g. {@code sharedAxes = {1, 2}} on (batch, h, w, channels) gives one slope per
 * channel. Default slope initializer zeros (Keras), so it starts as a ReLU. Output shape = input shape.
 */
public final class PReLU extends Layer {
    private final Initializer alphaInit;
    private final int[] sharedAxes;
    private Parameter alpha;

    public PReLU() {
        this(Initializer.zeros());
    }

    public PReLU(Initializer alphaInit, int... sharedAxes) {
        for (int a : sharedAxes)
            if (a < 1) throw new IllegalArgumentException("PReLU: shared axes count from 1 (axis 0 is the batch), got " + a);
        super();
        this.alphaInit = Objects.requireNonNull(alphaInit, "alphaInit");
        this.sharedAxes = sharedAxes.clone();
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static PReLU fromConfig(ConfigMap c) {
        c.allowOnly("alpha_initializer", "shared_axes");
        return new PReLU(Initializer.byName(c.string("alpha_initializer", "zeros")), c.intList("shared_axes", new int[0]));
    }

    /** A copy sharing the slope along these axes (1-based; unbuilt). */
    public PReLU withSharedAxes(int... axes) {
        return keepOptions(new PReLU(alphaInit, axes));
    }

    /** The learned slopes (built layers only). */
    public Parameter alpha() {
        return alpha;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        int[] d = in.dims();
        for (int a : sharedAxes) {
            if (a > d.length)
                throw new IllegalArgumentException(describe() + ": shared axis " + a + " does not exist in input " + withBatch(in) + "; use axes 1.." + d.length);
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
