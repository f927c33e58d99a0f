package nabla.nn;

import nabla.nn.weights.Constraint;
import nabla.nn.weights.Regularizer;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/** A named trainable (or frozen) weight of a layer: a leaf tensor whose value optimizers update in place. */
public final class Parameter {
    private final String name;
    private final Tensor tensor;
    private boolean trainable;
    private final Regularizer regularizer;
    private final Constraint constraint;

    public Parameter(String name, NDArray value, boolean trainable) {
        this(name, value, trainable, null, null);
    }

    /** A weight with a penalty added to the loss and a projection applied after each step (either may be null). */
    public Parameter(String name, NDArray value, boolean trainable, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.tensor = trainable ? Tensor.param(value) : Tensor.of(value);
        this.trainable = trainable;
        this.regularizer = regularizer;
        this.constraint = constraint;
    }

    /** The penalty models add to the loss for this weight while it is trainable, or null. */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** The projection models apply after each optimizer step while this weight is trainable, or null. */
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

    /** The name within its layer, e.g. "kernel". */
    public String name() {
        return name;
    }

    /** The tensor to use in computations (records gradients when trainable). */
    public Tensor tensor() {
        return tensor;
    }

    public NDArray value() {
        return tensor.value();
    }

    /** The accumulated gradient, or null. */
    public NDArray grad() {
        return tensor.grad();
    }

    public void zeroGrad() {
        tensor.zeroGrad();
    }

    public Shape shape() {
        return tensor.shape();
    }

    public int size() {
        return tensor.value().size();
    }

    public boolean trainable() {
        return trainable && tensor.requiresGrad();
    }

    /** Stops (or resumes) updates of this weight by optimizers. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + shape() + (trainable() ? "" : " (frozen)");
    }
}
