package nabla.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The user-facing differentiable tensor: an {@link NDArray} value, an optional gradient, and the op that made
 * it. Operations on tensors that require gradients record an eager graph (define-by-run, as PyTorch);
 * {@link #backward()} walks it in reverse topological order, iteratively, and accumulates gradients into every
 * leaf that requires them. Gradients of intermediate tensors are released once propagated unless
 * {@link #retainGrad()} was called.
 */
public final class Tensor {
    private final NDArray value;
    private NDArray grad;
    /** True after zeroGrad(): {@code grad} is a buffer kept for reuse whose contents mean nothing. */
    private boolean gradStale;
    private final boolean requiresGrad;
    private final Node node;
    private boolean retainGrad;

    private Tensor(NDArray value, boolean requiresGrad, Node node) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A constant (no gradient) wrapping {@code value}. */
    public static Tensor of(NDArray value) {
        return new Tensor(value, false, null);
    }

    /** A leaf that requires a gradient (a trainable parameter or an input to differentiate against). */
    public static Tensor param(NDArray value) {
        return new Tensor(value, true, null);
    }

    /** A constant scalar. */
    public static Tensor scalar(float v) {
        return of(NDArray.scalar(v));
    }

    /** Records the result of an op: a graph node when grad mode is on and any input requires a gradient. */
    static Tensor fromOp(String op, NDArray value, Node.Backward backward, Tensor... inputs) {
        if (NoGrad.isGradEnabled()) {
            for (Tensor t : inputs) {
                if (t != null && t.requiresGrad) return new Tensor(value, true, new Node(op, inputs, backward));
            }
        }
        return new Tensor(value, false, null);
    }

    public NDArray value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public int dim(int axis) {
        return value.dim(axis);
    }

    public int rank() {
        return value.rank();
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The accumulated gradient, or null when none has been computed since the last {@link #zeroGrad()}. */
    public NDArray grad() {
        return gradStale ? null : grad;
    }

    /** The value of a one-element tensor. */
    public float item() {
        return value.item();
    }

    /** True for tensors not made by a recorded op. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The name of the op that made this tensor, or "leaf". */
    public String op() {
        return node == null ? "leaf" : node.op();
    }

    /** Keeps this intermediate tensor's gradient after backward (as PyTorch's retain_grad). */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    /** The same value cut from the graph. */
    public Tensor detach() {
        return of(value);
    }

    /**
     * Clears the gradient ({@link #grad()} is null afterwards). The buffer is kept and reused by the next
     * backward pass, so training steps do not allocate a new gradient for every parameter.
     */
    public void zeroGrad() {
        if (grad != null) gradStale = true;
    }

    /** The gradient buffer, zeroed when absent or cleared; ops that add gradients in place use it. */
    NDArray gradBuffer() {
        if (grad == null) grad = NDArray.zeros(value.shape());
        else if (gradStale) grad.fill(0f);
        gradStale = false;
        return grad;
    }

    /**
     * The gradient buffer for an op that will either overwrite it or add to it: returns true when it already
     * holds a gradient to add to, false when the op must overwrite it (its contents are then undefined).
     */
    boolean prepareGradForWrite() {
        if (grad == null) {
            grad = NDArray.zeros(value.shape());
            return false;
        }
        boolean add = !gradStale;
        gradStale = false;
        return add;
    }

    /** The buffer made ready by {@link #prepareGradForWrite()}. */
    NDArray gradArray() {
        return grad;
    }

    /**
     * Adds {@code g} (summed down to this shape when it was broadcast) to the gradient. {@code owned} says that
     * {@code g} is a fresh contiguous array nobody else holds, so it may become the gradient without a copy.
     */
    void accumulate(NDArray g, boolean owned) {
        if (!requiresGrad) return;
        if (!g.shape().equals(value.shape())) {
            g = g.sumTo(value.shape());
            owned = true;
        }
        if (grad == null) grad = owned && g.isContiguous() && g.offset() == 0 ? g : g.copy();
        else if (gradStale) {
            grad.assign(g);
            gradStale = false;
        } else grad.addInPlace(g);
    }

    /** Backpropagates from a one-element tensor (seed 1). */
    public void backward() {
        if (value.size() != 1)
            throw new IllegalStateException("backward() needs a scalar (one-element) tensor, got shape " + shape() + "; pass a gradient with backward(seed)");
        backward(NDArray.full(value.shape(), 1f));
    }

    /** Backpropagates with {@code seed} as the gradient of this tensor. */
    public void backward(NDArray seed) {
        if (!requiresGrad)
            throw new IllegalStateException("backward(): this tensor does not require a gradient (no input to it requires one, or it was made under NoGrad)");
        if (!seed.shape().equals(shape()))
            throw new IllegalArgumentException("backward(seed): seed shape " + seed.shape() + " differs from tensor shape " + shape());
        List<Tensor> order = topologicalOrder();
        accumulate(seed, false);
        try (var noGrad = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                NDArray tg = t.grad();
                if (tg == null) continue;
                t.node.backward().run(tg);
                if (!t.retainGrad) t.grad = null;
            }
        }
    }

    /** Nodes reachable from this one (op results only), each after all of its inputs; no recursion. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        if (node == null) return order;
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Tensor> stack = new ArrayDeque<>();
        ArrayDeque<int[]> next = new ArrayDeque<>();
        stack.push(this);
        next.push(new int[1]);
        seen.add(this);
        while (!stack.isEmpty()) {
            Tensor t = stack.peek();
            int[] i = next.peek();
            Tensor[] in = t.node.inputs();
            while (i[0] < in.length && (in[i[0]] == null || in[i[0]].node == null || seen.contains(in[i[0]]))) i[0]++;
            if (i[0] < in.length) {
                Tensor c = in[i[0]++];
                seen.add(c);
                stack.push(c);
                next.push(new int[1]);
            } else {
                stack.pop();
                next.pop();
                order.add(t);
            }
        }
        return order;
    }

    // ---------------------------------------------------------------- fluent ops (see Ops for the rules)

    public Tensor add(Tensor o) { return Ops.add(this, o); }
    public Tensor sub(Tensor o) { return Ops.sub(this, o); }
    public Tensor mul(Tensor o) { return Ops.mul(this, o); }
    public Tensor div(Tensor o) { return Ops.div(this, o); }
    public Tensor pow(Tensor o) { return Ops.pow(this, o); }
    public Tensor add(float v) { return Ops.add(this, scalar(v)); }
    public Tensor sub(float v) { return Ops.sub(this, scalar(v)); }
    public Tensor mul(float v) { return Ops.mul(this, scalar(v)); }
    public Tensor div(float v) { return Ops.div(this, scalar(v)); }
    public Tensor pow(float p) { return Ops.powScalar(this, p); }
    public Tensor neg() { return Ops.neg(this); }
    public Tensor exp() { return Ops.exp(this); }
    public Tensor log() { return Ops.log(this); }
    public Tensor sqrt() { return Ops.sqrt(this); }
    public Tensor abs() { return Ops.abs(this); }
    public Tensor tanh() { return Ops.tanh(this); }
    public Tensor sigmoid() { return Ops.sigmoid(this); }
    public Tensor relu() { return Ops.relu(this); }
    public Tensor maximum(Tensor o) { return Ops.maximum(this, o); }
    public Tensor minimum(Tensor o) { return Ops.minimum(this, o); }
    public Tensor sum(boolean keepDims, int... axes) { return Ops.sum(this, keepDims, axes); }
    public Tensor sum() { return Ops.sum(this, false); }
    public Tensor mean(boolean keepDims, int... axes) { return Ops.mean(this, keepDims, axes); }
    public Tensor mean() { return Ops.mean(this, false); }
    public Tensor max(boolean keepDims, int... axes) { return Ops.max(this, keepDims, axes); }
    public Tensor min(boolean keepDims, int... axes) { return Ops.min(this, keepDims, axes); }
    public Tensor var(boolean keepDims, int... axes) { return Ops.var(this, keepDims, axes); }
    public Tensor matmul(Tensor o) { return Ops.matmul(this, o); }
    public Tensor reshape(int... dims) { return Ops.reshape(this, value.shape().reshapeTarget(dims)); }
    public Tensor permute(int... order) { return Ops.permute(this, order); }
    public Tensor transpose() { return rank() < 2 ? this : Ops.transpose(this, -2, -1); }
    public Tensor transpose(int a, int b) { return Ops.transpose(this, a, b); }
    public Tensor slice(int axis, int start, int end) { return Ops.slice(this, axis, start, end, 1); }
    public Tensor slice(int axis, int start, int end, int step) { return Ops.slice(this, axis, start, end, step); }
    public Tensor indexSelect(int axis, int[] indices) { return Ops.indexSelect(this, axis, indices); }
    public Tensor softmax(int axis) { return Ops.softmax(this, axis); }
    public Tensor logSoftmax(int axis) { return Ops.logSoftmax(this, axis); }

    @Override
    public String toString() {
        String g = requiresGrad ? ", requiresGrad" + (node != null ? ", op=" + node.op() : "") : "";
        return "Tensor" + shape() + g + "\n" + value.toString().substring(value.toString().indexOf('\n') + 1);
    }
}
