package nabla.autograd;

import java.util.Arrays;
import java.util.List;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The differentiable ops: each builds its output and, right below, the rule that sends the output gradient
 * back to its inputs. Broadcast inputs receive gradients summed back to their own shape (in
 * {@link Tensor#accumulate}). The argument {@code owned} of {@code accumulate} is true only for arrays made
 * fresh for that one input.
 */
public final class Ops {
    private Ops() {}

    // ---------------------------------------------------------------- arithmetic

    public static Tensor add(Tensor a, Tensor b) {
        return Tensor.fromOp("add", a.value().add(b.value()), g -> {
            a.accumulate(g, false);
            b.accumulate(g, false);
        }, a, b);
    }

    public static Tensor sub(Tensor a, Tensor b) {
        return Tensor.fromOp("sub", a.value().sub(b.value()), g -> {
            a.accumulate(g, false);
            if (b.requiresGrad()) b.accumulate(g.neg(), true);
        }, a, b);
    }

    public static Tensor mul(Tensor a, Tensor b) {
        return Tensor.fromOp("mul", a.value().mul(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(g.mul(b.value()), true);
            if (b.requiresGrad()) b.accumulate(g.mul(a.value()), true);
        }, a, b);
    }

    public static Tensor div(Tensor a, Tensor b) {
        return Tensor.fromOp("div", a.value().div(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(g.div(b.value()), true);
            if (b.requiresGrad()) b.accumulate(g.mul(a.value()).div(b.value().square()).neg(), true);
        }, a, b);
    }

    /** {@code a ** b} elementwise; the gradient for b uses log(a) and so needs a > 0 where it matters. */
    public static Tensor pow(Tensor a, Tensor b) {
        NDArray out = a.value().pow(b.value());
        return Tensor.fromOp("pow", out, g -> {
            if (a.requiresGrad()) a.accumulate(g.mul(b.value()).mul(a.value().pow(b.value().sub(1f))), true);
            if (b.requiresGrad()) b.accumulate(g.mul(out).mul(a.value().log()), true);
        }, a, b);
    }

    /** {@code a ** p} for a constant exponent. */
    public static Tensor powScalar(Tensor a, float p) {
        return Tensor.fromOp("pow", a.value().pow(p), g -> a.accumulate(g.mul(a.value().pow(p - 1f)).mul(p), true), a);
    }

    public static Tensor neg(Tensor a) {
        return Tensor.fromOp("neg", a.value().neg(), g -> a.accumulate(g.neg(), true), a);
    }

    // ---------------------------------------------------------------- elementwise math

    public static Tensor exp(Tensor a) {
        NDArray out = a.value().exp();
        return Tensor.fromOp("exp", out, g -> a.accumulate(g.mul(out), true), a);
    }

    public static Tensor log(Tensor a) {
        return Tensor.fromOp("log", a.value().log(), g -> a.accumulate(g.div(a.value()), true), a);
    }

    public static Tensor sqrt(Tensor a) {
        NDArray out = a.value().sqrt();
        return Tensor.fromOp("sqrt", out, g -> a.accumulate(g.div(out).mul(0.5f), true), a);
    }

    public static Tensor abs(Tensor a) {
        return Tensor.fromOp("abs", a.value().abs(), g -> a.accumulate(g.mul(a.value().sign()), true), a);
    }

    public static Tensor tanh(Tensor a) {
        NDArray out = a.value().tanh();
        return Tensor.fromOp("tanh", out, g -> a.accumulate(g.mul(out.square().neg().add(1f)), true), a);
    }

    public static Tensor sigmoid(Tensor a) {
        NDArray out = a.value().sigmoid();
        return Tensor.fromOp("sigmoid", out, g -> a.accumulate(g.mul(out).mul(out.neg().add(1f)), true), a);
    }

    public static Tensor relu(Tensor a) {
        return Tensor.fromOp("relu", a.value().relu(), g -> a.accumulate(g.mul(a.value().gt(0f)), true), a);
    }

    /** Elementwise maximum; on ties the gradient goes to {@code a}. */
    public static Tensor maximum(Tensor a, Tensor b) {
        return Tensor.fromOp("maximum", a.value().maximum(b.value()), g -> {
            NDArray aWins = a.value().ge(b.value());
            if (a.requiresGrad()) a.accumulate(g.mul(aWins), true);
            if (b.requiresGrad()) b.accumulate(g.mul(aWins.neg().add(1f)), true);
        }, a, b);
    }

    /** Elementwise minimum; on ties the gradient goes to {@code a}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return Tensor.fromOp("minimum", a.value().minimum(b.value()), g -> {
            NDArray aWins = a.value().le(b.value());
            if (a.requiresGrad()) a.accumulate(g.mul(aWins), true);
            if (b.requiresGrad()) b.accumulate(g.mul(aWins.neg().add(1f)), true);
        }, a, b);
    }

    /** {@code cond != 0 ? a : b}; the condition gets no gradient. */
    public static Tensor where(NDArray cond, Tensor a, Tensor b) {
        NDArray out = NDArray.where(cond, a.value(), b.value());
        return Tensor.fromOp("where", out, g -> {
            NDArray zero = NDArray.scalar(0f);
            if (a.requiresGrad()) a.accumulate(NDArray.where(cond, g, zero), true);
            if (b.requiresGrad()) b.accumulate(NDArray.where(cond, zero, g), true);
        }, a, b);
    }

    // ---------------------------------------------------------------- reductions

    private static Shape keptShape(Shape s, int... axes) {
        int[] d = s.dims();
        if (axes.length == 0) Arrays.fill(d, 1);
        for (int ax : axes) d[s.axis(ax)] = 1;
        return Shape.of(d);
    }

    public static Tensor sum(Tensor a, boolean keepDims, int... axes) {
        Shape kept = keptShape(a.shape(), axes);
        return Tensor.fromOp("sum", a.value().sum(keepDims, axes),
                g -> a.accumulate(g.reshape(kept).broadcastTo(a.shape()), false), a);
    }

    public static Tensor mean(Tensor a, boolean keepDims, int... axes) {
        Shape kept = keptShape(a.shape(), axes);
        float inv = 1f / a.value().reducedCount(axes);
        return Tensor.fromOp("mean", a.value().mean(keepDims, axes),
                g -> a.accumulate(g.reshape(kept).mul(inv).broadcastTo(a.shape()), false), a);
    }

    /** Max over axes; the gradient is shared equally among tied maxima. */
    public static Tensor max(Tensor a, boolean keepDims, int... axes) {
        return extremum("max", a, a.value().max(true, axes), keepDims, axes);
    }

    public static Tensor min(Tensor a, boolean keepDims, int... axes) {
        return extremum("min", a, a.value().min(true, axes), keepDims, axes);
    }

    private static Tensor extremum(String op, Tensor a, NDArray kept, boolean keepDims, int... axes) {
        NDArray out = keepDims ? kept : kept.reshape(a.value().sum(false, axes).shape());
        return Tensor.fromOp(op, out, g -> {
            NDArray mask = a.value().eq(kept);
            NDArray count = mask.sum(true, axes);
            a.accumulate(mask.mul(g.reshape(kept.shape()).div(count)), true);
        }, a);
    }

    /** Population variance (divides by N), as {@code torch.var(unbiased=False)} and Keras. */
    public static Tensor var(Tensor a, boolean keepDims, int... axes) {
        NDArray mean = a.value().mean(true, axes);
        NDArray centered = a.value().sub(mean);
        float n = a.value().reducedCount(axes);
        Shape kept = mean.shape();
        NDArray out = centered.square().sum(keepDims, axes).scaleInPlace(1f / n);
        return Tensor.fromOp("var", out, g -> a.accumulate(centered.mul(g.reshape(kept)).scaleInPlace(2f / n), true), a);
    }

    // ---------------------------------------------------------------- matmul

    /** Matrix product with NumPy semantics (1-D operands promoted, batch axes broadcast). */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 1) return reshapeDrop(matmul(reshape(a, Shape.of(1, a.dim(0))), b), -2);
        if (b.rank() == 1) return reshapeDrop(matmul(a, reshape(b, Shape.of(b.dim(0), 1))), -1);
        return Tensor.fromOp("matmul", a.value().matmul(b.value()), g -> {
            if (a.requiresGrad()) a.accumulate(g.matmul(b.value().transpose()), true);
            if (b.requiresGrad()) b.accumulate(a.value().transpose().matmul(g), true);
        }, a, b);
    }

    private static Tensor reshapeDrop(Tensor t, int axis) {
        int[] d = t.shape().dims();
        int ax = t.shape().axis(axis);
        int[] out = new int[d.length - 1];
        for (int i = 0, j = 0; i < d.length; i++) if (i != ax) out[j++] = d[i];
        return reshape(t, Shape.of(out));
    }

    // ---------------------------------------------------------------- shape

    public static Tensor reshape(Tensor a, Shape shape) {
        if (shape.equals(a.shape())) return a;
        return Tensor.fromOp("reshape", a.value().reshape(shape), g -> a.accumulate(g.reshape(a.shape()), false), a);
    }

    public static Tensor permute(Tensor a, int... order) {
        NDArray out = a.value().permute(order);
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) inverse[a.shape().axis(order[i])] = i;
        return Tensor.fromOp("permute", out, g -> a.accumulate(g.permute(inverse), false), a);
    }

    public static Tensor transpose(Tensor a, int x, int y) {
        int[] order = new int[a.rank()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int ax = a.shape().axis(x), ay = a.shape().axis(y);
        order[ax] = ay;
        order[ay] = ax;
        return permute(a, order);
    }

    public static Tensor slice(Tensor a, int axis, int start, int end, int step) {
        return Tensor.fromOp("slice", a.value().slice(axis, start, end, step), g -> {
            NDArray full = NDArray.zeros(a.shape());
            full.slice(axis, start, end, step).assign(g);
            a.accumulate(full, true);
        }, a);
    }

    /** Joins along an existing axis. */
    public static Tensor concat(int axis, List<Tensor> parts) {
        NDArray out = NDArray.concat(axis, parts.stream().map(Tensor::value).toList());
        int ax = out.shape().axis(axis);
        return Tensor.fromOp("concat", out, g -> {
            int pos = 0;
            for (Tensor p : parts) {
                int len = p.dim(ax);
                p.accumulate(g.slice(ax, pos, pos + len), false);
                pos += len;
            }
        }, parts.toArray(new Tensor[0]));
    }

    /** Stacks same-shape tensors along a new axis. */
    public static Tensor stack(int axis, List<Tensor> parts) {
        int r = parts.get(0).rank() + 1;
        int ax = axis < 0 ? axis + r : axis;
        return concat(ax, parts.stream().map(p -> {
            int[] d = p.shape().dims();
            int[] e = new int[d.length + 1];
            for (int i = 0, j = 0; i < e.length; i++) e[i] = i == ax ? 1 : d[j++];
            return reshape(p, Shape.of(e));
        }).toList());
    }

    /** Gathers entries along an axis; repeated indices accumulate their gradients. */
    public static Tensor indexSelect(Tensor a, int axis, int[] indices) {
        int[] idx = indices.clone();
        int ax = a.shape().axis(axis);
        return Tensor.fromOp("indexSelect", a.value().indexSelect(ax, idx), g -> {
            NDArray full = NDArray.zeros(a.shape());
            for (int i = 0; i < idx.length; i++) full.slice(ax, idx[i], idx[i] + 1).addInPlace(g.slice(ax, i, i + 1));
            a.accumulate(full, true);
        }, a);
    }

    // ---------------------------------------------------------------- softmax family

    /** Numerically stable softmax along {@code axis}. */
    public static Tensor softmax(Tensor a, int axis) {
        NDArray x = a.value();
        NDArray e = x.sub(x.max(true, axis)).exp();
        NDArray out = e.div(e.sum(true, axis));
        return Tensor.fromOp("softmax", out,
                g -> a.accumulate(out.mul(g.sub(g.mul(out).sum(true, axis))), true), a);
    }

    /** Numerically stable log-softmax along {@code axis}. */
    public static Tensor logSoftmax(Tensor a, int axis) {
        NDArray x = a.value();
        NDArray shifted = x.sub(x.max(true, axis));
        NDArray out = shifted.sub(shifted.exp().sum(true, axis).log());
        return Tensor.fromOp("logSoftmax", out,
                g -> a.accumulate(g.sub(out.exp().mul(g.sum(true, axis))), true), a);
    }
}
