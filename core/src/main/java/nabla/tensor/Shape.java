package nabla.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape: the size of each axis, outermost first (row-major, as NumPy's {@code shape} tuple and
 * PyTorch's {@code torch.Size}). A rank-0 shape is a scalar (one element); a dimension may be 0 (no elements).
 * Negative axis arguments count from the end, as in NumPy ({@code -1} is the last axis). Sizes are limited to
 * {@code Integer.MAX_VALUE} elements. Instances are immutable and thread-safe; {@link #equals} compares the
 * dimensions.
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long s = 1;
        for (int d : dims) {
            if (d < 0)
                throw new IllegalArgumentException("Shape: dimensions must be >= 0, got " + Arrays.toString(dims));
            s *= d;
            if (s > Integer.MAX_VALUE)
                throw new IllegalArgumentException("Shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
        }
        this.dims = dims;
        this.size = (int) s;
    }

    /**
     * A shape with the given dimensions (copied); no dimensions give the scalar shape.
     *
     * @param dims the size of each axis, outermost first
     * @return the shape
     * @throws IllegalArgumentException if a dimension is negative or the shape has more than
     *     {@code Integer.MAX_VALUE} elements
     */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /**
     * The rank-0 shape, {@code ()}: one element.
     *
     * @return the scalar shape
     */
    public static Shape scalar() {
        return SCALAR;
    }

    /**
     * The number of axes (0 for a scalar).
     *
     * @return the rank
     */
    public int rank() {
        return dims.length;
    }

    /**
     * The number of elements: the product of the dimensions (1 for a scalar).
     *
     * @return the element count
     */
    public int size() {
        return size;
    }

    /**
     * The size of one axis.
     *
     * @param axis the axis; negative counts from the end
     * @return its size
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /**
     * The size of the last axis (the feature axis of a channels-last batch).
     *
     * @return the last dimension
     * @throws IllegalStateException for a scalar shape
     */
    public int last() {
        if (dims.length == 0) throw new IllegalStateException("a scalar shape has no last axis");
        return dims[dims.length - 1];
    }

    /**
     * The dimensions, outermost first.
     *
     * @return a new array (changing it does not change this shape)
     */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * Normalises an axis that may be negative: {@code -1} becomes {@code rank() - 1}.
     *
     * @param axis an axis in {@code [-rank(), rank())}
     * @return the axis in {@code [0, rank())}
     * @throws IllegalArgumentException naming the shape if the axis is out of range
     */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length)
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        return a;
    }

    /**
     * This shape with one dimension replaced (a new shape; this one is unchanged).
     *
     * @param axis the axis to change; negative counts from the end
     * @param size its new size
     * @return the changed shape
     * @throws IllegalArgumentException if the axis is out of range or {@code size} is negative
     */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    /**
     * This shape without its first axis: the per-sample shape of a batch shape.
     *
     * @return the shape of the remaining axes (scalar for a rank-1 shape)
     * @throws IllegalArgumentException for a scalar shape, which has no first axis
     */
    public Shape dropFirst() {
        return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /**
     * A new shape {@code (first, this...)}: a batch shape from a per-sample shape.
     *
     * @param first the size of the new leading axis
     * @return the longer shape
     * @throws IllegalArgumentException if {@code first} is negative or the result is too large
     */
    public Shape prepend(int first) {
        int[] d = new int[dims.length + 1];
        d[0] = first;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /**
     * Row-major (C order) strides for this shape, in elements (not bytes, unlike NumPy's {@code strides}):
     * {@code (3, 4)} gives {@code [4, 1]}.
     *
     * @return a new array of one stride per axis
     */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * The shape two operands broadcast to, by NumPy's rules: the shapes are aligned at their last axis, the
     * shorter one is padded with leading 1s, and on each axis the sizes must be equal or one of them 1 (which
     * stretches to the other). {@code (8, 1, 6)} and {@code (7, 1)} give {@code (8, 7, 6)}.
     *
     * @param a the first shape
     * @param b the second shape
     * @return the broadcast shape ({@code a} itself when the shapes are equal)
     * @throws IllegalArgumentException naming both shapes and the axis if they are incompatible
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b)) return a;
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast together (axis "
                        + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /**
     * The shape a reshape of this shape to {@code target} gives, with a single {@code -1} in {@code target}
     * inferred so that the element count stays the same (as NumPy's and PyTorch's {@code reshape}).
     *
     * @param target the new dimensions; at most one may be {@code -1}
     * @return the resolved shape
     * @throws IllegalArgumentException if there is more than one {@code -1}, another dimension is negative, or
     *     the element counts cannot match
     */
    public Shape reshapeTarget(int... target) {
        int[] d = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0)
                    throw new IllegalArgumentException(
                            "reshape " + this + " -> " + Arrays.toString(target) + ": only one -1 is allowed");
                infer = i;
            } else known *= d[i];
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException(
                        "cannot reshape " + this + " (" + size + " elements) to " + Arrays.toString(target));
            d[infer] = (int) (size / known);
        }
        Shape s = Shape.of(d);
        if (s.size != size)
            throw new IllegalArgumentException(
                    "cannot reshape " + this + " (" + size + " elements) to " + s + " (" + s.size + " elements)");
        return s;
    }

    /**
     * This shape as text with a named leading axis, for messages and model summaries: shape {@code (784,)}
     * with label "batch" gives {@code (batch, 784)}.
     *
     * @param label the name of the leading axis
     * @return the text
     */
    public String withLeading(String label) {
        StringBuilder sb = new StringBuilder("(").append(label);
        for (int d : dims) sb.append(", ").append(d);
        return sb.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python-style tuple: {@code (2, 3)}, {@code (5,)} and {@code ()}. */
    @Override
    public String toString() {
        if (dims.length == 1) return "(" + dims[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
