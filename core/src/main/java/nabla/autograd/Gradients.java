package nabla.autograd;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * Gradients of a scalar with respect to chosen tensors, returned instead of accumulated: PyTorch's
 * {@code torch.autograd.grad(loss, inputs)}, Keras' {@code tape.gradient(loss, sources)}. The building block of a
 * custom training step:
 *
 * <pre>{@code
 * Tensor loss = lossFn.apply(model.forward(x, true), y);
 * List<NDArray> grads = Parameter.gradients(loss, params);   // or Gradients.of(loss, tensors)
 * optimizer.applyGradients(params, grads);                   // or optimizer.minimize(loss, params)
 * }</pre>
 *
 * <p>Unlike {@link Tensor#backward()}, the gradient ({@link Tensor#grad()}) of every tensor is left as it was: the
 * tensors differentiated against, and every other leaf the scalar depends on (in a GAN, the generator's loss flows
 * through the discriminator's weights, which receive nothing). The pass runs only the recorded ops that lead to a
 * tensor asked for, and the weight gradients of the other leaves are not computed, so differentiating with respect
 * to part of a model costs less than a full backward pass. Like a backward pass it runs under {@link NoGrad} (no
 * higher-order gradients), reads the values saved by the forward pass, and counts as a backward pass of the fused
 * recurrent ops in {@link RecurrentOps}, which run backward once. Not thread-safe, like the tensors it reads: while
 * it runs, the other leaves of the graph do not require a gradient.
 */
public final class Gradients {
    private Gradients() {}

    /** What {@link #of(Tensor, List, Unconnected)} returns for a tensor that no gradient reaches. */
    public enum Unconnected {
        /** An array of zeros of the tensor's shape (PyTorch's {@code materialize_grads=True}). */
        ZERO,
        /**
         * Null, as TensorFlow's {@code UnconnectedGradients.NONE} (Keras' default); {@code Optimizer.applyGradients}
         * skips such parameters, as {@code Optimizer.step} skips one without a gradient.
         */
        NONE
    }

    /**
     * d{@code scalar}/d{@code t} for each tensor {@code t} of {@code wrt}, as new arrays of the tensors' shapes
     * (zeros for a tensor the scalar does not depend on), leaving every tensor's {@link Tensor#grad()} as it was.
     * See {@link #of(Tensor, List, Unconnected)}.
     *
     * @param scalar a one-element tensor (a loss)
     * @param wrt the tensors to differentiate with respect to: leaves that require a gradient, or op results
     *     (intermediate tensors, whose gradient is then computed as {@link Tensor#retainGrad()} would keep it)
     * @return one new array per tensor of {@code wrt}, in order
     * @throws IllegalArgumentException when {@code scalar} has more or fewer than one element or does not require a
     *     gradient (while {@code wrt} is not empty), or when a tensor of {@code wrt} does not require a gradient (the
     *     message names its index and shape)
     * @throws NullPointerException when {@code scalar}, {@code wrt} or an element of it is null
     * @throws IllegalStateException when a fused recurrent op on the way was already run backward
     */
    public static List<NDArray> of(Tensor scalar, List<Tensor> wrt) {
        return of(scalar, wrt, Unconnected.ZERO);
    }

    /**
     * d{@code scalar}/d{@code t} for each tensor {@code t} of {@code wrt}, leaving every tensor's
     * {@link Tensor#grad()} as it was. The gradients are those that {@code scalar.backward()} would put into cleared
     * gradients (the same backward rules on the same values), computed in one pass that runs only the ops leading to
     * a tensor of {@code wrt}. A tensor listed twice gets two equal arrays. The returned arrays are new
     * and held by nothing else.
     *
     * @param scalar a one-element tensor (a loss) of any rank
     * @param wrt the tensors to differentiate with respect to: leaves that require a gradient, or op results
     *     (intermediate tensors, whose gradient is then computed as {@link Tensor#retainGrad()} would keep it)
     * @param unconnected what to return for a tensor no gradient reaches: zeros or null
     * @return one entry per tensor of {@code wrt}, in order (an unmodifiable list; null entries only with
     *     {@link Unconnected#NONE})
     * @throws IllegalArgumentException when {@code scalar} has more or fewer than one element or does not require a
     *     gradient (while {@code wrt} is not empty), or when a tensor of {@code wrt} does not require a gradient (the
     *     message names its index and shape)
     * @throws NullPointerException when an argument or an element of {@code wrt} is null
     * @throws IllegalStateException when a fused recurrent op on the way was already run backward
     */
    public static List<NDArray> of(Tensor scalar, List<Tensor> wrt, Unconnected unconnected) {
        Objects.requireNonNull(scalar, "scalar");
        Objects.requireNonNull(wrt, "wrt");
        Objects.requireNonNull(unconnected, "unconnected");
        if (scalar.value().size() != 1)
            throw new IllegalArgumentException("Gradients.of: the scalar must have one element, got shape "
                    + scalar.shape() + "; reduce it first (e.g. mean() or sum())");
        Tensor[] ts = new Tensor[wrt.size()];
        for (int i = 0; i < ts.length; i++) {
            Tensor t = wrt.get(i);
            if (t == null) throw new NullPointerException("Gradients.of: wrt[" + i + "] is null");
            if (!t.requiresGrad())
                throw new IllegalArgumentException("Gradients.of: wrt[" + i + "] (shape " + t.shape()
                        + ") does not require a gradient (a constant, a frozen weight, or made under NoGrad);"
                        + " call requiresGrad(true) on a leaf before the forward pass to differentiate with respect to"
                        + " it");
            ts[i] = t;
        }
        if (ts.length == 0) return List.of();
        if (!scalar.requiresGrad())
            throw new IllegalArgumentException("Gradients.of: the scalar (shape " + scalar.shape()
                    + ") does not require a gradient: no input to it requires one, or it was made under NoGrad");
        NDArray[] g = Tensor.gradients(scalar, ts);
        if (unconnected == Unconnected.ZERO)
            for (int i = 0; i < g.length; i++) if (g[i] == null) g[i] = NDArray.zeros(ts[i].shape());
        return Collections.unmodifiableList(Arrays.asList(g));
    }
}
