package nabla.tensor;

import java.util.Arrays;
import java.util.List;
import nabla.kernels.BinaryOp;
import nabla.kernels.Elementwise;
import nabla.kernels.Gemm;
import nabla.kernels.ReduceOp;
import nabla.kernels.UnaryOp;
import nabla.kernels.VectorSupport;

/**
 * An n-dimensional float32 array, as NumPy's {@code ndarray}: a {@link Shape}, strides (in elements, not bytes)
 * and an offset into a {@code float[]}. Knows nothing about gradients (see {@code nabla.autograd.Tensor}).
 *
 * <p><b>Views and copies.</b> These return views that share the storage, so a write through one is seen by all:
 * {@link #reshape(int...)} of a contiguous array (a non-contiguous one is copied first), {@link #permute},
 * {@link #transpose(int, int)}, {@link #transpose()}, {@link #slice(int, int, int, int)} (with step),
 * {@link #unsqueeze}, {@link #squeeze} and {@link #broadcastTo} (stride 0 on the repeated axes); {@link #wrap} and
 * {@link #of(float[], int...)} wrap the caller's array without copying, and {@link #data()} exposes the storage.
 * Every other operation that returns an array returns a new contiguous one: elementwise math, reductions,
 * {@link #matmul}, {@link #concat}, {@link #stack}, {@link #indexSelect}, {@link #copy}; a few return the receiver
 * itself when there is nothing to do ({@link #contiguous()}, {@link #broadcastTo} to the same shape,
 * {@link #sumTo} to the same shape, {@link #transpose()} of a vector). The in-place methods ({@link #set},
 * {@link #assign}, {@link #fill}, {@link #addInPlace}, {@link #applyInPlace}, {@link #scaleInPlace}) write into the
 * receiver's storage, and so into every view of it, and return the receiver for chaining.
 *
 * <p><b>Broadcasting</b> follows NumPy's rules ({@link Shape#broadcast}): shapes are aligned at the last axis and a
 * size-1 (or missing leading) axis stretches to the other operand's size. Axis arguments may be negative (counted
 * from the end).
 *
 * <p><b>Errors.</b> Bad shapes, axes and arguments throw {@link IllegalArgumentException} with the shapes in the
 * message; element indices out of range throw {@link IndexOutOfBoundsException}. Every factory throws
 * {@link IllegalStateException} when the JVM lacks the Vector API module ({@code --add-modules
 * jdk.incubator.vector} on the class path).
 *
 * <p><b>Threads.</b> Not synchronized: concurrent reads are safe, but a write must not race with any other access
 * to the same storage. Large operations ({@link #matmul}) may use all cores internally.
 */
public final class NDArray {
    private final float[] data;
    private final Shape shape;
    private final int[] strides;
    private final int offset;

