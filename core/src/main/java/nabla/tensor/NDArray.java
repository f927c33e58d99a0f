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
 * An n-dimensional float32 array: a view over a {@code float[]} with a shape, strides (in elements) and an
 * offset. Views (reshape of contiguous data, transpose, permute, slice, broadcast) share storage; every math
 * operation returns a new contiguous array. Knows nothing about gradients (see {@code nabla.autograd.Tensor}).
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

    /** Wraps {@code data} (not copied) as a contiguous array of the given shape. */
    public static NDArray wrap(float[] data, Shape shape) {
        if (data.length < shape.size())
            throw new IllegalArgumentException("data has " + data.length + " elements, shape " + shape + " needs " + shape.size());
        return new NDArray(data, shape, shape.contiguousStrides(), 0);
    }

    /** Wraps {@code data} (not copied) with the given dimensions; {@code of(data)} is a vector. */
    public static NDArray of(float[] data, int... dims) {
        return wrap(data, dims.length == 0 ? Shape.of(data.length) : Shape.of(dims));
    }

    /** A copy of a rectangular 2-D Java array. */
    public static NDArray of(float[][] rows) {
        int r = rows.length, c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c)
                throw new IllegalArgumentException("ragged rows: row 0 has " + c + " elements, row " + i + " has " + rows[i].length);
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return wrap(d, Shape.of(r, c));
    }

    public static NDArray scalar(float v) {
        return new NDArray(new float[] {v}, Shape.scalar(), new int[0], 0);
    }

    public static NDArray zeros(Shape shape) {
        return wrap(new float[shape.size()], shape);
    }

    public static NDArray zeros(int... dims) {
        return zeros(Shape.of(dims));
    }

    public static NDArray ones(int... dims) {
        return full(Shape.of(dims), 1f);
    }

    public static NDArray full(Shape shape, float v) {
        float[] d = new float[shape.size()];
        Arrays.fill(d, v);
        return wrap(d, shape);
    }

    /** 0, 1, ..., n-1. */
    public static NDArray arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, ... while below stop (above, for a negative step). */
    public static NDArray arange(float start, float stop, float step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must not be 0");
        int n = Math.max(0, (int) Math.ceil((stop - start) / step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = start + i * step;
        return wrap(d, Shape.of(n));
    }

    /** Uniform in [lo, hi). */
    public static NDArray uniform(Shape shape, float lo, float hi, Rng rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return wrap(d, shape);
    }

    /** Normal with the given mean and standard deviation. */
    public static NDArray normal(Shape shape, float mean, float std, Rng rng) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return wrap(d, shape);
    }

    // ---------------------------------------------------------------- accessors

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int size() {
        return shape.size();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    /** The backing storage (shared, not copied): index it with {@link #offset()} and {@link #strides()}. */
    public float[] data() {
        return data;
    }

    public int offset() {
        return offset;
    }

    public int[] strides() {
        return strides.clone();
    }

    /** True when the elements are laid out in row-major order without gaps (offset may be non-zero). */
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
            throw new IllegalArgumentException("index " + Arrays.toString(idx) + " has " + idx.length + " axes, array has shape " + shape);
        int p = offset;
        for (int i = 0; i < idx.length; i++) {
            int v = idx[i] < 0 ? idx[i] + shape.dim(i) : idx[i];
            if (v < 0 || v >= shape.dim(i))
                throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " is out of bounds for shape " + shape);
            p += v * strides[i];
        }
        return p;
    }

    public float get(int... idx) {
        return data[flatIndex(idx)];
    }

    public void set(float v, int... idx) {
        data[flatIndex(idx)] = v;
    }

    /** The value of a one-element array. */
    public float item() {
        if (size() != 1) throw new IllegalStateException("item() needs a one-element array, shape is " + shape);
        return data[offset];
    }

    /** A new contiguous {@code float[]} with the elements in row-major order. */
    public float[] toArray() {
        if (isContiguous()) return Arrays.copyOfRange(data, offset, offset + size());
        return copy().data;
    }

    /** This array if it is contiguous and starts at 0 with exact length; otherwise a contiguous copy. */
    public NDArray contiguous() {
        return isContiguous() && offset == 0 ? this : copy();
    }

    /** A contiguous copy. */
    public NDArray copy() {
        NDArray out = zeros(shape);
        out.assign(this);
        return out;
    }

    // ---------------------------------------------------------------- views

    /** Same elements, new shape (one axis may be -1). A view when contiguous, otherwise a copy. */
    public NDArray reshape(int... dims) {
        Shape s = shape.reshapeTarget(dims);
        return reshape(s);
    }

    public NDArray reshape(Shape s) {
        if (s.size() != shape.size()) throw new IllegalArgumentException("cannot reshape " + shape + " to " + s);
        NDArray src = isContiguous() ? this : copy();
        return new NDArray(src.data, s, s.contiguousStrides(), src.offset);
    }

    /** Reorders the axes: output axis i is input axis {@code order[i]}. A view. */
    public NDArray permute(int... order) {
        if (order.length != rank()) throw new IllegalArgumentException("permute " + Arrays.toString(order) + " does not match rank of " + shape);
        int[] d = new int[order.length], st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int ax = shape.axis(order[i]);
            if (seen[ax]) throw new IllegalArgumentException("permute " + Arrays.toString(order) + " repeats axis " + ax);
            seen[ax] = true;
            d[i] = shape.dim(ax);
            st[i] = strides[ax];
        }
        return new NDArray(data, Shape.of(d), st, offset);
    }

    /** Swaps two axes. A view. */
    public NDArray transpose(int a, int b) {
        int[] order = new int[rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        a = shape.axis(a);
        b = shape.axis(b);
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Swaps the last two axes (the matrix transpose); a vector is returned as is. */
    public NDArray transpose() {
        return rank() < 2 ? this : transpose(-2, -1);
    }

    /** Elements {@code start .. end-1} (step {@code step}) along {@code axis}. A view. Negative bounds count from the end. */
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

    public NDArray slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** Inserts an axis of size 1 at {@code axis}. A view. */
    public NDArray unsqueeze(int axis) {
        int r = rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        if (ax < 0 || ax >= r) throw new IllegalArgumentException("unsqueeze axis " + axis + " out of range for " + shape);
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

    /** Removes an axis of size 1. A view. */
    public NDArray squeeze(int axis) {
        int ax = shape.axis(axis);
        if (shape.dim(ax) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of " + shape + " is not of size 1");
        int[] d = new int[rank() - 1], st = new int[rank() - 1];
        for (int i = 0, j = 0; i < rank(); i++) {
            if (i == ax) continue;
            d[j] = shape.dim(i);
            st[j++] = strides[i];
        }
        return new NDArray(data, Shape.of(d), st, offset);
    }

    /** A read-only-in-spirit view broadcast to {@code target} (stride 0 on repeated axes). */
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

    /** Copies {@code src} (broadcast to this shape) into this array. */
    public NDArray assign(NDArray src) {
        NDArray s = src.broadcastTo(shape);
        StridedLoop.run(shape.dims(), strides, offset, s.strides, s.offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1 && s1 == 1) System.arraycopy(s.data, o1, data, o0, n);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = s.data[o1 + i * s1];
        });
        return this;
    }

    public NDArray fill(float v) {
        StridedLoop.run(shape.dims(), strides, offset, null, 0, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Arrays.fill(data, o0, o0 + n, v);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = v;
        });
        return this;
    }

    /** {@code this += other} (other broadcast to this shape). */
    public NDArray addInPlace(NDArray other) {
        return applyInPlace(BinaryOp.ADD, other);
    }

    /** {@code this = op(this, other)} elementwise, other broadcast to this shape. */
    public NDArray applyInPlace(BinaryOp op, NDArray other) {
        NDArray s = other.broadcastTo(shape);
        StridedLoop.run(shape.dims(), strides, offset, s.strides, s.offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.binary(op, data, o0, 1, s.data, o1, s1, data, o0, n);
            else for (int i = 0; i < n; i++) data[o0 + i * s0] = op.apply(data[o0 + i * s0], s.data[o1 + i * s1]);
        });
        return this;
    }

    /** {@code this *= alpha}. */
    public NDArray scaleInPlace(float alpha) {
        if (isContiguous()) {
            Elementwise.scale(size(), alpha, data, offset);
            return this;
        }
        return applyInPlace(BinaryOp.MUL, scalar(alpha));
    }

    // ---------------------------------------------------------------- elementwise math

    /** Elementwise {@code op(this, other)} with NumPy broadcasting. */
    public NDArray binary(BinaryOp op, NDArray other) {
        Shape out = Shape.broadcast(shape, other.shape);
        NDArray r = zeros(out);
        int[] sa = broadcastStrides(out), sb = other.broadcastStrides(out);
        StridedLoop.run(out.dims(), r.strides, 0, sa, offset, sb, other.offset, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.binary(op, data, o1, s1, other.data, o2, s2, r.data, o0, n);
            else for (int i = 0; i < n; i++) r.data[o0 + i * s0] = op.apply(data[o1 + i * s1], other.data[o2 + i * s2]);
        });
        return r;
    }

    /** Elementwise {@code op(this)}. */
    public NDArray unary(UnaryOp op) {
        NDArray r = zeros(shape);
        StridedLoop.run(shape.dims(), r.strides, 0, strides, offset, null, 0, (o0, o1, o2, s0, s1, s2, n) -> {
            if (s0 == 1) Elementwise.unary(op, data, o1, s1, r.data, o0, n);
            else for (int i = 0; i < n; i++) r.data[o0 + i * s0] = op.apply(data[o1 + i * s1]);
        });
        return r;
    }

    public NDArray add(NDArray o) { return binary(BinaryOp.ADD, o); }
    public NDArray sub(NDArray o) { return binary(BinaryOp.SUB, o); }
    public NDArray mul(NDArray o) { return binary(BinaryOp.MUL, o); }
    public NDArray div(NDArray o) { return binary(BinaryOp.DIV, o); }
    public NDArray pow(NDArray o) { return binary(BinaryOp.POW, o); }
    public NDArray maximum(NDArray o) { return binary(BinaryOp.MAX, o); }
    public NDArray minimum(NDArray o) { return binary(BinaryOp.MIN, o); }
    public NDArray gt(NDArray o) { return binary(BinaryOp.GT, o); }
    public NDArray ge(NDArray o) { return binary(BinaryOp.GE, o); }
    public NDArray lt(NDArray o) { return binary(BinaryOp.LT, o); }
    public NDArray le(NDArray o) { return binary(BinaryOp.LE, o); }
    public NDArray eq(NDArray o) { return binary(BinaryOp.EQ, o); }
    public NDArray add(float v) { return binary(BinaryOp.ADD, scalar(v)); }
    public NDArray sub(float v) { return binary(BinaryOp.SUB, scalar(v)); }
    public NDArray mul(float v) { return binary(BinaryOp.MUL, scalar(v)); }
    public NDArray div(float v) { return binary(BinaryOp.DIV, scalar(v)); }
    public NDArray pow(float v) { return binary(BinaryOp.POW, scalar(v)); }
    public NDArray gt(float v) { return binary(BinaryOp.GT, scalar(v)); }
    public NDArray neg() { return unary(UnaryOp.NEG); }
    public NDArray exp() { return unary(UnaryOp.EXP); }
    public NDArray log() { return unary(UnaryOp.LOG); }
    public NDArray sqrt() { return unary(UnaryOp.SQRT); }
    public NDArray abs() { return unary(UnaryOp.ABS); }
    public NDArray tanh() { return unary(UnaryOp.TANH); }
    public NDArray sigmoid() { return unary(UnaryOp.SIGMOID); }
    public NDArray relu() { return unary(UnaryOp.RELU); }
    public NDArray square() { return unary(UnaryOp.SQUARE); }
    public NDArray sign() { return unary(UnaryOp.SIGN); }

    /** {@code cond != 0 ? a : b}, elementwise with broadcasting of all three. */
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
        StridedLoop.run(shape.dims(), os, 0, strides, offset, null, 0,
                (o0, o1, o2, s0, s1, s2, n) -> Elementwise.reduce(op, data, o1, s1, r.data, o0, s0, n));
        if (keepDims) return r;
        int[] d = new int[rank()];
        int k = 0;
        for (int i = 0; i < rank(); i++) if (!red[i]) d[k++] = shape.dim(i);
        return r.reshape(Shape.of(Arrays.copyOf(d, k)));
    }

    /** Sum over {@code axes} (all axes when none are given). */
    public NDArray sum(boolean keepDims, int... axes) { return reduce(ReduceOp.SUM, keepDims, axes); }
    public NDArray max(boolean keepDims, int... axes) { return reduce(ReduceOp.MAX, keepDims, axes); }
    public NDArray min(boolean keepDims, int... axes) { return reduce(ReduceOp.MIN, keepDims, axes); }

    /** Sum of all elements, as a float. */
    public float sum() {
        return reduce(ReduceOp.SUM, false).item();
    }

    /** Mean over {@code axes} (all when none are given). */
    public NDArray mean(boolean keepDims, int... axes) {
        return sum(keepDims, axes).scaleInPlace(1f / reducedCount(axes));
    }

    /** Population variance (divides by N) over {@code axes}. */
    public NDArray var(boolean keepDims, int... axes) {
        NDArray centered = sub(mean(true, axes));
        return centered.square().sum(keepDims, axes).scaleInPlace(1f / reducedCount(axes));
    }

    /** The number of elements that a reduction over {@code axes} folds into one. */
    public int reducedCount(int... axes) {
        boolean[] red = reducedAxes(axes);
        int n = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) n *= shape.dim(i);
        return n;
    }

    /** Index of the largest element along {@code axis} (first one on ties), as float values. */
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

    /** Sums a broadcast result back to {@code target} (the inverse of broadcasting, used by gradients). */
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
     * Matrix product with NumPy semantics: 1-D operands are promoted (and the added axis removed after), and
     * leading batch axes broadcast.
     */
    public NDArray matmul(NDArray other) {
        if (rank() == 0 || other.rank() == 0) throw new IllegalArgumentException("matmul: scalars are not allowed, got " + shape + " @ " + other.shape);
        NDArray a = rank() == 1 ? unsqueeze(0) : this;
        NDArray b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.dim(-2), k = a.dim(-1), k2 = b.dim(-2), n = b.dim(-1);
        if (k != k2)
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + shape + " @ " + other.shape + " (" + k + " vs " + k2 + ")");
        Shape batchA = Shape.of(Arrays.copyOf(a.shape.dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape.dims(), b.rank() - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        NDArray out = zeros(Shape.of(outDims));
        int batches = batch.size();
        NDArray a3 = a.broadcastBatch(batch).contiguousMatrices(), b3 = b.broadcastBatch(batch).contiguousMatrices();
        for (int t = 0; t < batches; t++) {
            MatView va = a3.matrixAt(t), vb = b3.matrixAt(t);
            Gemm.sgemm(va.trans, vb.trans, m, n, k, va.data, va.off, va.ld, vb.data, vb.off, vb.ld, out.data, t * m * n, n, false);
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

    /** Joins arrays along an existing axis; all other axes must match. */
    public static NDArray concat(int axis, List<NDArray> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat needs at least one array");
        Shape first = parts.get(0).shape;
        int ax = first.axis(axis);
        int total = 0;
        for (NDArray p : parts) {
            if (p.rank() != first.rank()) throw new IllegalArgumentException("concat: shapes " + first + " and " + p.shape + " differ in rank");
            for (int i = 0; i < first.rank(); i++)
                if (i != ax && p.dim(i) != first.dim(i))
                    throw new IllegalArgumentException("concat along axis " + axis + ": shapes " + first + " and " + p.shape + " differ on axis " + i);
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

    /** Stacks same-shape arrays along a new axis. */
    public static NDArray stack(int axis, List<NDArray> parts) {
        if (parts.isEmpty()) throw new IllegalArgumentException("stack needs at least one array");
        Shape s = parts.get(0).shape;
        for (NDArray p : parts)
            if (!p.shape.equals(s)) throw new IllegalArgumentException("stack: shapes " + s + " and " + p.shape + " differ");
        int r = s.rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        return concat(ax, parts.stream().map(p -> p.unsqueeze(ax)).toList());
    }

    /** Selects entries {@code indices} along {@code axis} (repeats allowed): NumPy's {@code take}. */
    public NDArray indexSelect(int axis, int[] indices) {
        int ax = shape.axis(axis);
        int n = shape.dim(ax);
        NDArray out = zeros(shape.with(ax, indices.length));
        for (int i = 0; i < indices.length; i++) {
            int idx = indices[i];
            if (idx < 0 || idx >= n)
                throw new IndexOutOfBoundsException("indexSelect: index " + idx + " is out of range [0, " + n + ") on axis " + axis + " of " + shape);
            out.slice(ax, i, i + 1).assign(slice(ax, idx, idx + 1));
        }
        return out;
    }

    /** Rows {@code indices} of axis 0, copied into {@code into} (which must be contiguous); no allocation. */
    public void gatherRows(int[] indices, int from, int count, NDArray into) {
        int row = size() / Math.max(1, dim(0));
        NDArray src = isContiguous() ? this : copy();
        for (int i = 0; i < count; i++)
            System.arraycopy(src.data, src.offset + indices[from + i] * row, into.data, into.offset + i * row, row);
    }

    // ---------------------------------------------------------------- comparison and printing

    /** True when shapes match and every element is within {@code atol + rtol*|other|}. */
    public boolean allClose(NDArray other, float rtol, float atol) {
        if (!shape.equals(other.shape)) return false;
        float[] a = toArray(), b = other.toArray();
        for (int i = 0; i < a.length; i++)
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && !(a[i] == b[i])) return false;
        return true;
    }

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
