package nabla.nn.activation;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Softmax as a layer (Keras' {@code layers.Softmax}): {@code exp(x) / Σ exp(x)} along {@code axis} (default -1,
 * the last), computed stably; output shape = input shape, no weights. Over the last axis it equals
 * {@code ActivationLayer(Activation.SOFTMAX)}, and its output carries its input as its {@link Tensor#logits()}
 * so that a following cross-entropy computes itself from them. It differs from that layer in two ways: the axis is
 * a setting, and a padding mask is honoured as Keras does: the mask (batch, steps) is stretched over the input's
 * later axes, masked positions get {@code -1e9} added before the softmax (so they receive no probability when
 * the axis is the steps axis) and are set to 0 after it (so a fully masked row is all zeros, not uniform), and the
 * mask passes on unchanged. Saved config key: "axis" (counted with the batch axis, as Keras).
 */
public final class Softmax extends Layer {
    /** What Keras adds to masked logits for float32 ({@code _large_negative_number}). */
    private static final float LARGE_NEGATIVE = -1e9f;

    private final int axis;

    /** Softmax over the last axis (Keras' default). */
    public Softmax() {
        this(-1);
    }

    /**
     * Softmax along another axis.
     *
     * @param axis the axis, counted with the batch axis as Keras (1 is the first per-sample axis, -1 the last);
     *     checked against the input when the layer is built
     * @throws IllegalArgumentException if {@code axis} is 0 (the batch axis)
     */
    public Softmax(int axis) {
        if (axis == 0)
            throw new IllegalArgumentException("Softmax: axis 0 is the batch axis; give a per-sample axis (e.g. -1)");
        super();
        this.axis = axis;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "axis" (default -1)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Softmax fromConfig(ConfigMap c) {
        return new Softmax(c.allowOnly("axis").intValue("axis", -1));
    }

    /**
     * The softmax axis, as given (counted with the batch axis).
     *
     * @return the axis
     */
    public int axis() {
        return axis;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        outputShape(in);
    }

    private int batchAxis(int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.softmax(batchAxis(x.rank()));
    }

    @Override
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        int rank = x.rank();
        if (rank < 2 || mask.rank() != 2 || mask.dim(0) != x.dim(0) || mask.dim(1) != x.dim(1))
            throw new IllegalArgumentException(describe() + ": the mask " + mask.shape() + " does not fit the input "
                    + x.shape() + "; expected (batch, steps) = (" + x.dim(0) + ", " + (rank < 2 ? "?" : x.dim(1))
                    + ")");
        NDArray m = mask.contiguous();
        float[] keep = new float[m.size()], add = new float[m.size()];
        for (int i = 0; i < keep.length; i++) {
            boolean real = m.data()[m.offset() + i] != 0f;
            keep[i] = real ? 1f : 0f;
            add[i] = real ? 0f : LARGE_NEGATIVE;
        }
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.dim(0);
        dims[1] = x.dim(1);
        Shape s = Shape.of(dims);
        return x.add(Tensor.of(NDArray.wrap(add, s))).softmax(batchAxis(rank)).mul(Tensor.of(NDArray.wrap(keep, s)));
    }

    /**
     * The input's mask, unchanged (Keras' {@code Softmax.compute_mask}).
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
        int rank = in.rank() + 1, ax = batchAxis(rank);
        if (ax < 1 || ax >= rank)
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is not a per-sample axis of input "
                    + withBatch(in) + "; use -1 (the last) or 1.." + (rank - 1));
        return in;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", axis);
        return c;
    }
}
