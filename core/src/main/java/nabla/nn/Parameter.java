package nabla.nn;

import nabla.autograd.Tensor;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Regularizer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A named trainable (or frozen) weight of a layer: a leaf tensor whose value optimizers update in place. Layers
 * create them ({@code Layer.addWeight}); models collect them, add their regularizers' penalties to the loss and
 * apply their constraints after each optimizer step, both only while the weight is {@link #trainable()}.
 */
public final class Parameter {
    private final String name;
    private final Tensor tensor;
    private boolean trainable;
    private final Regularizer regularizer;
    private final Constraint constraint;

    /**
     * A weight without regularizer or constraint.
     *
     * @param name the name within its layer, e.g. "kernel"
     * @param value the initial value, used as it is (not copied)
     * @param trainable whether optimizers update it; a weight created frozen records no gradients
     */
    public Parameter(String name, NDArray value, boolean trainable) {
        this(name, value, trainable, null, null);
    }

    /**
     * A weight with a penalty added to the loss and a projection applied after each step (either may be null).
     *
     * @param name the name within its layer, e.g. "kernel"
     * @param value the initial value, used as it is (not copied)
     * @param trainable whether optimizers update it; a weight created frozen records no gradients
     * @param regularizer the penalty, or null
     * @param constraint the projection, or null
     */
    public Parameter(String name, NDArray value, boolean trainable, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.tensor = trainable ? Tensor.param(value) : Tensor.of(value);
        this.trainable = trainable;
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

    /** Another name for {@code shared}'s weight (same tensor), for layers that wrap other layers. */
    Parameter(String name, Parameter shared) {
        this(name, shared, shared.regularizer, shared.constraint);
    }

    /** As {@link #Parameter(String, Parameter)} with the wrapper's own regularizer and constraint (null: none). */
    Parameter(String name, Parameter shared, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.tensor = shared.tensor;
        this.trainable = shared.trainable;
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
     * The tensor to use in computations; a weight created trainable records gradients.
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
     * The gradient accumulated by backward passes since the last {@link #zeroGrad()}.
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
     * Whether optimizers update this weight.
     *
     * @return true if it is set trainable and its tensor records gradients (false for a weight created frozen,
     *     whatever {@link #setTrainable} was given)
     */
    public boolean trainable() {
        return trainable && tensor.requiresGrad();
    }

    /**
     * Stops (or resumes) updates of this weight by optimizers, as Keras' {@code trainable} flag; changes this
     * weight. Resuming has no effect on a weight created frozen (its tensor records no gradients).
     *
     * @param trainable false to freeze the weight
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + shape() + (trainable() ? "" : " (frozen)");
    }
}