    private NDArray(float[] data, Shape shape, int[] strides, int offset) {
        VectorSupport.require(); // one sentence instead of a NoClassDefFoundError in the first kernel
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    /**
     * Wraps {@code data} (not copied) as a contiguous row-major array of the given shape; later writes to
     * {@code data} show in the array and vice versa (as {@code torch.from_numpy}).
     *
     * @param data the storage; elements past {@code shape.size()} are ignored
     * @param shape the shape
     * @return a view of {@code data}
     * @throws IllegalArgumentException if {@code data} has fewer than {@code shape.size()} elements
     */
    public static NDArray wrap(float[] data, Shape shape) {
        if (data.length < shape.size())
            throw new IllegalArgumentException(
                    "data has " + data.length + " elements, shape " + shape + " needs " + shape.size());
        return new NDArray(data, shape, shape.contiguousStrides(), 0);
    }

    /**
     * Wraps {@code data} (not copied) with the given dimensions, as {@link #wrap}; {@code of(data)} with no
     * dimensions is a vector of all its elements.
     *
     * @param data the storage
     * @param dims the dimensions; none for a vector of {@code data.length}
     * @return a view of {@code data}
     * @throws IllegalArgumentException if {@code data} is too short for the dimensions or a dimension is negative
     */
    public static NDArray of(float[] data, int... dims) {
        return wrap(data, dims.length == 0 ? Shape.of(data.length) : Shape.of(dims));
    }

    /**
     * A copy of a rectangular 2-D Java array, of shape (rows, columns).
     *
     * @param rows the rows, all of the same length
     * @return a new array; (0, 0) for no rows
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static NDArray of(float[][] rows) {
        int r = rows.length, c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c)
                throw new IllegalArgumentException(
                        "ragged rows: row 0 has " + c + " elements, row " + i + " has " + rows[i].length);
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return wrap(d, Shape.of(r, c));
    }

    /**
     * A rank-0 array holding one value.
     *
     * @param v the value
     * @return a new scalar array
     */
    public static NDArray scalar(float v) {
        return new NDArray(new float[] {v}, Shape.scalar(), new int[0], 0);
    }

    /**
     * A new array of zeros.
     *
     * @param shape the shape
     * @return a new contiguous array
     */
    public static NDArray zeros(Shape shape) {
        return wrap(new float[shape.size()], shape);
    }

    /**
     * A new array of zeros, as {@code np.zeros}.
     *
     * @param dims the dimensions; none for a scalar
     * @return a new contiguous array
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static NDArray zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    /**
     * A new array of ones, as {@code np.ones}.
     *
     * @param dims the dimensions; none for a scalar
     * @return a new contiguous array
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static NDArray ones(int... dims) {
        return full(Shape.of(dims), 1f);
    }

    /**
     * A new array with every element {@code v}, as {@code np.full}.
     *
     * @param shape the shape
     * @param v the value
     * @return a new contiguous array
     */
    public static NDArray full(Shape shape, float v) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, v);
        return wrap(d, shape);
    }

    /**
     * The vector {@code 0, 1, ..., n-1}, as {@code np.arange(n)}.
     *
     * @param n the number of elements (none when {@code n <= 0})
     * @return a new vector
     */
    public static NDArray arange(int n) {
        return arange(0, n, 1);
    }

    /**
     * The vector {@code start, start+step, ...} while below {@code stop} (above it, for a negative step), as
     * {@code np.arange}: {@code ceil((stop - start) / step)} elements, each computed as {@code start + i*step}.
     *
     * @param start the first value
     * @param stop the excluded bound
     * @param step the spacing, positive or negative
     * @return a new vector (empty when {@code stop} is not beyond {@code start} in the step's direction)
     * @throws IllegalArgumentException if {@code step} is 0
     */
    public static NDArray arange(float start, float stop, float step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must not be 0");
        int n = Math.max(0, (int) Math.ceil((stop - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return wrap(d, Shape.of(n));
    }

    /**
     * Random values {@code lo + (hi - lo) * u} with {@code u} from {@link Rng#nextFloat()}, one draw per element
     * in row-major order: uniform on [lo, hi) up to float rounding ({@code hi} itself can occur, rarely).
     *
     * @param shape the shape
     * @param lo the lower bound
     * @param hi the upper bound
     * @param rng the generator (advanced)
     * @return a new contiguous array
     */
    public static NDArray uniform(Shape shape, float lo, float hi, Rng rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return wrap(d, shape);
    }

    /**
     * Random values from a normal distribution ({@link Rng#nextGaussian()}, in row-major order), as
     * {@code torch.normal(mean, std, size)}.
     *
     * @param shape the shape
     * @param mean the mean
     * @param std the standard deviation
     * @param rng the generator (advanced)
     * @return a new contiguous array
     */
    public static NDArray normal(Shape shape, float mean, float std, Rng rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return wrap(d, shape);
    }

    // ---------------------------------------------------------------- accessors

    /** {@return the shape} */
    public Shape shape() {
        return shape;
    }

    /** {@return the number of axes (0 for a scalar)} */
    public int rank() {
        return shape.rank();
    }

    /** {@return the number of elements} */
    public int size() {
        return shape.size();
    }

    /**
     * The size of one axis.
     *
     * @param axis the axis; negative counts from the end
     * @return its size
     * @throws IllegalArgumentException if the axis is out of range
     */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /**
     * The backing storage (shared, not copied). Element {@code (i, j, ...)} is at
     * {@code offset() + i*strides()[0] + j*strides()[1] + ...}; the array may hold elements outside this view
     * (other views of the same storage), and a contiguous array at offset 0 may still be longer than
     * {@link #size()}.
     *
     * @return the storage itself
     */
    public float[] data() {
        return data;
    }

    /** {@return the index in {@link #data()} of the first element} */
    public int offset() {
        return offset;
    }

    /** {@return the step in {@link #data()} for each axis, in elements (a copy); 0 on a broadcast axis} */
    public int[] strides() {
        return strides.clone();
    }

    /**
     * Whether the elements are laid out in row-major order without gaps (the offset may be non-zero; strides of
     * size-1 axes do not matter). Transposed, stepped-slice and broadcast views are not.
     *
     * @return true when contiguous
     */
    public boolean isContiguous() {
        int acc = 1;
        for (int i = strides.length - 1; i >= 0; i--) {
            if (shape.dim(i) != 1 && strides[i] != acc) return false;
            acc *= shape.dim(i);
        }
        return true;
    }

    private int flatIndex(int... idx) {
        if (idx.length != shape.rank())
            throw new IllegalArgumentException(
                    "index " + Arrays.toString(idx) + " has " + idx.length + " axes, array has shape " + shape);
        int p = offset;
        for (int i = 0; i < idx.length; i++) {
            int v = idx[i] < 0 ? idx[i] + shape.dim(i) : idx[i];
            if (v < 0 || v >= shape.dim(i))
                throw new IndexOutOfBoundsException(
                        "index " + Arrays.toString(idx) + " is out of bounds for shape " + shape);
            p += v * strides[i];
        }
        return p;
    }

    /**
     * One element.
     *
     * @param idx one index per axis; negative counts from the end
     * @return the element
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public float get(int... idx) {
        return data[flatIndex(idx)];
    }

    /**
     * Writes one element into the storage (seen by every view sharing it).
     *
     * @param v the value
     * @param idx one index per axis; negative counts from the end
     * @throws IllegalArgumentException if the number of indices is not the rank
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public void set(float v, int... idx) {
        data[flatIndex(idx)] = v;
    }

    /**
     * The value of a one-element array of any rank, as PyTorch's {@code item()}.
     *
     * @return the element
     * @throws IllegalStateException if the array does not have exactly one element
     */
    public float item() {
        if (size() != 1) throw new IllegalStateException("item() needs a one-element array, shape is " + shape);
        return data[offset];
    }

    /**
     * The elements in row-major order.
     *
     * @return a new array of {@link #size()} elements (always a copy)
     */
    public float[] toArray() {
        if (isContiguous()) return Arrays.copyOfRange(data, offset, offset + size());
        return copy().data;
    }

    /**
     * This array itself if it is contiguous and starts at offset 0, otherwise a contiguous copy; the result's
     * {@link #data()} may still be longer than its size (see {@link #wrap}).
     *
     * @return this array or a copy
     */
    public NDArray contiguous() {
        return isContiguous() && offset == 0 ? this : copy();
    }

    /**
     * A contiguous copy with its own storage (as {@code np.copy} / {@code clone()}).
     *
     * @return a new array
     */
    public NDArray copy() {
        NDArray out = zeros(shape);
        out.assign(this);
        return out;
    }

    // ---------------------------------------------------------------- views

    /**
     * The same elements in row-major order with a new shape; one dimension may be {@code -1} (inferred). A view
     * sharing storage when this array is contiguous, otherwise a reshaped copy (as PyTorch's {@code reshape}).
     *
     * @param dims the new dimensions
     * @return a view or a copy
     * @throws IllegalArgumentException if the element counts differ or more than one dimension is {@code -1}
     */
    public NDArray reshape(int... dims) {
        Shape s = shape.reshapeTarget(dims);
        return reshape(s);
    }

    /**
     * As {@link #reshape(int...)}, with the target given as a shape (no {@code -1}).
     *
     * @param s the new shape
     * @return a view or a copy
     * @throws IllegalArgumentException if the element counts differ
     */
    public NDArray reshape(Shape s) {
        if (s.size() != shape.size()) throw new IllegalArgumentException("cannot reshape " + shape + " to " + s);
        NDArray src = isContiguous() ? this : copy();
        return new NDArray(src.data, s, s.contiguousStrides(), src.offset);
    }

    /**
     * Reorders the axes, as {@code np.transpose(a, order)} and PyTorch's {@code permute}: output axis {@code i} is
     * input axis {@code order[i]}. A view (no data moves).
     *
     * @param order a permutation of the axes; negative entries count from the end
     * @return a view
     * @throws IllegalArgumentException if {@code order} does not have one entry per axis, repeats an axis or
     *     names one out of range
     */
    public NDArray permute(int... order) {
        if (order.length != rank())
            throw new IllegalArgumentException(
                    "permute " + Arrays.toString(order) + " does not match rank of " + shape);
        int[] d = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int ax = shape.axis(order[i]);
            if (seen[ax])
                throw new IllegalArgumentException("permute " + Arrays.toString(order) + " repeats axis " + ax);
            seen[ax] = true;
            d[i] = shape.dim(ax);
            st[i] = strides[ax];
        }
        return new NDArray(data, Shape.of(d), st, offset);
    }

    /**
     * Swaps two axes, as {@code torch.transpose(a, b)}. A view.
     *
     * @param a one axis; negative counts from the end
     * @param b the other axis
     * @return a view
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray transpose(int a, int b) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        a = shape.axis(a);
        b = shape.axis(b);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /**
     * Swaps the last two axes (the matrix transpose, batched over leading axes). A view; an array of rank 0 or 1
     * is returned itself.
     *
     * @return a view, or this array
     */
    public NDArray transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along one axis: NumPy's {@code a[..., start:end:step]}
     * on that axis. A view. As in Python, a negative bound counts from the end ({@code -1} is the last index), and
     * bounds beyond the axis are clipped, so an empty range gives an axis of size 0 rather than an error.
     *
     * @param axis the axis; negative counts from the end
     * @param start the first index
     * @param end the excluded bound
     * @param step the step, at least 1
     * @return a view
     * @throws IllegalArgumentException if the axis is out of range or {@code step} is not positive
     */
    public NDArray slice(int axis, int start, int end, int step) {
        int ax = shape.axis(axis);
        int n = shape.dim(ax);
        if (step <= 0) throw new IllegalArgumentException("slice step must be positive, got " + step);
        if (start < 0) start += n;
        if (end < 0) end += n;
        start = Math.clamp(start, 0, n);
        end = Math.clamp(end, start, n);
        int len = (end - start + step - 1) / step;
        int[] st = strides.clone();
        st[ax] *= step;
        return new NDArray(data, shape.with(ax, len), st, offset + start * strides[ax]);
    }

    /**
     * Elements {@code start .. end-1} along one axis (step 1); see {@link #slice(int, int, int, int)}. A view.
     *
     * @param axis the axis; negative counts from the end
     * @param start the first index
     * @param end the excluded bound
     * @return a view
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /**
     * Inserts an axis of size 1, as PyTorch's {@code unsqueeze} and {@code np.expand_dims}. A view.
     *
     * @param axis the position of the new axis in the result, in {@code [-(rank+1), rank]}; negative counts from
     *     the end of the result
     * @return a view of rank {@code rank() + 1}
     * @throws IllegalArgumentException if the axis is out of range
     */
    public NDArray unsqueeze(int axis) {
        int r = rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        if (ax < 0 || ax >= r)
            throw new IllegalArgumentException("unsqueeze axis " + axis + " out of range for " + shape);
        int[] d = new int[r], st = new int[r];
        for (int i = 0, j = 0; i < r; i++) {
            if (i == ax) {
                d[i] = 1;
                st[i] = 0;
            } else {
                d[i] = shape.dim(j);
                st[i] = strides[j];
                j++;
            }
        }
        return new NDArray(data, Shape.of(d), st, offset);
    }

    /**
     * Removes one axis of size 1, as {@code squeeze(axis)}. A view.
     *
     * @param axis the axis; negative counts from the end
     * @return a view of rank {@code rank() - 1}
     * @throws IllegalArgumentException if the axis is out of range or not of size 1
     */
    public NDArray squeeze(int axis) {
        int ax = shape.axis(axis);
        if (shape.dim(ax) != 1)
            throw new IllegalArgumentException("squeeze: axis " + axis + " of " + shape + " is not of size 1");
        int[] d = new int[rank() - 1], st = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i == ax) continue;
            d[j] = shape.dim(i);
            st[j++] = strides[i];
        }
        return new NDArray(data, Shape.of(d), st, offset);
    }

    /**
     * A view broadcast to {@code target} by NumPy's rules, as {@code np.broadcast_to}: repeated axes get stride 0,
     * so one stored element appears many times. Treat it as read-only: a write through it changes every position
     * sharing that element.
     *
     * @param target the shape to broadcast to
     * @return this array when the shapes are equal, otherwise a view
     * @throws IllegalArgumentException if this shape does not broadcast to {@code target}
     */
    public NDArray broadcastTo(Shape target) {
        if (shape.equals(target)) return this;
        Shape b = Shape.broadcast(shape, target);
        if (!b.equals(target)) throw new IllegalArgumentException("cannot broadcast " + shape + " to " + target);
        return new NDArray(data, target, broadcastStrides(target), offset);
    }

    private int[] broadcastStrides(Shape target) {
        int r = target.rank(), lead = r - rank();
        int[] st = new int[r];
        for (int i = 0; i < rank(); i++) st[lead + i] = shape.dim(i) == 1 ? 0 : strides[i];
        return st;
    }

    // ---------------------------------------------------------------- in-place

    /**
     * Copies {@code src}, broadcast to this shape, into this array's elements (in place, as {@code a[...] = src});
     * the copy runs element by element, so {@code src} should not overlap this array's storage.
     *
     * @param src the values
     * @return this array
     * @throws IllegalArgumentException if {@code src} does not broadcast to this shape
     */
    public NDArray assign(NDArray src) {
        NDArray s = src.broadcastTo(shape);
        StridedLoop.run(shape.dims(), strides, offset, s.strides, s.offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1 && s1 == 1) System.arraycopy(s.data, o1, data, o0, n);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = s.data[o1 + i * s1];
        });
        return this;
    }

    /**
     * Sets every element of this array (in place; other elements of a shared storage are untouched).
     *
     * @param v the value
     * @return this array
     */
    public NDArray fill(float v) {
        StridedLoop.run(shape.dims(), strides, offset, null, 0, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Arrays.fill(data, o0, o0 + n, v);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = v;
        });
        return this;
    }

    /**
     * {@code this += other} in place, with {@code other} broadcast to this shape.
     *
     * @param other the addend
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape
     */
    public NDArray addInPlace(NDArray other) {
        return applyInPlace(BinaryOp.ADD, other);
    }

    /**
     * {@code this = op(this, other)} elementwise in place, with {@code other} broadcast to this shape. The
     * operation type belongs to the module's internal kernels, so this method serves the library itself.
     *
     * @param op the operation
     * @param other the second operand
     * @return this array
     * @throws IllegalArgumentException if {@code other} does not broadcast to this shape
     */
    private NDArray applyInPlace(BinaryOp op, NDArray other) {
        NDArray s = other.broadcastTo(shape);
        StridedLoop.run(shape.dims(), strides, offset, s.strides, s.offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.binary(op, data, o0, 1, s.data, o1, s1, data, o0, n);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = op.apply(data[o0 + i * s0], s.data[o1 + i * s1]);
        });
        return this;
    }

    /**
     * {@code this *= alpha} in place.
     *
     * @param alpha the factor
     * @return this array
     */
    public NDArray scaleInPlace(float alpha) {
        if (isContiguous()) {
            Elementwise.scale(size(), alpha, data, offset);
            return this;
        }
        return applyInPlace(BinaryOp.MUL, scalar(alpha));
    }

    // ---------------------------------------------------------------- elementwise math

    /**
     * Elementwise {@code op(this, other)} with NumPy broadcasting; the operation type belongs to the module's
     * internal kernels (users call {@link #add(NDArray)} and the other named methods).
     *
     * @param op the operation
     * @param other the second operand
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    private NDArray binary(BinaryOp op, NDArray other) {
        Shape out = Shape.broadcast(shape, other.shape);
        NDArray r = zeros(out);
        int[] sa = broadcastStrides(out), sb = other.broadcastStrides(out);
        StridedLoop.run(out.dims(), r.strides, 0, sa, offset, sb, other.offset, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.binary(op, data, o1, s1, other.data, o2, s2, r.data, o0, n);
            else for (int i = 0; i < n; i++) r.data[o0 + i * s0] = op.apply(data[o1 + i * s1], other.data[o2 + i * s2]);
        });
        return r;
    }

    /**
     * Elementwise {@code op(this)}; the operation type belongs to the module's internal kernels (users call
     * {@link #exp()} and the other named methods).
     *
     * @param op the operation
     * @return a new contiguous array of the same shape
     */
    private NDArray unary(UnaryOp op) {
        NDArray r = zeros(shape);
        StridedLoop.run(shape.dims(), r.strides, 0, strides, offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.unary(op, data, o1, s1, r.data, o0, n);
            else for (int i = 0; i < n; i++) r.data[o0 + i * s0] = op.apply(data[o1 + i * s1]);
        });
        return r;
    }

    /**
     * {@code this + o} elementwise (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray add(NDArray o) {
        return binary(BinaryOp.ADD, o);
    }
    /**
     * {@code this - o} elementwise (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray sub(NDArray o) {
        return binary(BinaryOp.SUB, o);
    }
    /**
     * {@code this * o} elementwise, the Hadamard product (NumPy broadcasting); see {@link #matmul} for the matrix product.
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray mul(NDArray o) {
        return binary(BinaryOp.MUL, o);
    }
    /**
     * {@code this / o} elementwise, IEEE float division (x/0 is ±infinity or NaN, no exception).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray div(NDArray o) {
        return binary(BinaryOp.DIV, o);
    }
    /**
     * {@code this} raised to {@code o} elementwise, as {@link Math#pow} (a negative base with a non-integer exponent gives NaN).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray pow(NDArray o) {
        return binary(BinaryOp.POW, o);
    }
    /**
     * The elementwise larger of {@code this} and {@code o}, as {@code np.maximum} (not a reduction: see {@link #max}).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray maximum(NDArray o) {
        return binary(BinaryOp.MAX, o);
    }
    /**
     * The elementwise smaller of {@code this} and {@code o}, as {@code np.minimum} (not a reduction: see {@link #min}).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray minimum(NDArray o) {
        return binary(BinaryOp.MIN, o);
    }
    /**
     * The mask {@code this > o}: 1 where true, 0 elsewhere (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray gt(NDArray o) {
        return binary(BinaryOp.GT, o);
    }
    /**
     * The mask {@code this >= o}: 1 where true, 0 elsewhere (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray ge(NDArray o) {
        return binary(BinaryOp.GE, o);
    }
    /**
     * The mask {@code this < o}: 1 where true, 0 elsewhere (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray lt(NDArray o) {
        return binary(BinaryOp.LT, o);
    }
    /**
     * The mask {@code this <= o}: 1 where true, 0 elsewhere (NumPy broadcasting).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray le(NDArray o) {
        return binary(BinaryOp.LE, o);
    }
    /**
     * The mask {@code this == o}: 1 where the floats are exactly equal, 0 elsewhere (NaN equals nothing).
     *
     * @param o the other operand, broadcast against this one
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public NDArray eq(NDArray o) {
        return binary(BinaryOp.EQ, o);
    }
    /**
     * {@code this + v} elementwise.
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray add(float v) {
        return binary(BinaryOp.ADD, scalar(v));
    }
    /**
     * {@code this - v} elementwise.
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray sub(float v) {
        return binary(BinaryOp.SUB, scalar(v));
    }
    /**
     * {@code this * v} elementwise (a new array; {@link #scaleInPlace} scales in place).
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray mul(float v) {
        return binary(BinaryOp.MUL, scalar(v));
    }
    /**
     * {@code this / v} elementwise.
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray div(float v) {
        return binary(BinaryOp.DIV, scalar(v));
    }
    /**
     * {@code this} raised to the power {@code v} elementwise, as {@link Math#pow}.
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray pow(float v) {
        return binary(BinaryOp.POW, scalar(v));
    }
    /**
     * The mask {@code this > v}: 1 where true, 0 elsewhere.
     *
     * @param v the scalar
     * @return a new contiguous array of this shape
     */
    public NDArray gt(float v) {
        return binary(BinaryOp.GT, scalar(v));
    }
    /**
     * {@code -this} elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray neg() {
        return unary(UnaryOp.NEG);
    }
    /**
     * <i>e</i><sup>x</sup> elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray exp() {
        return unary(UnaryOp.EXP);
    }
    /**
     * The natural logarithm elementwise (NaN below 0, -infinity at 0).
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray log() {
        return unary(UnaryOp.LOG);
    }
    /**
     * The square root elementwise (NaN below 0).
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray sqrt() {
        return unary(UnaryOp.SQRT);
    }
    /**
     * The absolute value elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray abs() {
        return unary(UnaryOp.ABS);
    }
    /**
     * The hyperbolic tangent elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray tanh() {
        return unary(UnaryOp.TANH);
    }
    /**
     * The logistic sigmoid {@code 1 / (1 + exp(-x))} elementwise, computed without overflow for large |x|.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }
    /**
     * {@code max(x, 0)} elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray relu() {
        return unary(UnaryOp.RELU);
    }
    /**
     * {@code x * x} elementwise.
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray square() {
        return unary(UnaryOp.SQUARE);
    }
    /**
     * The sign elementwise, as {@link Math#signum}: -1, 0 or 1 (signed zeros and NaN kept).
     *
     * @return a new contiguous array of the same shape
     */
    public NDArray sign() {
        return unary(UnaryOp.SIGN);
    }

    /**
     * {@code cond != 0 ? a : b} elementwise, as {@code np.where(cond, a, b)}; all three broadcast together (a NaN
     * condition counts as true).
     *
     * @param cond the condition, usually a 0/1 mask such as {@link #gt(NDArray)} gives
     * @param a the values where the condition holds
     * @param b the values elsewhere
     * @return a new contiguous array of the broadcast shape
     * @throws IllegalArgumentException if the shapes cannot be broadcast together
     */
    public static NDArray where(NDArray cond, NDArray a, NDArray b) {
        Shape out = Shape.broadcast(Shape.broadcast(cond.shape, a.shape), b.shape);
        NDArray c = cond.broadcastTo(out), x = a.broadcastTo(out), y = b.broadcastTo(out);
        NDArray r = zeros(out);
        int[] idx = new int[out.rank()];
        float[] rd = r.data;
        for (int flat = 0; flat < rd.length; flat++) {
            int pc = c.offset, px = x.offset, py = y.offset;
            for (int i = 0; i < idx.length; i++) {
                pc += idx[i] * c.strides[i];
                px += idx[i] * x.strides[i];
                py += idx[i] * y.strides[i];
            }
            rd[flat] = c.data[pc] != 0 ? x.data[px] : y.data[py];
            for (int ax = idx.length - 1; ax >= 0; ax--) {
                if (++idx[ax] < out.dim(ax)) break;
                idx[ax] = 0;
            }
        }
        return r;
    }

    // ---------------------------------------------------------------- reductions

    private boolean[] reducedAxes(int... axes) {
        boolean[] red = new boolean[rank()];
        if (axes.length == 0) Arrays.fill(red, true);
        for (int a : axes) red[shape.axis(a)] = true;
        return red;
    }

    private NDArray reduce(ReduceOp op, boolean keepDims, int... axes) {
        boolean[] red = reducedAxes(axes);
        int[] kd = shape.dims();
        for (int i = 0; i < kd.length; i++) if (red[i]) kd[i] = 1;
        Shape keep = Shape.of(kd);
        NDArray r = full(keep, op.identity);
        int[] os = r.broadcastStrides(shape);
        StridedLoop.run(
                shape.dims(),
                os,
                0,
                strides,
                offset,
                null,
                0,
                (o0, o1, o2, s0, s1, s2, n) -> Elementwise.reduce(op, data, o1, s1, r.data, o0, s0, n));
        if (keepDims) return r;
        int[] d = new int[rank()];
        int k = 0;
        for (int i = 0; i < rank(); i++) if (!red[i]) d[k++] = shape.dim(i);
        return r.reshape(Shape.of(Arrays.copyOf(d, k)));
    }

    /**
     * The sum over {@code axes}, as {@code np.sum(a, axis=axes, keepdims=keepDims)}; all axes when none are given
     * (a listed axis may repeat).
     *
     * @param keepDims keep the reduced axes with size 1 (so the result broadcasts against this array), or drop them
     * @param axes the axes to reduce; negative counts from the end; none for all
     * @return a new contiguous array (rank 0 when every axis is reduced without {@code keepDims})
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray sum(boolean keepDims, int... axes) {
        return reduce(ReduceOp.SUM, keepDims, axes);
    }
    /**
     * The largest element over {@code axes} (all when none are given), as {@code np.max}; -infinity over an empty
     * axis.
     *
     * @param keepDims keep the reduced axes with size 1, or drop them
     * @param axes the axes to reduce; negative counts from the end; none for all
     * @return a new contiguous array
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray max(boolean keepDims, int... axes) {
        return reduce(ReduceOp.MAX, keepDims, axes);
    }
    /**
     * The smallest element over {@code axes} (all when none are given), as {@code np.min}; +infinity over an empty
     * axis.
     *
     * @param keepDims keep the reduced axes with size 1, or drop them
     * @param axes the axes to reduce; negative counts from the end; none for all
     * @return a new contiguous array
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray min(boolean keepDims, int... axes) {
        return reduce(ReduceOp.MIN, keepDims, axes);
    }

    /**
     * The sum of all elements (accumulated in float).
     *
     * @return the sum; 0 for an empty array
     */
    public float sum() {
        return reduce(ReduceOp.SUM, false).item();
    }

    /**
     * The mean over {@code axes} (all when none are given), as {@code np.mean}: the sum divided by
     * {@link #reducedCount}.
     *
     * @param keepDims keep the reduced axes with size 1, or drop them
     * @param axes the axes to reduce; negative counts from the end; none for all
     * @return a new contiguous array
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray mean(boolean keepDims, int... axes) {
        return sum(keepDims, axes).scaleInPlace(1f / reducedCount(axes));
    }

    /**
     * The population variance over {@code axes} (all when none are given): the mean squared deviation from the
     * mean, dividing by N as {@code np.var}'s default; PyTorch's {@code var} divides by N - 1 unless
     * {@code unbiased=False}.
     *
     * @param keepDims keep the reduced axes with size 1, or drop them
     * @param axes the axes to reduce; negative counts from the end; none for all
     * @return a new contiguous array
     * @throws IllegalArgumentException if an axis is out of range
     */
    public NDArray var(boolean keepDims, int... axes) {
        NDArray centered = sub(mean(true, axes));
        return centered.square().sum(keepDims, axes).scaleInPlace(1f / reducedCount(axes));
    }

    /**
     * The number of elements that a reduction over {@code axes} folds into each result: the product of their
     * sizes (all axes when none are given).
     *
     * @param axes the axes; negative counts from the end
     * @return the count
     * @throws IllegalArgumentException if an axis is out of range
     */
    public int reducedCount(int... axes) {
        boolean[] red = reducedAxes(axes);
        int n = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) n *= shape.dim(i);
        return n;
    }

    /**
     * The index of the largest element along one axis, as {@code np.argmax(a, axis)}: the first one on ties, and the
     * first NaN if there is one. Indices are stored as float values (exact up to 2<sup>24</sup>).
     *
     * @param axis the axis; negative counts from the end
     * @param keepDims keep the axis with size 1, or drop it
     * @return a new contiguous array of indices
     * @throws IllegalArgumentException if the axis is out of range, or has size 0 while the array's other axes
     *     do not (there is no index to return)
     */
    public NDArray argmax(int axis, boolean keepDims) {
        int ax = shape.axis(axis);
        NDArray moved = permuteToLast(ax).contiguous();
        int n = shape.dim(ax), rows = n == 0 ? 0 : size() / n;
        float[] out = new float[rows];
        float[] d = moved.data;
        int base = moved.offset;
        for (int r = 0; r < rows; r++) {
            int best = 0;
            float bv = d[base + r * n];
            for (int j = 1; j < n; j++) {
                float v = d[base + r * n + j];
                if (v > bv || (Float.isNaN(v) && !Float.isNaN(bv))) {
                    bv = v;
                    best = j;
                }
            }
            out[r] = best;
        }
        Shape kept = shape.with(ax, 1);
        NDArray res = wrap(out, kept);
        return keepDims ? res : res.squeeze(ax);
    }

    private NDArray permuteToLast(int ax) {
        int[] order = new int[rank()];
        for (int i = 0, j = 0; i < rank(); i++) if (i != ax) order[j++] = i;
        order[rank() - 1] = ax;
        return permute(order);
    }

    /**
     * Sums a broadcast result back to {@code target}, the shape it was broadcast from: leading extra axes and the
     * axes where {@code target} has size 1 are summed. The gradient of broadcasting.
     *
     * @param target a shape that broadcasts to this one
     * @return a new array of shape {@code target}, or this array itself when the shapes are already equal
     * @throws IllegalArgumentException if {@code target} has more axes or does not broadcast to this shape
     */
    public NDArray sumTo(Shape target) {
        if (shape.equals(target)) return this;
        int lead = rank() - target.rank();
        if (lead < 0) throw new IllegalArgumentException("cannot sum " + shape + " to larger shape " + target);
        int[] axes = new int[rank()];
        int k = 0;
        for (int i = 0; i < rank(); i++) {
            if (i < lead || (target.dim(i - lead) == 1 && shape.dim(i) != 1)) axes[k++] = i;
            else if (target.dim(i - lead) != shape.dim(i))
                throw new IllegalArgumentException("cannot sum " + shape + " to " + target);
        }
        if (k == 0) return reshape(target);
        return sum(true, Arrays.copyOf(axes, k)).reshape(target);
    }

    // ---------------------------------------------------------------- matmul

    /**
     * The matrix product with NumPy's {@code matmul} semantics ({@code @}, {@code torch.matmul}): (m, k) @ (k, n)
     * gives (m, n); a 1-D left operand is treated as a row (1, k) and a 1-D right operand as a column (k, 1), the
     * added axis removed from the result; leading batch axes broadcast, so (b, m, k) @ (k, n) gives (b, m, n).
     * Runs on the library's float32 GEMM (all cores for large products); transposed views are read in place
     * without a copy.
     *
     * @param other the right operand
     * @return a new contiguous array
     * @throws IllegalArgumentException if an operand is a scalar, the inner dimensions differ or the batch axes
     *     cannot be broadcast together
     */
    public NDArray matmul(NDArray other) {
        if (rank() == 0 || other.rank() == 0)
            throw new IllegalArgumentException("matmul: scalars are not allowed, got " + shape + " @ " + other.shape);
        NDArray a = rank() == 1 ? unsqueeze(0) : this;
        NDArray b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.dim(-2), k = a.dim(-1), k2 = b.dim(-2), n = b.dim(-1);
        if (k != k2)
            throw new IllegalArgumentException(
                    "matmul: inner dimensions differ: " + shape + " @ " + other.shape + " (" + k + " vs " + k2 + ")");
        Shape batchA = Shape.of(Arrays.copyOf(a.shape.dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        NDArray out = zeros(Shape.of(outDims));
        int batches = batch.size();
        NDArray a3 = a.broadcastBatch(batch).contiguousMatrices(),
                b3 = b.broadcastBatch(batch).contiguousMatrices();
        for (int t = 0; t < batches; t++) {
            MatView va = a3.matrixAt(t), vb = b3.matrixAt(t);
            Gemm.sgemm(
                    va.trans, vb.trans, m, n, k, va.data, va.off, va.ld, vb.data, vb.off, vb.ld, out.data, t * m * n, n,
                    false);
        }
        NDArray res = out;
        if (other.rank() == 1) res = res.squeeze(-1);
        if (rank() == 1) res = res.squeeze(res.rank() - (other.rank() == 1 ? 1 : 2));
        return res;
    }

    private NDArray broadcastBatch(Shape batch) {
        int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        d[batch.rank()] = dim(-2);
        d[batch.rank() + 1] = dim(-1);
        return broadcastTo(Shape.of(d));
    }

    /** Ensures each trailing matrix is row-major or column-major with unit stride; copies otherwise. */
    private NDArray contiguousMatrices() {
        int r = rank();
        boolean rowMajor = strides[r - 1] == 1 || dim(-1) == 1;
        boolean colMajor = strides[r - 2] == 1 || dim(-2) == 1;
        return rowMajor || colMajor ? this : copy();
    }

    private record MatView(float[] data, int off, int ld, boolean trans) {}

    private MatView matrixAt(int t) {
        int r = rank();
        int off = offset;
        for (int i = r - 3; i >= 0; i--) {
            int d = dim(i);
            off += (t % d) * strides[i];
            t /= d;
        }
        int rows = dim(-2), cols = dim(-1);
        int sr = strides[r - 2], sc = strides[r - 1];
        if (sc == 1 || cols == 1) return new MatView(data, off, rows == 1 ? cols : sr, false);
        // column-major: element (i, p) sits at off + p*sc + i, i.e. the transpose of a stored cols x rows matrix
        return new MatView(data, off, cols == 1 ? rows : sc, true);
    }

    // ---------------------------------------------------------------- joining and gathering

    /**
     * Joins arrays along an existing axis, as {@code np.concatenate} and {@code torch.cat}.
     *
     * @param axis the axis to join along; negative counts from the end
     * @param parts the arrays, of equal rank and equal sizes on every other axis
     * @return a new contiguous array
     * @throws IllegalArgumentException if {@code parts} is empty, the ranks differ, another axis differs or the
     *     axis is out of range
     */
    public static NDArray concat(int axis, List<NDArray> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat needs at least one array");
        Shape first = parts.get(0).shape;
        int ax = first.axis(axis);
        int total = 0;
        for (NDArray p : parts) {
            if (p.rank() != first.rank())
                throw new IllegalArgumentException("concat: shapes " + first + " and " + p.shape + " differ in rank");
            for (int i = 0; i < first.rank(); i++)
                if (i != ax && p.dim(i) != first.dim(i))
                    throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + first + " and "
                            + p.shape + " differ on axis " + i);
            total += p.dim(ax);
        }
        NDArray out = zeros(first.with(ax, total));
        int pos = 0;
        for (NDArray p : parts) {
            out.slice(ax, pos, pos + p.dim(ax)).assign(p);
            pos += p.dim(ax);
        }
        return out;
    }

    /**
     * Stacks same-shape arrays along a new axis, as {@code np.stack} and {@code torch.stack}: n arrays of shape
     * (a, b) stacked on axis 0 give (n, a, b).
     *
     * @param axis the position of the new axis in the result, in {@code [-(rank+1), rank]}
     * @param parts the arrays, all of one shape
     * @return a new contiguous array
     * @throws IllegalArgumentException if {@code parts} is empty, the shapes differ or the axis is out of range
     */
    public static NDArray stack(int axis, List<NDArray> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack needs at least one array");
        Shape s = parts.get(0).shape;
        for (NDArray p : parts)
            if (!p.shape.equals(s))
                throw new IllegalArgumentException("stack: shapes " + s + " and " + p.shape + " differ");
        int r = s.rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        return concat(ax, parts.stream().map(p -> p.unsqueeze(ax)).toList());
    }

    /**
     * The entries {@code indices} along one axis, in that order (repeats allowed), as {@code torch.index_select}
     * and {@code np.take(a, indices, axis)}; unlike NumPy, negative indices are refused.
     *
     * @param axis the axis; negative counts from the end
     * @param indices the positions to take, each in {@code [0, dim(axis))}
     * @return a new contiguous array with {@code indices.length} entries on that axis
     * @throws IllegalArgumentException if the axis is out of range
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public NDArray indexSelect(int axis, int[] indices) {
        int ax = shape.axis(axis);
        int n = shape.dim(ax);
        NDArray out = zeros(shape.with(ax, indices.length));
        for (int i = 0; i < indices.length; i++) {
            int idx = indices[i];
            if (idx < 0 || idx >= n)
                throw new IndexOutOfBoundsException("indexSelect: index " + idx + " is out of range [0, " + n
                        + ") on axis " + axis + " of " + shape);
            out.slice(ax, i, i + 1).assign(slice(ax, idx, idx + 1));
        }
        return out;
    }

    /**
     * Copies rows {@code indices[from] .. indices[from+count-1]} of axis 0 into the first {@code count} rows of
     * {@code into}, for batching without allocation (when this array is contiguous; otherwise it is copied on each
     * call). Nothing is checked: {@code into} must be contiguous with rows of this array's row size and room for
     * {@code count} of them, and the indices must lie in {@code [0, dim(0))}.
     *
     * @param indices row numbers of this array
     * @param from the first entry of {@code indices} to use
     * @param count the number of rows to copy
     * @param into the destination (written)
     */
    public void gatherRows(int[] indices, int from, int count, NDArray into) {
        int row = size() / Math.max(1, dim(0));
        NDArray src = isContiguous() ? this : copy();
        for (int i = 0; i < count; i++)
            System.arraycopy(src.data, src.offset + indices[from + i] * row, into.data, into.offset + i * row, row);
    }

    // ---------------------------------------------------------------- comparison and printing

    /**
     * Whether the shapes are equal (no broadcasting, unlike {@code np.allclose}) and every element satisfies
     * {@code |this - other| <= atol + rtol * |other|}; equal infinities are close, NaN is close to nothing.
     *
     * @param other the array to compare with
     * @param rtol the relative tolerance
     * @param atol the absolute tolerance
     * @return true when all elements are close
     */
    public boolean allClose(NDArray other, float rtol, float atol) {
        if (!shape.equals(other.shape)) return false;
        float[] a = toArray(), b = other.toArray();
        for (int i = 0; i < a.length; i++)
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && !(a[i] == b[i])) return false;
        return true;
    }

    /**
     * The shape and the values as NumPy prints them: {@code NDArray(2, 3)} on the first line, then nested
     * brackets with at most 6 entries per axis (the first 3, "...", the last 3).
     *
     * @return the text
     */
    @Override
    public String toString() {
        return "NDArray" + shape + "\n" + format(this);
    }

    /** NumPy-like text: nested brackets, at most 6 entries per axis shown (first 3, ..., last 3). */
    static String format(NDArray a) {
        StringBuilder sb = new StringBuilder();
        formatAxis(a, 0, a.offset, sb, 0);
        return sb.toString();
    }

    private static void formatAxis(NDArray a, int axis, int off, StringBuilder sb, int indent) {
        if (axis == a.rank()) {
            sb.append(formatNumber(a.data[off]));
            return;
        }
        int n = a.dim(axis);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (n > 6 && i == 3) {
                sb.append(axis == a.rank() - 1 ? "..., " : "...,\n" + " ".repeat(indent + 1));
                i = n - 3;
            }
            formatAxis(a, axis + 1, off + i * a.strides[axis], sb, indent + 1);
            if (i < n - 1) sb.append(axis == a.rank() - 1 ? ", " : ",\n" + " ".repeat(indent + 1));
        }
        sb.append(']');
    }

    private static String formatNumber(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v) + ".";
        return String.format("%.4g", v);
    }
}
