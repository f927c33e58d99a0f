package nabla.nn.merge;

import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer that joins several inputs into one, as Keras' merging layers {@code Add}, {@code Subtract},
 * {@code Multiply}, {@code Average}, {@code Maximum}, {@code Minimum} (elementwise, inputs of one shape) and
 * {@code Concatenate} (along an axis; the other axes must agree). No weights. It takes a list of inputs, so it is
 * used in a functional model ({@code nabla.models.Functional.merge}), not in a {@code Sequential}.
 */
public final class Merge extends Layer {
    /** The merge operation; {@link #type()} is its Keras class name. */
    public enum Mode {
        ADD("Add"), SUBTRACT("Subtract"), MULTIPLY("Multiply"), AVERAGE("Average"), MAXIMUM("Maximum"), MINIMUM("Minimum"),
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

    public static Merge add() { return new Merge(Mode.ADD, -1); }
    public static Merge subtract() { return new Merge(Mode.SUBTRACT, -1); }
    public static Merge multiply() { return new Merge(Mode.MULTIPLY, -1); }
    public static Merge average() { return new Merge(Mode.AVERAGE, -1); }
    public static Merge maximum() { return new Merge(Mode.MAXIMUM, -1); }
    public static Merge minimum() { return new Merge(Mode.MINIMUM, -1); }

    /** Concatenation along the last axis (Keras' default). */
    public static Merge concatenate() { return concatenate(-1); }

    /** Concatenation along a per-sample axis counted as Keras does: with the batch axis, -1 the last. */
    public static Merge concatenate(int axis) {
        if (axis == 0) throw new IllegalArgumentException("Concatenate: axis 0 is the batch axis; give a per-sample axis (1, 2, ... or -1)");
        return new Merge(Mode.CONCATENATE, axis);
    }

    /** Rebuilds a merging layer of Keras class {@code type} ("Add", "Concatenate", ...) from its saved config. */
    public static Merge fromConfig(String type, ConfigMap c) {
        Mode m = Mode.byType(type);
        if (m == Mode.CONCATENATE) return concatenate(c.allowOnly("axis").intValue("axis", -1));
        c.allowOnly();
        return new Merge(m, -1);
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String type() {
        return mode.type;
    }

    /** The per-sample output shape for these per-sample input shapes; errors name the layer and every shape. */
    public Shape outputShape(List<Shape> in) {
        if (mode == Mode.SUBTRACT ? in.size() != 2 : in.isEmpty())
            throw new IllegalArgumentException(describe() + ": expected " + (mode == Mode.SUBTRACT ? "exactly 2 inputs" : "at least one input") + ", got " + in.size());
        Shape first = in.getFirst();
        if (mode != Mode.CONCATENATE) {
            for (Shape s : in)
                if (!s.equals(first)) throw new IllegalArgumentException(describe() + ": inputs must have one shape, got " + shapes(in));
            return first;
        }
        int ax = sampleAxis(first);
        int total = 0;
        for (Shape s : in) {
            if (s.rank() != first.rank()) throw new IllegalArgumentException(describe() + ": inputs must have one rank, got " + shapes(in));
            for (int d = 0; d < s.rank(); d++)
                if (d != ax && s.dim(d) != first.dim(d))
                    throw new IllegalArgumentException(describe() + ": inputs must agree on every axis but axis " + axis + ", got " + shapes(in));
            total += s.dim(ax);
        }
        return first.with(ax, total);
    }

    private int sampleAxis(Shape sample) {
        int ax = axis < 0 ? sample.rank() + axis : axis - 1; // Keras counts the batch axis
        if (ax < 0 || ax >= sample.rank())
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is out of range for inputs " + withBatch(sample));
        return ax;
    }

    private static String shapes(List<Shape> in) {
        List<String> s = new ArrayList<>();
        for (Shape x : in) s.add(withBatch(x));
        return String.join(", ", s);
    }

    /** Joins a batch of each input (checked against {@link #outputShape(List)}). */
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

    /** The output mask: the product (logical and) of the inputs' masks, as Keras; null when no input has one. */
    public NDArray computeMask(List<NDArray> masks) {
        NDArray m = null;
        for (NDArray x : masks) if (x != null) m = m == null ? x : m.mul(x);
        return m;
    }

    @Override
    protected void create(Shape sampleShape, Rng rng) {}

    @Override
    protected Tensor call(Tensor x, boolean training) {
        throw new IllegalStateException(describe() + " joins several inputs: use it in a functional model (Functional.merge), not in a Sequential");
    }

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
