package nabla.nn.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * The batched dot product of two inputs (Keras' {@code Dot}): for each sample, the sum over axis {@code axes[0]}
 * of the first input times axis {@code axes[1]} of the second, for inputs of rank 2 or 3 with the batch axis
 * (vectors and matrices per sample). The output shape is the first input's shape without its contracted axis,
 * followed by the second's without the batch axis and its contracted axis, and (batch, 1) when that leaves only
 * the batch axis, as Keras: (batch, n)·(batch, n) gives (batch, 1); (batch, a, n)·(batch, b, n) with axes 2 gives
 * (batch, a, b) (attention scores); (batch, a, n)·(batch, n, b) with axes (2, 1) gives (batch, a, b) (a batched
 * matrix product). With {@code normalize} each input is first divided by its L2 norm along its contracted axis
 * (TensorFlow's {@code l2_normalize}: the sum of squares is clamped at 1e-12), so the result is the cosine
 * similarity. Runs as one batched matrix product, differentiable with respect to both inputs. Axes count the
 * batch axis as Keras (1 is the first per-sample axis; negative values count from each input's last axis); the
 * batch axis cannot be contracted. No weights; masks stop here (Keras' {@code Dot} returns no mask). Used in a
 * functional model ({@code Functional.call(new Dot(2), a, b)}), not in a {@code Sequential}. Saved config keys:
 * "axes" (one integer when both axes are equal, otherwise a list of two) and "normalize".
 */
public final class Dot extends Layer {
    private final int[] axes;
    private final boolean normalize;

    /**
     * A dot product over the same axis of both inputs, without normalization.
     *
     * @param axes the contracted axis of both inputs, counted with the batch axis (e.g. 1 for vectors)
     * @throws IllegalArgumentException if {@code axes} is 0 (the batch axis)
     */
    public Dot(int axes) {
        this(new int[] {axes, axes}, false);
    }

    /**
     * A dot product over one axis of each input.
     *
     * @param axis1 the first input's contracted axis, counted with the batch axis
     * @param axis2 the second input's contracted axis
     * @param normalize whether to L2-normalize both inputs along those axes first (cosine similarity)
     * @throws IllegalArgumentException if an axis is 0 (the batch axis)
     */
    public Dot(int axis1, int axis2, boolean normalize) {
        this(new int[] {axis1, axis2}, normalize);
    }

    private Dot(int[] axes, boolean normalize) {
        if (axes[0] == 0 || axes[1] == 0)
            throw new IllegalArgumentException("Dot: axis 0 is the batch axis and cannot be contracted; got axes "
                    + java.util.Arrays.toString(axes));
        super();
        this.axes = axes;
        this.normalize = normalize;
    }

    /**
     * A copy that L2-normalizes its inputs first (Keras' {@code normalize=True}) or not.
     *
     * @param normalize whether to normalize
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Dot withNormalize(boolean normalize) {
        return keepOptions(new Dot(axes.clone(), normalize));
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "axes" (required: an integer or a list of two), "normalize" (default false)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Dot fromConfig(ConfigMap c) {
        c.allowOnly("axes", "normalize");
        return new Dot(c.intArray("axes", 2, null), c.boolValue("normalize", false));
    }

    /**
     * The contracted axes, counted with the batch axis.
     *
     * @return a new array: the first input's axis, then the second's
     */
    public int[] axes() {
        return axes.clone();
    }

    /**
     * Whether the inputs are L2-normalized first.
     *
     * @return the normalize flag
     */
    public boolean normalize() {
        return normalize;
    }

    /** The contracted per-sample axis (0-based, batch excluded) of an input. */
    private static int sampleAxis(int axis, Shape s) {
        int rank = s.rank() + 1;
        int ax = axis < 0 ? axis + rank : axis;
        return ax >= 1 && ax < rank ? ax - 1 : -1;
    }

    /**
     * The per-sample output shape for the two inputs' per-sample shapes; errors name the layer and both shapes.
     *
     * @param in the two inputs' per-sample shapes (batch axis excluded)
     * @return the output's per-sample shape
     * @throws IllegalArgumentException if there are not exactly two inputs, an input is not of rank 1 or 2 per
     *     sample, an axis is out of range, or the contracted axes differ in size
     */
    public Shape outputShape(List<Shape> in) {
        if (in.size() != 2)
            throw new IllegalArgumentException(describe() + ": expected exactly 2 inputs, got " + in.size());
        Shape a = in.get(0), b = in.get(1);
        String both = withBatch(a) + " and " + withBatch(b);
        if (a.rank() < 1 || a.rank() > 2 || b.rank() < 1 || b.rank() > 2)
            throw new IllegalArgumentException(
                    describe() + ": inputs must be (batch, n) or (batch, m, n), got " + both);
        int a1 = sampleAxis(axes[0], a), a2 = sampleAxis(axes[1], b);
        if (a1 < 0 || a2 < 0)
            throw new IllegalArgumentException(
                    describe() + ": axes " + axes[0] + ", " + axes[1] + " are out of range for inputs " + both);
        if (a.dim(a1) != b.dim(a2))
            throw new IllegalArgumentException(describe() + ": the contracted axes differ in size (" + a.dim(a1)
                    + " on axis " + axes[0] + " vs " + b.dim(a2) + " on axis " + axes[1] + "), inputs " + both);
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < a.rank(); d++) if (d != a1) out.add(a.dim(d));
        for (int d = 0; d < b.rank(); d++) if (d != a2) out.add(b.dim(d));
        if (out.isEmpty()) out.add(1);
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * The dot product of a batch of each input (checked against {@link #outputShape(List)}).
     *
     * @param x1 the first input (batch, ...)
     * @param x2 the second input (batch, ...), of the same batch size
     * @return the product, (batch, {@link #outputShape(List)})
     * @throws IllegalArgumentException if the shapes do not fit, or the batch sizes differ
     */
    public Tensor dot(Tensor x1, Tensor x2) {
        if (x1.rank() < 1 || x2.rank() < 1 || x1.dim(0) != x2.dim(0))
            throw new IllegalArgumentException(
                    describe() + ": the inputs' batch sizes differ, got " + x1.shape() + " and " + x2.shape());
        Shape s1 = x1.shape().dropFirst(), s2 = x2.shape().dropFirst();
        Shape out = outputShape(List.of(s1, s2));
        int a1 = sampleAxis(axes[0], s1) + 1, a2 = sampleAxis(axes[1], s2) + 1;
        if (normalize) {
            x1 = l2Normalize(x1, a1);
            x2 = l2Normalize(x2, a2);
        }
        int batch = x1.dim(0);
        // x1 → (batch, r1, n) with the contracted axis last; x2 → (batch, n, r2) with it second
        Tensor l = s1.rank() == 1 ? x1.reshape(batch, 1, s1.dim(0)) : a1 == 2 ? x1 : x1.permute(0, 2, 1);
        Tensor r = s2.rank() == 1 ? x2.reshape(batch, s2.dim(0), 1) : a2 == 1 ? x2 : x2.permute(0, 2, 1);
        int[] dims = new int[out.rank() + 1];
        dims[0] = batch;
        for (int d = 0; d < out.rank(); d++) dims[d + 1] = out.dim(d);
        return l.matmul(r).reshape(dims);
    }

    private static Tensor l2Normalize(Tensor x, int axis) {
        Tensor ss = x.mul(x).sum(true, axis);
        return x.div(ss.maximum(Tensor.scalar(1e-12f)).sqrt());
    }

    @Override
    protected void create(Shape sampleShape, Rng rng) {}

    /**
     * {@link #dot} at a node of a functional graph.
     *
     * @param inputs the two input batches
     * @param masks their masks (ignored)
     * @param training unused: the product is the same in training and inference
     * @return the product, the one output
     * @throws IllegalArgumentException if there are not two inputs or their shapes do not fit
     */
    @Override
    public List<Tensor> applyAll(List<Tensor> inputs, List<NDArray> masks, boolean training) {
        if (inputs.size() != 2)
            throw new IllegalArgumentException(describe() + ": expected exactly 2 inputs, got " + inputs.size());
        return List.of(dot(inputs.get(0), inputs.get(1)));
    }

    /**
     * No mask: Keras' {@code Dot} passes none on.
     *
     * @param inputs the input batches (unused)
     * @param masks their masks (unused)
     * @return a one-element list holding null
     */
    @Override
    public List<NDArray> computeMasks(List<Tensor> inputs, List<NDArray> masks) {
        List<NDArray> out = new ArrayList<>(1);
        out.add(null);
        return out;
    }

    /**
     * {@link #outputShape(List)} at a node.
     *
     * @param inputShapes the two inputs' per-sample shapes
     * @return the one output's per-sample shape
     * @throws IllegalArgumentException if the shapes do not fit
     */
    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    /**
     * Checks the shapes (the layer has no weights).
     *
     * @param inputShapes the two inputs' per-sample shapes
     * @throws IllegalArgumentException if the shapes do not fit
     */
    @Override
    public void buildFor(List<Shape> inputShapes) {
        outputShape(inputShapes);
        if (!isBuilt()) build(inputShapes.getFirst());
    }

    /**
     * Always fails: the layer needs two inputs ({@link #dot}).
     *
     * @param x unused
     * @param training unused
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    protected Tensor call(Tensor x, boolean training) {
        throw new IllegalStateException(
                describe() + " takes two inputs: use it in a functional model (Functional.call), not in a Sequential");
    }

    /**
     * The one-input form of the {@link Layer} contract: {@code sampleShape} unchanged. The output shape of a dot
     * product depends on both inputs: use {@link #outputShape(List)}.
     *
     * @param sampleShape a per-sample input shape
     * @return {@code sampleShape}
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        return sampleShape;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axes", axes[0] == axes[1] ? (Object) axes[0] : List.of(axes[0], axes[1]));
        c.put("normalize", normalize);
        return c;
    }
}
