package nabla.nn.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer that joins several inputs into one, as Keras' merging layers {@code Add}, {@code Subtract},
 * {@code Multiply}, {@code Average}, {@code Maximum}, {@code Minimum} (elementwise, inputs of one shape; no
 * broadcasting) and {@code Concatenate} (along an axis; the other axes must agree). No weights. It takes a list of
 * inputs, so it is used in a functional model ({@code nabla.models.Functional.merge}), not in a
 * {@code Sequential}. Saved as the Keras class name ({@link #type()}); the only config key is Concatenate's
 * "axis".
 */
public final class Merge extends Layer {
    /** The merge operation; {@link Merge#type()} is its Keras class name. */
    public enum Mode {
        /** The elementwise sum ("Add"). */
        ADD("Add"),
        /** The first input minus the second; exactly two inputs ("Subtract"). */
        SUBTRACT("Subtract"),
        /** The elementwise product ("Multiply"). */
        MULTIPLY("Multiply"),
        /** The elementwise mean ("Average"). */
        AVERAGE("Average"),
        /** The elementwise maximum ("Maximum"). */
        MAXIMUM("Maximum"),
        /** The elementwise minimum ("Minimum"). */
        MINIMUM("Minimum"),
        /** Concatenation along an axis ("Concatenate"). */
        CONCATENATE("Concatenate");

        private final String type;

        Mode(String type) {
            this.type = type;
        }

        static Mode byType(String type) {
            for (Mode m : values()) if (m.type.equals(type)) return m;
            throw new IllegalArgumentException("unknown merge layer " + type);
        }
    }

    private final Mode mode;
    private final int axis;

    private Merge(Mode mode, int axis) {
        this.mode = mode;
        this.axis = axis;
    }

    /**
     * Keras' {@code Add}: the elementwise sum of one or more inputs (a residual connection).
     *
     * @return a new layer
     */
    public static Merge add() {
        return new Merge(Mode.ADD, -1);
    }
    /**
     * Keras' {@code Subtract}: the first of exactly two inputs minus the second.
     *
     * @return a new layer
     */
    public static Merge subtract() {
        return new Merge(Mode.SUBTRACT, -1);
    }
    /**
     * Keras' {@code Multiply}: the elementwise product of one or more inputs.
     *
     * @return a new layer
     */
    public static Merge multiply() {
        return new Merge(Mode.MULTIPLY, -1);
    }
    /**
     * Keras' {@code Average}: the elementwise mean of one or more inputs.
     *
     * @return a new layer
     */
    public static Merge average() {
        return new Merge(Mode.AVERAGE, -1);
    }
    /**
     * Keras' {@code Maximum}: the elementwise maximum of one or more inputs.
     *
     * @return a new layer
     */
    public static Merge maximum() {
        return new Merge(Mode.MAXIMUM, -1);
    }
    /**
     * Keras' {@code Minimum}: the elementwise minimum of one or more inputs.
     *
     * @return a new layer
     */
    public static Merge minimum() {
        return new Merge(Mode.MINIMUM, -1);
    }

    /**
     * Concatenation along the last axis (Keras' default).
     *
     * @return a new layer
     */
    public static Merge concatenate() {
        return concatenate(-1);
    }

    /**
     * Concatenation along a per-sample axis counted as Keras does: with the batch axis, -1 the last.
     *
     * @param axis the axis: 1 is the first per-sample axis, negative values count from the end; checked against
     *     the inputs when shapes are known
     * @return a new layer
     * @throws IllegalArgumentException if {@code axis} is 0 (the batch axis)
     */
    public static Merge concatenate(int axis) {
        if (axis == 0)
            throw new IllegalArgumentException(
                    "Concatenate: axis 0 is the batch axis; give a per-sample axis (1, 2, ... or -1)");
        return new Merge(Mode.CONCATENATE, axis);
    }

    /**
     * Rebuilds a merging layer of Keras class {@code type} ("Add", "Concatenate", ...) from its saved config.
     *
     * @param type the saved type: "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" or "Concatenate"
     * @param c the saved config: "axis" (Concatenate only, default -1), otherwise no keys
     * @return a new layer
     * @throws IllegalArgumentException for an unknown type, an unknown key or an invalid axis
     */
    public static Merge fromConfig(String type, ConfigMap c) {
        Mode m = Mode.byType(type);
        if (m == Mode.CONCATENATE) return concatenate(c.allowOnly("axis").intValue("axis", -1));
        c.allowOnly();
        return new Merge(m, -1);
    }

    /**
     * The merge operation.
     *
     * @return the mode
     */
    public Mode mode() {
        return mode;
    }

    @Override
    public String type() {
        return mode.type;
    }

    /**
     * The per-sample output shape for these per-sample input shapes; errors name the layer and every shape.
     *
     * @param in the inputs' per-sample shapes (batch axis excluded), in order
     * @return the common shape, or for Concatenate the shape with the axis' sizes summed
     * @throws IllegalArgumentException if there is no input (Subtract: not exactly two), the elementwise modes'
     *     shapes differ, or Concatenate's ranks or other axes differ or its axis is out of range
     */
    public Shape outputShape(List<Shape> in) {
        if (mode == Mode.SUBTRACT ? in.size() != 2 : in.isEmpty())
            throw new IllegalArgumentException(describe() + ": expected "
                    + (mode == Mode.SUBTRACT ? "exactly 2 inputs" : "at least one input") + ", got " + in.size());
        Shape first = in.getFirst();
        if (mode != Mode.CONCATENATE) {
            for (Shape s : in)
                if (!s.equals(first))
                    throw new IllegalArgumentException(describe() + ": inputs must have one shape, got " + shapes(in));
            return first;
        }
        int ax = sampleAxis(first);
        int total = 0;
        for (Shape s : in) {
            if (s.rank() != first.rank())
                throw new IllegalArgumentException(describe() + ": inputs must have one rank, got " + shapes(in));
            for (int d = 0; d < s.rank(); d++)
                if (d != ax && s.dim(d) != first.dim(d))
                    throw new IllegalArgumentException(
                            describe() + ": inputs must agree on every axis but axis " + axis + ", got " + shapes(in));
            total += s.dim(ax);
        }
        return first.with(ax, total);
    }

    private int sampleAxis(Shape sample) {
        int ax = axis < 0 ? sample.rank() + axis : axis - 1; // Keras counts the batch axis
        if (ax < 0 || ax >= sample.rank())
            throw new IllegalArgumentException(
                    describe() + ": axis " + axis + " is out of range for inputs " + withBatch(sample));
        return ax;
    }

    private static String shapes(List<Shape> in) {
        List<String> s = new ArrayList<>();
        for (Shape x : in) s.add(withBatch(x));
        return String.join(", ", s);
    }

    /**
     * Joins a batch of each input (checked against {@link #outputShape(List)}); differentiable with respect to
     * every input. Records no activity penalty.
     *
     * @param xs the input batches, batch axis first, of one batch size
     * @return the merged batch
     * @throws IllegalArgumentException if the inputs' shapes do not fit the mode
     */
    public Tensor merge(List<Tensor> xs) {
        List<Shape> in = new ArrayList<>();
        for (Tensor x : xs) in.add(x.shape().dropFirst());
        outputShape(in);
        Tensor y = xs.getFirst();
        switch (mode) {
            case ADD, AVERAGE -> {
                for (int i = 1; i < xs.size(); i++) y = y.add(xs.get(i));
                if (mode == Mode.AVERAGE) y = y.mul(1f / xs.size());
            }
            case SUBTRACT -> y = y.sub(xs.get(1));
            case MULTIPLY -> {
                for (int i = 1; i < xs.size(); i++) y = y.mul(xs.get(i));
            }
            case MAXIMUM -> {
                for (int i = 1; i < xs.size(); i++) y = y.maximum(xs.get(i));
            }
            case MINIMUM -> {
                for (int i = 1; i < xs.size(); i++) y = y.minimum(xs.get(i));
            }
            case CONCATENATE -> y = Ops.concat(sampleAxis(in.getFirst()) + 1, xs);
        }
        return y;
    }

    /**
     * The output mask: the product (logical and) of the inputs' masks, as Keras' elementwise merges; null when no
     * input has one.
     *
     * @param masks the inputs' masks (batch, steps), in order; null entries for inputs without a mask
     * @return the combined mask, or null
     */
    public NDArray computeMask(List<NDArray> masks) {
        NDArray m = null;
        for (NDArray x : masks) if (x != null) m = m == null ? x : m.mul(x);
        return m;
    }

    @Override
    protected void create(Shape sampleShape, Rng rng) {}

    /**
     * {@link #merge} at a node of a functional graph.
     *
     * @param inputs the input batches
     * @param masks their masks (entries may be null)
     * @param training unused: merging is the same in training and inference
     * @return the merged batch, the one output
     * @throws IllegalArgumentException if the inputs' shapes do not fit the mode
     */
    @Override
    public List<Tensor> applyAll(List<Tensor> inputs, List<NDArray> masks, boolean training) {
        return List.of(merge(inputs));
    }

    /**
     * {@link #computeMask(List)} at a node.
     *
     * @param inputs the input batches (unused)
     * @param masks their masks (entries may be null)
     * @return the one output's mask, possibly null
     */
    @Override
    public List<NDArray> computeMasks(List<Tensor> inputs, List<NDArray> masks) {
        List<NDArray> out = new ArrayList<>(1);
        out.add(computeMask(masks));
        return out;
    }

    /**
     * {@link #outputShape(List)} at a node.
     *
     * @param inputShapes the inputs' per-sample shapes
     * @return the one output's per-sample shape
     * @throws IllegalArgumentException if the shapes do not fit the mode
     */
    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    /**
     * Checks the shapes (a merging layer has no weights).
     *
     * @param inputShapes the inputs' per-sample shapes
     * @throws IllegalArgumentException if the shapes do not fit the mode
     */
    @Override
    public void buildFor(List<Shape> inputShapes) {
        outputShape(inputShapes);
        if (!isBuilt()) build(inputShapes.getFirst()); // shared merges may see other shapes: nothing to build
    }

    /**
     * Always fails: a merging layer needs several inputs ({@link #merge}).
     *
     * @param x unused
     * @param training unused
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    protected Tensor call(Tensor x, boolean training) {
        throw new IllegalStateException(describe()
                + " joins several inputs: use it in a functional model (Functional.merge), not in a Sequential");
    }

    /**
     * The one-input form of the {@link Layer} contract: {@code sampleShape} unchanged. The output shape of a
     * merge depends on every input: use {@link #outputShape(List)}.
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
        if (mode == Mode.CONCATENATE) c.put("axis", axis);
        return c;
    }
}
