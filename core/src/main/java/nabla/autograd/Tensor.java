package nabla.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The user-facing differentiable tensor: an {@link NDArray} value, an optional gradient, and the op that made
 * it. Operations on tensors that require gradients record an eager graph (define-by-run, as PyTorch);
 * {@link #backward()} walks it in reverse topological order, iteratively, and accumulates gradients into every
 * leaf that requires them. Gradients of intermediate tensors are released once propagated unless
 * {@link #retainGrad()} was called.
 *
 * <p>Gradient rules, as PyTorch's:
 * <ul>
 *   <li>A tensor requires a gradient when it is a {@link #param} leaf, or the result of an op recorded while grad
 *       mode was on (no {@link NoGrad} scope on this thread) with at least one input that requires a gradient.
 *       Otherwise the op records nothing and its result is a constant leaf.</li>
 *   <li>Each backward pass <em>adds</em> into the gradients of the leaves that require one; they keep adding up
 *       over passes until {@link #zeroGrad()} (optimizers' {@code zeroGrad} calls it before each training
 *       step). A gradient of a broadcast input is summed back to the input's shape.</li>
 *   <li>The graph is not freed by a backward pass: another pass may run through it (the fused recurrent ops in
 *       {@link RecurrentOps} are the exception and throw). Backward runs under {@link NoGrad}, so gradients are
 *       not differentiable themselves (no higher-order gradients).</li>
 *   <li>Backward rules read the input values saved at the forward pass by reference: changing a value in place
 *       between the forward pass and its backward pass changes the gradients.</li>
 * </ul>
 *
 * <p>Values are never copied: {@link #of}, {@link #param} and {@link #detach} share the given array, and shape
 * ops ({@link #reshape}, {@link #permute}, {@link #transpose()}, {@link #slice}) may return views of their input's
 * storage. A tensor and its graph are not thread-safe: build and backpropagate a graph on one thread (graphs
 * that share no tensor requiring a gradient may run on different threads).
 *
 * <p>Logits, as Keras 3's {@code _keras_logits}: the result of {@link #softmax} over the last axis and of
 * {@link #sigmoid()} (and so of {@link Activation#SOFTMAX} and {@link Activation#SIGMOID}, in layers too)
 * remembers its input, {@link #logits()}, and which of the two made it, {@link #logitsActivation()}. The
 * cross-entropy losses use them to compute themselves from the logits, exactly and as one fused op, wherever such
 * an output reaches them (nested models, several outputs, custom training steps). Every other op's result, a
 * {@link #detach()}ed tensor and the leaves carry none; a reshape to the same shape returns the tensor itself and
 * keeps them.
 */
public final class Tensor {
    private final NDArray value;
    private NDArray grad;
    /** True after zeroGrad(): {@code grad} is a buffer kept for reuse whose contents mean nothing. */
    private boolean gradStale;

    /** Final for op results; a leaf's may be changed by {@link #requiresGrad(boolean)}. */
    private boolean requiresGrad;

    private final Node node;
    private boolean retainGrad;

    private Tensor(NDArray value, boolean requiresGrad, Node node) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /**
     * A constant leaf (it never requires a gradient) wrapping {@code value}, which is not copied.
     *
     * @param value the value
     * @return a tensor that does not require a gradient
     */
    public static Tensor of(NDArray value) {
        return new Tensor(value, false, null);
    }

    /**
     * A leaf that requires a gradient (a trainable parameter or an input to differentiate against), as a
     * PyTorch tensor with {@code requires_grad=True}. {@code value} is wrapped, not copied, so updating the array
     * in place (as optimizers do) updates the parameter.
     *
     * @param value the value
     * @return a leaf that requires a gradient
     */
    public static Tensor param(NDArray value) {
        return new Tensor(value, true, null);
    }

    /**
     * A constant scalar (shape {@code ()}), as used for the float overloads of the arithmetic methods.
     *
     * @param v the value
     * @return a rank-0 tensor that does not require a gradient
     */
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

    /**
     * The value (the array itself, not a copy).
     *
     * @return this tensor's value
     */
    public NDArray value() {
        return value;
    }

    /**
     * The shape of the value.
     *
     * @return the shape
     */
    public Shape shape() {
        return value.shape();
    }

    /**
     * The size of one axis.
     *
     * @param axis the axis; negative axes count from the end
     * @return the size of {@code axis}
     * @throws IllegalArgumentException when the axis is out of range
     */
    public int dim(int axis) {
        return value.dim(axis);
    }

    /**
     * The number of axes (0 for a scalar).
     *
     * @return the rank
     */
    public int rank() {
        return value.rank();
    }

    /**
     * Whether backward passes compute a gradient for this tensor: true for {@link #param} leaves and for results
     * of recorded ops (see the class comment), false for constants and for anything made under {@link NoGrad}; a
     * leaf's flag may be changed by {@link #requiresGrad(boolean)}.
     *
     * @return true when this tensor requires a gradient
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets whether this leaf requires a gradient, as PyTorch's {@code requires_grad_()}; changes this tensor. Ops
     * recorded afterwards follow the new flag: an op none of whose inputs requires a gradient records nothing, so a
     * frozen weight costs nothing in a backward pass. A backward pass through a graph recorded before the change
     * follows the new flag too: a leaf that no longer requires a gradient receives none (the gradient it holds is
     * kept; {@link #zeroGrad()} clears it), while one that now requires a gradient receives none from ops recorded
     * while it did not (they recorded nothing).
     *
     * @param on true to make this leaf require a gradient, false to make it a constant
     * @return this tensor, for chaining
     * @throws IllegalStateException when this tensor is the result of a recorded op (not a leaf): its flag follows
     *     from its inputs; {@link #detach()} gives a leaf with the same value
     */
    public Tensor requiresGrad(boolean on) {
        if (node != null)
            throw new IllegalStateException("requiresGrad(" + on + "): this tensor " + shape()
                    + " is the result of the op '" + node.op()
                    + "', not a leaf; only a leaf's flag can be set (detach() gives a leaf with the same value)");
        requiresGrad = on;
        return this;
    }

    /**
     * The accumulated gradient (same shape as the value), or null when none has been computed since the tensor
     * was made or since the last {@link #zeroGrad()}. It is also null for tensors that do not require a gradient,
     * and for intermediate op results after a backward pass unless {@link #retainGrad()} was called. The array is
     * the tensor's own buffer, not a copy: later backward passes add into it, or overwrite it after a
     * {@code zeroGrad()}; copy it to keep a snapshot.
     *
     * @return the gradient, or null
     */
    public NDArray grad() {
        return gradStale ? null : grad;
    }

    /**
     * The value of a one-element tensor (any rank), e.g. a loss.
     *
     * @return the single element
     * @throws IllegalStateException when the tensor has more or fewer than one element
     */
    public float item() {
        return value.item();
    }

    /**
     * True for tensors not made by a recorded op: constants, {@link #param} leaves, detached tensors, and the
     * results of ops that recorded nothing (under {@link NoGrad}, or with no input that requires a gradient).
     *
     * @return true for a leaf
     */
    public boolean isLeaf() {
        return node == null;
    }

    /**
     * The name of the op that made this tensor (e.g. "matmul", "linear", "lstm"), or "leaf" for a leaf.
     *
     * @return the op's name
     */
    public String op() {
        return node == null ? "leaf" : node.op();
    }

    /**
     * Keeps this intermediate tensor's gradient after backward (as PyTorch's {@code retain_grad}); without it an
     * op result's gradient is released once propagated. A kept gradient adds up over backward passes like a
     * leaf's; each pass propagates to the inputs only the gradient of that pass, not the kept sum, so the leaves
     * receive the same as without {@code retainGrad}. Marks this tensor (it is mutated) and returns it.
     *
     * @return this tensor, for chaining
     */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    /**
     * The same value cut from the graph, as PyTorch's {@code detach()}: a constant leaf sharing this tensor's
     * value array (not a copy); no gradient flows through it.
     *
     * @return a constant with the same value
     */
    public Tensor detach() {
        return of(value);
    }

    /**
     * Clears the gradient ({@link #grad()} is null afterwards), as PyTorch's {@code zero_grad} with
     * {@code set_to_none}. The buffer is kept and reused by the next backward pass, which overwrites it instead of
     * adding to it, so training steps do not allocate a new gradient for every parameter. Does nothing when there
     * is no gradient.
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

    /**
     * Backpropagates from a one-element tensor (a loss) with seed 1: adds d(this)/d(leaf) into the gradient of
     * every leaf that requires one, as PyTorch's {@code loss.backward()}. See {@link #backward(NDArray)}.
     *
     * @throws IllegalStateException when this tensor has more than one element (pass a seed to
     *     {@link #backward(NDArray)}) or does not require a gradient
     */
    public void backward() {
        if (value.size() != 1)
            throw new IllegalStateException("backward() needs a scalar (one-element) tensor, got shape " + shape()
                    + "; pass a gradient with backward(seed)");
        backward(NDArray.full(value.shape(), 1f));
    }

    /**
     * Backpropagates with {@code seed} as the gradient of this tensor (a vector-Jacobian product, as PyTorch's
     * {@code backward(gradient)}). Runs every recorded op reachable from this tensor once, in reverse topological
     * order, iteratively (deep graphs do not overflow the stack), under {@link NoGrad}. Leaves that require a
     * gradient receive theirs added to what they hold; op results' gradients are released after use unless
     * {@link #retainGrad()} was called (a retained gradient adds this pass's gradient to what it held, and only
     * this pass's gradient is propagated); branches that receive no gradient are skipped. {@link Gradients#of}
     * computes gradients without accumulating them into any tensor.
     *
     * @param seed the gradient of the quantity being differentiated with respect to this tensor; same shape
     * @throws IllegalStateException when this tensor does not require a gradient, or when a fused recurrent op on
     *     the way is run backward a second time
     * @throws IllegalArgumentException when {@code seed}'s shape differs from this tensor's
     */
    public void backward(NDArray seed) {
        if (!requiresGrad)
            throw new IllegalStateException(
                    "backward(): this tensor does not require a gradient (no input to it requires one, or it was made under NoGrad)");
        if (!seed.shape().equals(shape()))
            throw new IllegalArgumentException(
                    "backward(seed): seed shape " + seed.shape() + " differs from tensor shape " + shape());
        List<Tensor> order = topologicalOrder();
        // a retained gradient holds the sum of earlier passes: set it aside, so that only this pass's gradient is
        // propagated, and add it back once the tensor has been propagated
        Map<Tensor, NDArray> kept = null;
        for (Tensor t : order) {
            if (t.retainGrad && t.grad() != null) {
                if (kept == null) kept = new IdentityHashMap<>();
                kept.put(t, t.grad);
                t.grad = null;
            }
        }
        accumulate(seed, false);
        try (var noGrad = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                NDArray tg = t.grad();
                if (tg != null) t.node.backward().run(tg);
                if (!t.retainGrad) t.grad = null;
                else if (kept != null && kept.containsKey(t)) t.addKept(kept.remove(t));
            }
        } finally {
            if (kept != null) kept.forEach(Tensor::addKept); // a pass that failed half-way keeps the earlier sums
        }
    }

    /**
     * Puts back a retained gradient set aside by {@link #backward(NDArray)}, with this pass's gradient (if any) added
     * into it: the buffer and the order of the sum are those of an accumulation into it.
     */
    private void addKept(NDArray earlier) {
        if (grad() != null) earlier.addInPlace(grad);
        grad = earlier;
        gradStale = false;
    }

    /**
     * The gradients of the one-element tensor {@code root} with respect to {@code wrt} (leaves or op results, each
     * requiring a gradient; checked by {@link Gradients}), leaving the gradient of every tensor as it was: an entry
     * is null when no gradient reached that tensor. The pass runs only the ops that lead to a tensor of
     * {@code wrt}, and the other leaves that require a gradient are switched off for its duration, so their
     * weight gradients are not computed.
     */
    static NDArray[] gradients(Tensor root, Tensor[] wrt) {
        NDArray[] out = new NDArray[wrt.length];
        Set<Tensor> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        Collections.addAll(targets, wrt);
        if (root.node == null) { // a leaf: its gradient is the seed, every other one is not reached
            for (int i = 0; i < wrt.length; i++) if (wrt[i] == root) out[i] = NDArray.full(root.shape(), 1f);
            return out;
        }
        List<Tensor> order = root.topologicalOrder();
        Set<Tensor> run = Collections.newSetFromMap(new IdentityHashMap<>()); // op results that lead to a target
        Set<Tensor> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Tensor> switchedOff = new ArrayList<>();
        for (Tensor t : order) {
            for (Tensor in : t.node.inputs()) {
                if (in == null) continue;
                if (targets.contains(in) || in.node != null && run.contains(in)) run.add(t);
                if (in.node == null && in.requiresGrad && reached.add(in) && !targets.contains(in)) switchedOff.add(in);
            }
        }
        // set aside the gradients of the op results and of the leaf targets; the pass starts them from nothing
        List<Tensor> cleared = new ArrayList<>(order);
        for (Tensor t : reached) if (targets.contains(t)) cleared.add(t);
        NDArray[] savedGrad = new NDArray[cleared.size()];
        boolean[] savedStale = new boolean[cleared.size()];
        for (int i = 0; i < savedGrad.length; i++) {
            Tensor t = cleared.get(i);
            savedGrad[i] = t.grad;
            savedStale[i] = t.gradStale;
            t.grad = null;
            t.gradStale = false;
        }
        Map<Tensor, NDArray> found = new IdentityHashMap<>();
        try {
            for (Tensor t : switchedOff) t.requiresGrad = false;
            root.accumulate(NDArray.full(root.shape(), 1f), true);
            try (var noGrad = NoGrad.enter()) {
                for (int i = order.size() - 1; i >= 0; i--) {
                    Tensor t = order.get(i);
                    NDArray tg = t.grad;
                    // a copy: the backward rule may hand views of its gradient to the inputs, which add into them
                    if (tg != null && targets.contains(t)) found.put(t, tg.copy());
                    if (tg != null && run.contains(t)) t.node.backward().run(tg);
                    t.grad = null;
                }
            }
            for (Tensor t : reached) if (targets.contains(t) && t.grad != null) found.put(t, t.grad);
        } finally {
            for (Tensor t : switchedOff) t.requiresGrad = true;
            for (int i = 0; i < savedGrad.length; i++) {
                Tensor t = cleared.get(i);
                t.grad = savedGrad[i];
                t.gradStale = savedStale[i];
            }
        }
        for (int i = 0; i < wrt.length; i++) {
            NDArray g = found.get(wrt[i]);
            if (g == null) continue;
            boolean repeated = false;
            for (int j = 0; j < i && !repeated; j++) repeated = wrt[j] == wrt[i];
            out[i] = repeated ? g.copy() : g;
        }
        return out;
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
    // Each method below records the same graph node as the Ops method it calls; none changes this tensor.

    /**
     * {@code this + o} elementwise, with NumPy broadcasting ({@link Ops#add}).
     *
     * @param o the other operand
     * @return the sum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor add(Tensor o) {
        return Ops.add(this, o);
    }
    /**
     * {@code this − o} elementwise, with NumPy broadcasting ({@link Ops#sub}).
     *
     * @param o the subtrahend
     * @return the difference
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor sub(Tensor o) {
        return Ops.sub(this, o);
    }
    /**
     * {@code this · o} elementwise (not the matrix product: see {@link #matmul}), with NumPy broadcasting.
     *
     * @param o the other factor
     * @return the product
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor mul(Tensor o) {
        return Ops.mul(this, o);
    }
    /**
     * {@code this / o} elementwise, with NumPy broadcasting ({@link Ops#div}).
     *
     * @param o the divisor
     * @return the quotient
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor div(Tensor o) {
        return Ops.div(this, o);
    }
    /**
     * {@code this ** o} elementwise, with NumPy broadcasting; see {@link Ops#pow} for the exponent's gradient.
     *
     * @param o the exponent
     * @return the power
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor pow(Tensor o) {
        return Ops.pow(this, o);
    }
    /**
     * {@code this + v} elementwise.
     *
     * @param v the constant to add
     * @return the sum
     */
    public Tensor add(float v) {
        return Ops.add(this, scalar(v));
    }
    /**
     * {@code this − v} elementwise.
     *
     * @param v the constant to subtract
     * @return the difference
     */
    public Tensor sub(float v) {
        return Ops.sub(this, scalar(v));
    }
    /**
     * {@code this · v} elementwise.
     *
     * @param v the constant factor
     * @return the scaled tensor
     */
    public Tensor mul(float v) {
        return Ops.mul(this, scalar(v));
    }
    /**
     * {@code this / v} elementwise.
     *
     * @param v the constant divisor
     * @return the quotient
     */
    public Tensor div(float v) {
        return Ops.div(this, scalar(v));
    }
    /**
     * {@code this ** p} elementwise for a constant exponent ({@link Ops#powScalar}).
     *
     * @param p the exponent
     * @return the power
     */
    public Tensor pow(float p) {
        return Ops.powScalar(this, p);
    }
    /**
     * {@code −this} elementwise.
     *
     * @return the negation
     */
    public Tensor neg() {
        return Ops.neg(this);
    }
    /**
     * e<sup>x</sup> elementwise.
     *
     * @return the exponential
     */
    public Tensor exp() {
        return Ops.exp(this);
    }
    /**
     * The natural logarithm elementwise (NaN below 0, −∞ at 0; no clipping).
     *
     * @return the logarithm
     */
    public Tensor log() {
        return Ops.log(this);
    }
    /**
     * The square root elementwise (the gradient is infinite at 0).
     *
     * @return the square root
     */
    public Tensor sqrt() {
        return Ops.sqrt(this);
    }
    /**
     * |x| elementwise; the gradient is sign(x), 0 at 0.
     *
     * @return the absolute value
     */
    public Tensor abs() {
        return Ops.abs(this);
    }
    /**
     * The hyperbolic tangent elementwise.
     *
     * @return tanh of this tensor
     */
    public Tensor tanh() {
        return Ops.tanh(this);
    }
    /**
     * The logistic sigmoid 1 / (1 + e<sup>−x</sup>) elementwise.
     *
     * @return the sigmoid
     */
    public Tensor sigmoid() {
        return Ops.sigmoid(this);
    }
    /**
     * max(x, 0) elementwise; the gradient is 0 at 0.
     *
     * @return the rectified tensor
     */
    public Tensor relu() {
        return Ops.relu(this);
    }
    /**
     * The elementwise maximum, with NumPy broadcasting; on ties the gradient goes to this tensor.
     *
     * @param o the other operand
     * @return the maximum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor maximum(Tensor o) {
        return Ops.maximum(this, o);
    }
    /**
     * The elementwise minimum, with NumPy broadcasting; on ties the gradient goes to this tensor.
     *
     * @param o the other operand
     * @return the minimum
     * @throws IllegalArgumentException when the shapes do not broadcast
     */
    public Tensor minimum(Tensor o) {
        return Ops.minimum(this, o);
    }
    /**
     * Sum over {@code axes} ({@code torch.sum(x, dim, keepdim)}); all axes when none are given.
     *
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce; negative axes count from the end
     * @return the sum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor sum(boolean keepDims, int... axes) {
        return Ops.sum(this, keepDims, axes);
    }
    /**
     * Sum of all elements, as a scalar tensor (shape {@code ()}).
     *
     * @return the sum
     */
    public Tensor sum() {
        return Ops.sum(this, false);
    }
    /**
     * Mean over {@code axes}; all axes when none are given.
     *
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce; negative axes count from the end
     * @return the mean
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor mean(boolean keepDims, int... axes) {
        return Ops.mean(this, keepDims, axes);
    }
    /**
     * Mean of all elements, as a scalar tensor (shape {@code ()}).
     *
     * @return the mean
     */
    public Tensor mean() {
        return Ops.mean(this, false);
    }
    /**
     * Maximum over {@code axes} (all axes when none are given); tied maxima share the gradient equally.
     *
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce; negative axes count from the end
     * @return the maximum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor max(boolean keepDims, int... axes) {
        return Ops.max(this, keepDims, axes);
    }
    /**
     * Minimum over {@code axes} (all axes when none are given); tied minima share the gradient equally.
     *
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce; negative axes count from the end
     * @return the minimum
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor min(boolean keepDims, int... axes) {
        return Ops.min(this, keepDims, axes);
    }
    /**
     * Population variance (divides by N) over {@code axes}, all axes when none are given; see {@link Ops#var}.
     *
     * @param keepDims keep each reduced axis with size 1 (otherwise it is removed)
     * @param axes the axes to reduce; negative axes count from the end
     * @return the variance
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor var(boolean keepDims, int... axes) {
        return Ops.var(this, keepDims, axes);
    }
    /**
     * The matrix product {@code this @ o} with NumPy semantics ({@link Ops#matmul}).
     *
     * @param o the right operand
     * @return the product
     * @throws IllegalArgumentException when the inner dimensions differ or the batch axes do not broadcast
     */
    public Tensor matmul(Tensor o) {
        return Ops.matmul(this, o);
    }
    /**
     * The same elements in a new shape (row-major order); one dimension may be -1 and is then inferred. A view
     * of this tensor's storage when its value is contiguous; this tensor itself when the shape is unchanged.
     *
     * @param dims the new dimensions
     * @return the reshaped tensor
     * @throws IllegalArgumentException when the sizes differ or more than one dimension is -1
     */
    public Tensor reshape(int... dims) {
        return Ops.reshape(this, value.shape().reshapeTarget(dims));
    }
    /**
     * Reorders the axes: output axis i is input axis {@code order[i]} ({@code torch.permute}). A view.
     *
     * @param order a permutation of the axes; negative axes count from the end
     * @return the permuted tensor
     * @throws IllegalArgumentException when {@code order} is not a permutation of this tensor's axes
     */
    public Tensor permute(int... order) {
        return Ops.permute(this, order);
    }
    /**
     * Swaps the last two axes (the matrix transpose of each matrix in a batch); a tensor of rank below 2 is
     * returned as is. A view.
     *
     * @return the transposed tensor
     */
    public Tensor transpose() {
        return rank() < 2 ? this : Ops.transpose(this, -2, -1);
    }
    /**
     * Swaps axes {@code a} and {@code b}. A view.
     *
     * @param a one axis; negative axes count from the end
     * @param b the other axis
     * @return the transposed tensor
     * @throws IllegalArgumentException when an axis is out of range
     */
    public Tensor transpose(int a, int b) {
        return Ops.transpose(this, a, b);
    }
    /**
     * Elements {@code start .. end-1} along {@code axis}, as Python's {@code x[start:end]} on that axis. A view;
     * the gradient flows back into the selected positions.
     *
     * @param axis the axis; negative axes count from the end
     * @param start the first index (inclusive); negative counts from the end; clamped to the axis
     * @param end the end index (exclusive); negative counts from the end; clamped to the axis
     * @return the slice
     * @throws IllegalArgumentException when the axis is out of range
     */
    public Tensor slice(int axis, int start, int end) {
        return Ops.slice(this, axis, start, end, 1);
    }
    /**
     * Every {@code step}-th element of {@code start .. end-1} along {@code axis}, as Python's
     * {@code x[start:end:step]} on that axis. A view.
     *
     * @param axis the axis; negative axes count from the end
     * @param start the first index (inclusive); negative counts from the end; clamped to the axis
     * @param end the end index (exclusive); negative counts from the end; clamped to the axis
     * @param step the stride, at least 1
     * @return the slice
     * @throws IllegalArgumentException when the axis is out of range or {@code step} is not positive
     */
    public Tensor slice(int axis, int start, int end, int step) {
        return Ops.slice(this, axis, start, end, step);
    }
    /**
     * Gathers the entries {@code indices} along {@code axis} ({@code torch.index_select}, NumPy's {@code take});
     * repeated indices accumulate their gradients.
     *
     * @param axis the axis; negative axes count from the end
     * @param indices the positions to take, each in [0, size of the axis); copied
     * @return a tensor whose {@code axis} has {@code indices.length} entries
     * @throws IndexOutOfBoundsException when an index is out of range
     */
    public Tensor indexSelect(int axis, int[] indices) {
        return Ops.indexSelect(this, axis, indices);
    }
    /**
     * Softmax along {@code axis}, computed stably (the maximum is subtracted first).
     *
     * @param axis the axis; negative axes count from the end
     * @return the probabilities, same shape
     * @throws IllegalArgumentException when the axis is out of range
     */
    public Tensor softmax(int axis) {
        return Ops.softmax(this, axis);
    }
    /**
     * Log-softmax along {@code axis}, computed stably (log-sum-exp).
     *
     * @param axis the axis; negative axes count from the end
     * @return the log-probabilities, same shape
     * @throws IllegalArgumentException when the axis is out of range
     */
    public Tensor logSoftmax(int axis) {
        return Ops.logSoftmax(this, axis);
    }

    // ---------------------------------------------------------------- logits (see the class comment)

    /** The tensor this one is the softmax (over the last axis) or sigmoid of, or null; see {@link #logits()}. */
    private Tensor logits;
    /** {@link Activation#SOFTMAX} or {@link Activation#SIGMOID} with {@link #logits}, null without. */
    private Activation logitsActivation;

    /**
     * The logits this tensor is the softmax (over the last axis) or the sigmoid of, when an op made it so (see the
     * class comment): the op's input itself, in the same graph, so a loss computed from it backpropagates to
     * whatever made the logits.
     *
     * @return the logits, or null when this tensor is not such an output
     */
    public Tensor logits() {
        return logits;
    }

    /**
     * Which activation made this tensor from its {@link #logits()}.
     *
     * @return {@link Activation#SOFTMAX} (over the last axis) or {@link Activation#SIGMOID}, or null when this
     *     tensor carries no logits
     */
    public Activation logitsActivation() {
        return logitsActivation;
    }

    /** Records that this op result is {@code activation} (softmax over the last axis, or sigmoid) of {@code logits}. */
    Tensor withLogits(Tensor logits, Activation activation) {
        this.logits = logits;
        this.logitsActivation = activation;
        return this;
    }

    /**
     * The shape, whether a gradient is required (and by which op the tensor was made), then the value as
     * {@link NDArray#toString()} prints it.
     *
     * @return a readable description
     */
    @Override
    public String toString() {
        String g = requiresGrad ? ", requiresGrad" + (node != null ? ", op=" + node.op() : "") : "";
        return "Tensor" + shape() + g + "\n"
                + value.toString().substring(value.toString().indexOf('\n') + 1);
    }
}
