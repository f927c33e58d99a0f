package nabla.tensor;

import java.util.Arrays;

/**
 * An immutable tensor shape: the size of each axis, outermost first. A rank-0 shape is a scalar.
 * Negative axis arguments count from the end, as in NumPy ({@code -1} is the last axis).
 */
public final class Shape {
    private static final Shape SCALAR = new Shape(new int[0]);
    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long s = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("Shape: dimensions must be >= 0, got " + Arrays.toString(dims));
            s *= d;
            if (s > Integer.MAX_VALUE) throw new IllegalArgumentException("Shape " + Arrays.toString(dims) + " has more than 2^31-1 elements");
        }
        this.dims = dims;
        this.size = (int) s;
    }

    /** A shape with the given dimensions (copied). */
    public static Shape of(int... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The rank-0 shape. */
    public static Shape scalar() {
        return SCALAR;
    }

    public int rank() {
        return dims.length;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Size of {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return dims[axis(axis)];
    }

    /** Size of the last axis. */
    public int last() {
        if (dims.length == 0) throw new IllegalStateException("a scalar shape has no last axis");
        return dims[dims.length - 1];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** Normalises an axis that may be negative; throws with the shape when out of range. */
    public int axis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length)
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        return a;
    }

    /** This shape with {@code axis} set to {@code size}. */
    public Shape with(int axis, int size) {
        int[] d = dims.clone();
        d[axis(axis)] = size;
        return new Shape(d);
    }

    /** This shape without its first axis. */
    public Shape dropFirst() {
        return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** A new shape {@code (first, this...)}. */
    public Shape prepend(int first) {
        int[] d = new int[dims.length + 1];
        d[0] = first;
        System.arraycopy(dims, 0, d, 1, dims.length);
        return new Shape(d);
    }

    /** Row-major (C order) strides for this shape. */
    public int[] contiguousStrides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** NumPy broadcasting of two shapes; throws naming both when they are incompatible. */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.equals(b)) return a;
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast together (axis " + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    /** Resolves a single {@code -1} in {@code dims} so that the size equals this shape's size. */
    public Shape reshapeTarget(int... target) {
        int[] d = target.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape " + this + " -> " + Arrays.toString(target) + ": only one -1 is allowed");
                infer = i;
            } else known *= d[i];
        }
        if (infer >= 0) {
            if (known == 0 || size % known != 0)
                throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to " + Arrays.toString(target));
            d[infer] = (int) (size / known);
        }
        Shape s = Shape.of(d);
        if (s.size != size)
            throw new IllegalArgumentException("cannot reshape " + this + " (" + size + " elements) to " + s + " (" + s.size + " elements)");
        return s;
    }

    /** The shape with a leading axis written as {@code label}: {@code (batch, 784)} for label "batch". */
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
