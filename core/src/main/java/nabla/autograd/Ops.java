package nabla.autograd;

import java.util.Arrays;
import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The generic differentiable ops, as functions of {@link Tensor}s (the fluent methods of {@code Tensor} call
 * them). Each computes its result eagerly and, when grad mode is on and an input requires a gradient, records
 * the rule that sends the output gradient back to the inputs.
 *
 * <p>Elementwise binary ops broadcast as NumPy (and PyTorch): shapes are aligned from the last axis and an axis
 * of size 1 stretches; an input that was broadcast receives its gradient summed back to its own shape. Axes may
 * be negative (counted from the end). No op changes its inputs; shape ops ({@link #reshape}, {@link #permute},
 * {@link #transpose}, {@link #slice}) may return views sharing the input's storage. Invalid shapes or axes throw
 * {@link IllegalArgumentException} naming the shapes.
 */
public final class Ops {
    private Ops() {}

    // Each op builds its output and, right below, the rule that sends the output gradient back to its inputs;
    // the argument {@code owned} of Tensor.accumulate is true only for arrays made fresh for that one input.

    // ---------------------------------------------------------------- arithmetic

    /**
     * {@code a + b} elementwise, with broadcasting.
     *
     * @param a the first operand
     * @param b the second operand
     * @return the sum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor add(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "add",
                a.value().add(b.value()),
                g -> {
                    a.accumulate(g, false);
                    b.accumulate(g, false);
                },
                a,
                b);
    }

    /**
     * {@code a − b} elementwise, with broadcasting.
     *
     * @param a the minuend
     * @param b the subtrahend
     * @return the difference
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor sub(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "sub",
                a.value().sub(b.value()),
                g -> {
                    a.accumulate(g, false);
                    if (b.requiresGrad()) b.accumulate(g.neg(), true);
                },
                a,
                b);
    }

    /**
     * {@code a · b} elementwise (the Hadamard product; {@link #matmul} is the matrix product), with broadcasting.
     *
     * @param a the first factor
     * @param b the second factor
     * @return the product
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor mul(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "mul",
                a.value().mul(b.value()),
                g -> {
                    if (a.requiresGrad()) a.accumulate(g.mul(b.value()), true);
                    if (b.requiresGrad()) b.accumulate(g.mul(a.value()), true);
                },
                a,
                b);
    }

    /**
     * {@code a / b} elementwise, with broadcasting (IEEE division: no check for zeros).
     *
     * @param a the dividend
     * @param b the divisor
     * @return the quotient
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor div(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "div",
                a.value().div(b.value()),
                g -> {
                    if (a.requiresGrad()) a.accumulate(g.div(b.value()), true);
                    if (b.requiresGrad())
                        b.accumulate(g.mul(a.value()).div(b.value().square()).neg(), true);
                },
                a,
                b);
    }

    /**
     * {@code a ** b} elementwise, with broadcasting. The gradient for {@code b} is {@code a**b · log(a)}, so it
     * needs {@code a > 0} wherever b requires a gradient (NaN otherwise); for a constant exponent use
     * {@link #powScalar}.
     *
     * @param a the base
     * @param b the exponent
     * @return the power
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor pow(Tensor a, Tensor b) {
        NDArray out = a.value().pow(b.value());
        return Tensor.fromOp(
                "pow",
                out,
                g -> {
                    if (a.requiresGrad())
                        a.accumulate(
                                g.mul(b.value()).mul(a.value().pow(b.value().sub(1f))), true);
                    if (b.requiresGrad()) b.accumulate(g.mul(out).mul(a.value().log()), true);
                },
                a,
                b);
    }

    /**
     * {@code a ** p} elementwise for a constant exponent; the gradient is {@code p · a**(p−1)}.
     *
     * @param a the base
     * @param p the exponent
     * @return the power
     */
    public static Tensor powScalar(Tensor a, float p) {
        return Tensor.fromOp(
                "pow",
                a.value().pow(p),
                g -> a.accumulate(g.mul(a.value().pow(p - 1f)).mul(p), true),
                a);
    }

    /**
     * {@code −a} elementwise.
     *
     * @param a the operand
     * @return the negation
     */
    public static Tensor neg(Tensor a) {
        return Tensor.fromOp("neg", a.value().neg(), g -> a.accumulate(g.neg(), true), a);
    }

    // ---------------------------------------------------------------- elementwise math

    /**
     * e<sup>a</sup> elementwise.
     *
     * @param a the exponent
     * @return the exponential
     */
    public static Tensor exp(Tensor a) {
        NDArray out = a.value().exp();
        return Tensor.fromOp("exp", out, g -> a.accumulate(g.mul(out), true), a);
    }

    /**
     * The natural logarithm elementwise, unclipped (NaN below 0, −∞ at 0); the gradient is {@code 1/a}.
     *
     * @param a the operand
     * @return the logarithm
     */
    public static Tensor log(Tensor a) {
        return Tensor.fromOp("log", a.value().log(), g -> a.accumulate(g.div(a.value()), true), a);
    }

    /**
     * The square root elementwise; the gradient {@code 1/(2·√a)} is infinite at 0.
     *
     * @param a the operand
     * @return the square root
     */
    public static Tensor sqrt(Tensor a) {
        NDArray out = a.value().sqrt();
        return Tensor.fromOp("sqrt", out, g -> a.accumulate(g.div(out).mul(0.5f), true), a);
    }

    /**
     * |a| elementwise; the gradient is sign(a), 0 at 0.
     *
     * @param a the operand
     * @return the absolute value
     */
    public static Tensor abs(Tensor a) {
        return Tensor.fromOp(
                "abs", a.value().abs(), g -> a.accumulate(g.mul(a.value().sign()), true), a);
    }

    /**
     * The hyperbolic tangent elementwise; the gradient is {@code 1 − tanh²}.
     *
     * @param a the operand
     * @return tanh(a)
     */
    public static Tensor tanh(Tensor a) {
        NDArray out = a.value().tanh();
        return Tensor.fromOp(
                "tanh", out, g -> a.accumulate(g.mul(out.square().neg().add(1f)), true), a);
    }

    /**
     * The logistic sigmoid {@code 1 / (1 + e^−a)} elementwise; the gradient is {@code σ·(1 − σ)}. The result
     * carries {@code a} as its {@link Tensor#logits()} (activation {@link Activation#SIGMOID}).
     *
     * @param a the operand
     * @return σ(a)
     */
    public static Tensor sigmoid(Tensor a) {
        NDArray out = a.value().sigmoid();
        return Tensor.fromOp(
                        "sigmoid",
                        out,
                        g -> a.accumulate(g.mul(out).mul(out.neg().add(1f)), true),
                        a)
                .withLogits(a, Activation.SIGMOID);
    }

    /**
     * {@code max(a, 0)} elementwise; the gradient is 1 where a &gt; 0 and 0 elsewhere (0 at 0).
     *
     * @param a the operand
     * @return the rectified tensor
     */
    public static Tensor relu(Tensor a) {
        return Tensor.fromOp(
                "relu", a.value().relu(), g -> a.accumulate(g.mul(a.value().gt(0f)), true), a);
    }

    /**
     * Elementwise maximum, with broadcasting; each element's gradient goes to the larger operand, to {@code a} on
     * ties.
     *
     * @param a the first operand
     * @param b the second operand
     * @return the maximum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "maximum",
                a.value().maximum(b.value()),
                g -> {
                    NDArray aWins = a.value().ge(b.value());
                    if (a.requiresGrad()) a.accumulate(g.mul(aWins), true);
                    if (b.requiresGrad()) b.accumulate(g.mul(aWins.neg().add(1f)), true);
                },
                a,
                b);
    }

    /**
     * Elementwise minimum, with broadcasting; each element's gradient goes to the smaller operand, to {@code a} on
     * ties.
     *
     * @param a the first operand
     * @param b the second operand
     * @return the minimum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor minimum(Tensor a, Tensor b) {
        return Tensor.fromOp(
                "minimum",
                a.value().minimum(b.value()),
                g -> {
                    NDArray aWins = a.value().le(b.value());
                    if (a.requiresGrad()) a.accumulate(g.mul(aWins), true);
                    if (b.requiresGrad()) b.accumulate(g.mul(aWins.neg().add(1f)), true);
                },
                a,
                b);
    }

    /**
     * {@code cond != 0 ? a : b} elementwise ({@code torch.where}), the three broadcast together; the gradient goes
     * to the operand that was picked, the condition gets none.
     *
     * @param cond the condition, nonzero where {@code a} is taken (e.g. a 0/1 mask from {@code NDArray.gt})
     * @param a the values where the condition holds
     * @param b the values elsewhere
     * @return the selection
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public static Tensor where(NDArray cond, Tensor a, Tensor b) {
        NDArray out = NDArray.where(cond, a.value(), b.value());
        return Tensor.fromOp(
                "where",
                out,
                g -> {
                    NDArray zero = NDArray.scalar(0f);
                    if (a.requiresGrad()) a.accumulate(NDArray.where(cond, g, zero), true);
                    if (b.requiresGrad()) b.accumulate(NDArray.where(cond, zero, g), true);
                },
                a,
                b);
    }

    // ---------------------------------------------------------------- reductions

    private static Shape keptShape(Shape s, int... axes) {
        int[] d = s.dims();
        if (axes.length == 0) Arrays.fill(d, 1);
        for (int ax : axes) d[s.axis(ax)] = 1;
        return Shape.of(d);
    }

    /**
     * Sum over {@code axes}, as {@code torch.sum(a, dim, keepdim)}.
     *
     * @param a the operand
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce, all when none are given; negative axes count from the end
     * @return the sum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor sum(Tensor a, boolean keepDims, int... axes) {
        Shape kept = keptShape(a.shape(), axes);
        return Tensor.fromOp(
                "sum",
                a.value().sum(keepDims, axes),
                g -> a.accumulate(g.reshape(kept).broadcastTo(a.shape()), false),
                a);
    }

    /**
     * Mean over {@code axes}, as {@code torch.mean(a, dim, keepdim)}.
     *
     * @param a the operand
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce, all when none are given; negative axes count from the end
     * @return the mean
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor mean(Tensor a, boolean keepDims, int... axes) {
        Shape kept = keptShape(a.shape(), axes);
        float inv = 1f / a.value().reducedCount(axes);
        return Tensor.fromOp(
                "mean",
                a.value().mean(keepDims, axes),
                g -> a.accumulate(g.reshape(kept).mul(inv).broadcastTo(a.shape()), false),
                a);
    }

    /**
     * Maximum over {@code axes}; the gradient is shared equally among tied maxima (as TensorFlow's
     * {@code reduce_max}; PyTorch's {@code amax} does the same).
     *
     * @param a the operand
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce, all when none are given; negative axes count from the end
     * @return the maximum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor max(Tensor a, boolean keepDims, int... axes) {
        return extremum("max", a, a.value().max(true, axes), keepDims, axes);
    }

    /**
     * Minimum over {@code axes}; the gradient is shared equally among tied minima.
     *
     * @param a the operand
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce, all when none are given; negative axes count from the end
     * @return the minimum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor min(Tensor a, boolean keepDims, int... axes) {
        return extremum("min", a, a.value().min(true, axes), keepDims, axes);
    }

    private static Tensor extremum(String op, Tensor a, NDArray kept, boolean keepDims, int... axes) {
        NDArray out = keepDims ? kept : kept.reshape(a.value().sum(false, axes).shape());
        return Tensor.fromOp(
                op,
                out,
                g -> {
                    NDArray mask = a.value().eq(kept);
                    NDArray count = mask.sum(true, axes);
                    a.accumulate(mask.mul(g.reshape(kept.shape()).div(count)), true);
                },
                a);
    }

    /**
     * Population variance (divides by N, the number of elements reduced into each result), as
     * {@code torch.var(unbiased=False)} and Keras' {@code ops.var}.
     *
     * @param a the operand
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce, all when none are given; negative axes count from the end
     * @return the variance
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor var(Tensor a, boolean keepDims, int... axes) {
        NDArray mean = a.value().mean(true, axes);
        NDArray centered = a.value().sub(mean);
        float n = a.value().reducedCount(axes);
        Shape kept = mean.shape();
        NDArray out = centered.square().sum(keepDims, axes).scaleInPlace(1f / n);
        return Tensor.fromOp(
                "var", out, g -> a.accumulate(centered.mul(g.reshape(kept)).scaleInPlace(2f / n), true), a);
    }

    // ---------------------------------------------------------------- matmul

    /**
     * Matrix product with NumPy semantics ({@code np.matmul}, {@code torch.matmul}): (..., m, k) @ (..., k, n) gives
     * (..., m, n) with the leading batch axes broadcast; a 1-D left operand is taken as (1, k) and a 1-D right operand
     * as (k, 1), the added axis being removed from the result. Two 1-D operands are not supported (use
     * {@code a.mul(b).sum()} for a dot product).
     *
     * @param a the left operand, rank at least 1
     * @param b the right operand, rank at least 1
     * @return the product
     * @throws IllegalArgumentException when the inner dimensions differ, the batch axes do not broadcast, or both
     *     operands are 1-D
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 1) return reshapeDrop(matmul(reshape(a, Shape.of(1, a.dim(0))), b), -2);
        if (b.rank() == 1) return reshapeDrop(matmul(a, reshape(b, Shape.of(b.dim(0), 1))), -1);
        return Tensor.fromOp(
                "matmul",
                a.value().matmul(b.value()),
                g -> {
                    if (a.requiresGrad()) a.accumulate(g.matmul(b.value().transpose()), true);
                    if (b.requiresGrad()) b.accumulate(a.value().transpose().matmul(g), true);
                },
                a,
                b);
    }

    private static Tensor reshapeDrop(Tensor t, int axis) {
        int[] d = t.shape().dims();
        int ax = t.shape().axis(axis);
        int[] out = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) if (i != ax) out[j++] = d[i];
        return reshape(t, Shape.of(out));
    }

    // ---------------------------------------------------------------- shape

    /**
     * The same elements (row-major order) in {@code shape}: a view of a contiguous value, a copy otherwise;
     * {@code a} itself when the shape is unchanged.
     *
     * @param a the operand
     * @param shape the new shape, of the same size (no -1 here: see {@link Tensor#reshape})
     * @return the reshaped tensor
     * @throws IllegalArgumentException when the sizes differ
     */
    public static Tensor reshape(Tensor a, Shape shape) {
        if (shape.equals(a.shape())) return a;
        return Tensor.fromOp("reshape", a.value().reshape(shape), g -> a.accumulate(g.reshape(a.shape()), false), a);
    }

    /**
     * Reorders the axes: output axis i is input axis {@code order[i]}. A view.
     *
     * @param a the operand
     * @param order a permutation of a's axes; negative axes count from the end
     * @return the permuted tensor
     * @throws IllegalArgumentException when {@code order} is not a permutation of a's axes
     */
    public static Tensor permute(Tensor a, int... order) {
        NDArray out = a.value().permute(order);
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[a.shape().axis(order[i])] = i;
        return Tensor.fromOp("permute", out, g -> a.accumulate(g.permute(inverse), false), a);
    }

    /**
     * Swaps axes {@code x} and {@code y}. A view.
     *
     * @param a the operand
     * @param x one axis; negative axes count from the end
     * @param y the other axis
     * @return the transposed tensor
     * @throws IllegalArgumentException when an axis is out of range
     */
    public static Tensor transpose(Tensor a, int x, int y) {
        int[] order = new int[a.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int ax = a.shape().axis(x), ay = a.shape().axis(y);
        order[ax] = ay;
        order[ay] = ax;
        return permute(a, order);
    }

    /**
     * Every {@code step}-th element of {@code start .. end-1} along {@code axis}, as Python's
     * {@code a[start:end:step]} on that axis; negative bounds count from the end and bounds are clamped to the axis.
     * A view; the gradient is scattered back into the selected positions (zero elsewhere).
     *
     * @param a the operand
     * @param axis the axis; negative axes count from the end
     * @param start the first index (inclusive)
     * @param end the end index (exclusive)
     * @param step the stride, at least 1
     * @return the slice
     * @throws IllegalArgumentException when the axis is out of range or {@code step} is not positive
     */
    public static Tensor slice(Tensor a, int axis, int start, int end, int step) {
        return Tensor.fromOp(
                "slice",
                a.value().slice(axis, start, end, step),
                g -> {
                    NDArray full = NDArray.zeros(a.shape());
                    full.slice(axis, start, end, step).assign(g);
                    a.accumulate(full, true);
                },
                a);
    }

    /**
     * Joins tensors along an existing axis ({@code torch.cat}); every other axis must match. Each part receives
     * its slice of the gradient.
     *
     * @param axis the axis; negative axes count from the end
     * @param parts the tensors to join, at least one
     * @return the joined tensor (a new array)
     * @throws IllegalArgumentException when {@code parts} is empty or the shapes differ off the axis
     */
    public static Tensor concat(int axis, List<Tensor> parts) {
        NDArray out = NDArray.concat(axis, parts.stream().map(Tensor::value).toList());
        int ax = out.shape().axis(axis);
        return Tensor.fromOp(
                "concat",
                out,
                g -> {
                    int pos = 0;
                    for (Tensor p : parts) {
                        int len = p.dim(ax);
                        p.accumulate(g.slice(ax, pos, pos + len), false);
                        pos += len;
                    }
                },
                parts.toArray(new Tensor[0]));
    }

    /**
     * Stacks same-shape tensors along a new axis ({@code torch.stack}): k parts of shape s give a result with
     * an axis of size k inserted at {@code axis}.
     *
     * @param axis the position of the new axis in the result; negative counts from the end of the result's axes
     * @param parts the tensors to stack, at least one, all of one shape
     * @return the stacked tensor
     * @throws IllegalArgumentException when the shapes differ
     * @throws IndexOutOfBoundsException when {@code parts} is empty or the axis is out of range
     */
    public static Tensor stack(int axis, List<Tensor> parts) {
        int r = parts.get(0).rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        return concat(
                ax,
                parts.stream()
                        .map(p -> {
                            int[] d = p.shape().dims();
                            int[] e = new int[d.length + 1];
                            for (int i = 0, j = 0; i < e.length; i++) e[i] = i == ax ? 1 : d[j++];
                            return reshape(p, Shape.of(e));
                        })
                        .toList());
    }

    /**
     * Gathers the entries {@code indices} along {@code axis} ({@code torch.index_select}, NumPy's {@code take});
     * repeated indices accumulate their gradients.
     *
     * @param a the operand
     * @param axis the axis; negative axes count from the end
     * @param indices positions along the axis, each in [0, size); copied, so later changes do not matter
     * @return a tensor whose {@code axis} has {@code indices.length} entries (a new array)
     * @throws IndexOutOfBoundsException when an index is out of range
     * @throws IllegalArgumentException when the axis is out of range
     */
    public static Tensor indexSelect(Tensor a, int axis, int[] indices) {
        int[] idx = indices.clone();
        int ax = a.shape().axis(axis);
        return Tensor.fromOp(
                "indexSelect",
                a.value().indexSelect(ax, idx),
                g -> {
                    NDArray full = NDArray.zeros(a.shape());
                    for (int i = 0; i < idx.length; i++)
                        full.slice(ax, idx[i], idx[i] + 1).addInPlace(g.slice(ax, i, i + 1));
                    a.accumulate(full, true);
                },
                a);
    }

    // ---------------------------------------------------------------- softmax family

    /**
     * Softmax along {@code axis}: {@code exp(a − max) / Σ exp(a − max)}, stable for any logit size. Over the
     * last axis, the result carries {@code a} as its {@link Tensor#logits()} (activation
     * {@link Activation#SOFTMAX}).
     *
     * @param a the logits
     * @param axis the axis; negative axes count from the end
     * @return probabilities of a's shape, summing to 1 along {@code axis}
     * @throws IllegalArgumentException when the axis is out of range
     */
    public static Tensor softmax(Tensor a, int axis) {
        NDArray x = a.value();
        NDArray e = x.sub(x.max(true, axis)).exp();
        NDArray out = e.div(e.sum(true, axis));
        Tensor p = Tensor.fromOp(
                "softmax", out, g -> a.accumulate(out.mul(g.sub(g.mul(out).sum(true, axis))), true), a);
        return axis == -1 || axis == a.rank() - 1 ? p.withLogits(a, Activation.SOFTMAX) : p;
    }

    /**
     * Log-softmax along {@code axis}: {@code (a − max) − log Σ exp(a − max)}, stable for any logit size.
     *
     * @param a the logits
     * @param axis the axis; negative axes count from the end
     * @return log-probabilities of a's shape
     * @throws IllegalArgumentException when the axis is out of range
     */
    public static Tensor logSoftmax(Tensor a, int axis) {
        NDArray x = a.value();
        NDArray shifted = x.sub(x.max(true, axis));
        NDArray out = shifted.sub(shifted.exp().sum(true, axis).log());
        return Tensor.fromOp(
                "logSoftmax", out, g -> a.accumulate(g.sub(out.exp().mul(g.sum(true, axis))), true), a);
    }
}
