package nabla.nn.normalization;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.NormOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Layer normalization (Ba, Kiros and Hinton 2016) with Keras' semantics and defaults (axis -1, epsilon 1e-3,
 * center and scale on): each sample is normalized over {@code axis} on its own, with the mean and biased variance
 * of the values along that axis, then scaled by gamma and shifted by beta (one value per feature along the axis).
 * The same in training and inference: no batch statistics, no moving averages. Weights: gamma (ones) when
 * {@code scale}, beta (zeros) when {@code center}, Keras' names and order. Any input rank &gt;= 1 per sample;
 * output shape = input shape. Features last is the fast path (one fused, vectorized kernel per row, forward and
 * backward, rows split over the cores when large: {@link NormOps#layerNorm}); another axis is moved last and
 * back. A padding mask passes through unchanged, as in Keras. PyTorch's {@code nn.LayerNorm(c, eps)} over the
 * last axis computes the same (its default eps is 1e-5). Saved config keys: "axis", "epsilon", "center", "scale".
 */
public final class LayerNormalization extends Layer {
    private final int axis;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private Parameter gamma, beta;
    private int[] toLast, fromLast;

    /** Keras' defaults: axis -1, epsilon 1e-3, center and scale on. */
    public LayerNormalization() {
        this(-1, 1e-3f, true, true);
    }

    /**
     * A layer normalization with every setting given.
     *
     * @param axis the axis normalized over, counted with the batch axis as Keras (1 is the first per-sample axis;
     *     -1 the last, the default); checked against the input when the layer is built
     * @param epsilon added to the variance, &gt; 0 (Keras' default 1e-3; PyTorch's 1e-5)
     * @param center whether to add the learned offset beta
     * @param scale whether to multiply by the learned scale gamma
     * @throws IllegalArgumentException if {@code axis} is 0 (the batch axis) or {@code epsilon} is not positive
     */
    public LayerNormalization(int axis, float epsilon, boolean center, boolean scale) {
        if (!(epsilon > 0))
            throw new IllegalArgumentException("LayerNormalization: epsilon must be positive, got " + epsilon);
        if (axis == 0)
            throw new IllegalArgumentException(
                    "LayerNormalization: axis 0 is the batch axis; give a per-sample axis (e.g. -1)");
        super();
        this.axis = axis;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "axis", "epsilon", "center", "scale" (all optional)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static LayerNormalization fromConfig(ConfigMap c) {
        c.allowOnly("axis", "epsilon", "center", "scale");
        return new LayerNormalization(
                c.intValue("axis", -1),
                c.floatValue("epsilon", 1e-3f),
                c.boolValue("center", true),
                c.boolValue("scale", true));
    }

    /**
     * The axis normalized over, as given (counted with the batch axis).
     *
     * @return the axis
     */
    public int axis() {
        return axis;
    }

    /**
     * The value added to the variance.
     *
     * @return epsilon
     */
    public float epsilon() {
        return epsilon;
    }

    /**
     * Whether the layer adds beta.
     *
     * @return the center flag
     */
    public boolean center() {
        return center;
    }

    /**
     * Whether the layer multiplies by gamma.
     *
     * @return the scale flag
     */
    public boolean scale() {
        return scale;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        int rank = in.rank() + 1;
        int ax = axis < 0 ? axis + rank : axis;
        if (in.rank() < 1 || ax < 1 || ax >= rank)
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is not a per-sample axis of input "
                    + withBatch(in) + "; use -1 (the last) or 1.." + (rank - 1));
        Shape s = Shape.of(in.dim(ax - 1));
        if (scale) gamma = addWeight("gamma", s, Initializer.ones(), rng, true);
        if (center) beta = addWeight("beta", s, Initializer.zeros(), rng, true);
        if (ax != rank - 1) {
            toLast = new int[rank];
            fromLast = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) if (i != ax) toLast[j++] = i;
            toLast[rank - 1] = ax;
            for (int i = 0; i < rank; i++) fromLast[toLast[i]] = i;
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor xl = toLast == null ? x : x.permute(toLast);
        Tensor y = NormOps.layerNorm(
                xl, gamma == null ? null : gamma.tensor(), beta == null ? null : beta.tensor(), epsilon);
        return toLast == null ? y : y.permute(fromLast);
    }

    /**
     * The input's mask, unchanged: normalization works on each time step on its own (Keras' supports_masking).
     *
     * @param x the input batch (unused)
     * @param mask the input's mask, or null
     * @return {@code mask}
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return mask;
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", axis);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }
}
