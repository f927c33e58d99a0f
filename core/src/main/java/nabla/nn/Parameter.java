package nabla.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nabla.autograd.Gradients;
import nabla.autograd.Tensor;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Regularizer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A named trainable (or frozen) weight of a layer: a leaf tensor whose value optimizers update in place. Layers
 * create them ({@code Layer.addWeight}); models collect them, add their regularizers' penalties to the loss and
 * apply their constraints after each optimizer step, both only while the weight is {@link #trainable()}.
 *
 * <p>Whether a weight is trainable is its tensor's {@link Tensor#requiresGrad()} flag: a frozen weight
 * ({@link #setTrainable setTrainable(false)}) receives no gradient at all, and the ops that involve only frozen
 * weights and constants record nothing, so freezing saves the backward pass's work, not only the update. Weights
 * created non-trainable are state ({@link #isState()}, e.g. batch normalization's moving statistics): they are never
 * trainable. Parameters that share a tensor (a wrapper layer's view of the wrapped layer's weight) share the flag.
 */
public final class Parameter {
    private final String name;
    private final Tensor tensor;
    private final boolean state;
    private final Regularizer regularizer;
    private final Constraint constraint;

    /**
     * A weight without regularizer or constraint.
     *
     * @param name the name within its layer, e.g. "kernel"
     * @param value the initial value, used as it is (not copied)
     * @param trainable true for a weight that optimizers update; false for state that is never trained
     *     ({@link #isState()}); to freeze a weight for a while, create it trainable and call {@link #setTrainable}
     */
    public Parameter(String name, NDArray value, boolean trainable) {
        this(name, value, trainable, null, null);
    }

    /**
     * A weight with a penalty added to the loss and a projection applied after each step (either may be null).
     *
     * @param name the name within its layer, e.g. "kernel"
     * @param value the initial value, used as it is (not copied)
     * @param trainable true for a weight that optimizers update; false for state that is never trained
     *     ({@link #isState()}); to freeze a weight for a while, create it trainable and call {@link #setTrainable}
     * @param regularizer the penalty, or null
     * @param constraint the projection, or null
     */
    public Parameter(String name, NDArray value, boolean trainable, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.tensor = trainable ? Tensor.param(value) : Tensor.of(value);
        this.state = !trainable;
        this.regularizer = regularizer;
        this.constraint = constraint;
    }

    /**
     * The penalty models add to the loss for this weight while it is trainable.
     *
     * @return the regularizer, or null
     */
    public Regularizer regularizer() {
        return regularizer;
    }

    /**
     * The projection models apply after each optimizer step while this weight is trainable.
     *
     * @return the constraint, or null
     */
    public Constraint constraint() {
        return constraint;
    }

    /**
     * Another name for {@code shared}'s weight (same tensor, so the same trainable flag), for layers that wrap
     * other layers.
     */
    Parameter(String name, Parameter shared) {
        this(name, shared, shared.regularizer, shared.constraint);
    }

    /** As {@link #Parameter(String, Parameter)} with the wrapper's own regularizer and constraint (null: none). */
    Parameter(String name, Parameter shared, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.tensor = shared.tensor;
        this.state = shared.state;
        this.regularizer = regularizer;
        this.constraint = constraint;
    }

    /**
     * The name within its layer; models key saved weights by {@code layer.name}.
     *
     * @return the name, e.g. "kernel"
     */
    public String name() {
        return name;
    }

    /**
     * The tensor to use in computations; it requires a gradient while the weight is {@link #trainable()}.
     *
     * @return the leaf tensor (the same object on every call)
     */
    public Tensor tensor() {
        return tensor;
    }

    /**
     * The current value, live: optimizers and constraints update it in place, and writing to it changes the weight.
     *
     * @return the value array
     */
    public NDArray value() {
        return tensor.value();
    }

    /**
     * The gradient accumulated by backward passes since the last {@link #zeroGrad()} (or since the weight was
     * frozen).
     *
     * @return the gradient (the weight's shape), or null if none was computed
     */
    public NDArray grad() {
        return tensor.grad();
    }

    /** Clears the accumulated gradient ({@link #grad()} is null afterwards; the buffer is kept for the next backward pass). */
    public void zeroGrad() {
        tensor.zeroGrad();
    }

    /**
     * The weight's shape.
     *
     * @return the shape, e.g. (in, units) for a Dense kernel
     */
    public Shape shape() {
        return tensor.shape();
    }

    /**
     * The number of scalars.
     *
     * @return the product of the shape's dimensions
     */
    public int size() {
        return tensor.value().size();
    }

    /**
     * Whether backward passes compute this weight's gradient and optimizers update it: its tensor's
     * {@link Tensor#requiresGrad()} flag, shared with every parameter of the same tensor.
     *
     * @return true unless the weight is frozen ({@link #setTrainable}) or state ({@link #isState()})
     */
    public boolean trainable() {
        return !state && tensor.requiresGrad();
    }

    /**
     * Whether this weight was created non-trainable: state that a layer updates itself and optimizers never do,
     * such as batch normalization's moving mean and variance (Keras' non-trainable weights). Such a weight stays
     * non-trainable whatever {@link #setTrainable} is given.
     *
     * @return true for a weight created with {@code trainable} false
     */
    public boolean isState() {
        return state;
    }

    /**
     * Freezes or unfreezes this weight, as Keras' {@code trainable} flag and PyTorch's {@code requires_grad_}; changes
     * this weight, its tensor, and so every parameter sharing the tensor. Freezing clears the gradient
     * ({@link #grad()} is null afterwards) and switches the tensor's {@link Tensor#requiresGrad()} off: backward passes
     * compute no gradient for the weight, optimizers skip it, and regularizers and constraints no longer apply.
     * Unfreezing switches it back on, for ops recorded from then on (a graph recorded while frozen gives the weight
     * no gradient). A state weight ({@link #isState()}) stays non-trainable: {@code setTrainable(true)} leaves it
     * as it is, as Keras leaves batch normalization's moving statistics when a layer is made trainable.
     *
     * @param trainable false to freeze the weight, true to unfreeze it
     */
    public void setTrainable(boolean trainable) {
        if (state) return;
        if (!trainable) tensor.zeroGrad();
        tensor.requiresGrad(trainable);
    }

    /**
     * The gradients of {@code scalar} (a loss) with respect to the tensors of {@code wrt}, as new arrays, leaving
     * every {@link #grad()} as it was: {@link Gradients#of(Tensor, List)} on the parameters' tensors, for custom
     * training steps ({@code optimizer.applyGradients(params, Parameter.gradients(loss, params))}). A parameter the
     * loss does not depend on gets zeros.
     *
     * @param scalar a one-element tensor that requires a gradient
     * @param wrt the parameters, each trainable
     * @return one new array per parameter, in order, each of the parameter's shape
     * @throws IllegalArgumentException when a parameter is frozen or state (the message names it and its index),
     *     or as {@link Gradients#of(Tensor, List)} does for the scalar
     * @throws NullPointerException when an argument or a parameter is null
     */
    public static List<NDArray> gradients(Tensor scalar, List<Parameter> wrt) {
        Objects.requireNonNull(wrt, "wrt");
        List<Tensor> tensors = new ArrayList<>(wrt.size());
        for (int i = 0; i < wrt.size(); i++) {
            Parameter p = wrt.get(i);
            if (p == null) throw new NullPointerException("Parameter.gradients: wrt[" + i + "] is null");
            if (!p.trainable())
                throw new IllegalArgumentException("Parameter.gradients: parameter " + i + " '" + p.name + "' "
                        + p.shape() + " is " + (p.state ? "a non-trainable state weight" : "frozen")
                        + " and gets no gradient; leave it out"
                        + (p.state ? "" : " or unfreeze it with setTrainable(true) before the forward pass"));
            tensors.add(p.tensor);
        }
        return Gradients.of(scalar, tensors);
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + shape() + (trainable() ? "" : " (frozen)");
    }
}
