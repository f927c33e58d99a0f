package nabla.models;

import java.util.List;
import nabla.nn.Layer;
import nabla.nn.merge.Merge;
import nabla.tensor.Shape;

/**
 * A placeholder for the values that flow through a functional model, as Keras' symbolic tensors: made by
 * {@link Functional#input}, by {@link #then} (a layer applied to it) or by {@link Functional#merge}. It holds the
 * per-sample shape and the layer and inputs that produce it; no data. Immutable; a {@link Functional} model is
 * made from an input and an output tensor.
 */
public final class SymbolicTensor {
    final Layer layer; // null for the model's input
    final List<SymbolicTensor> inputs;
    private final Shape shape;

    SymbolicTensor(Layer layer, List<SymbolicTensor> inputs, Shape shape) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
    }

    /**
     * The per-sample shape (without the batch axis).
     *
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The layer applied to this tensor (Keras' {@code layer(x)}); the layer is built when the model is made. A
     * merging layer given here merges this one tensor (see {@link Functional#merge} for several).
     *
     * @param layer the layer to apply, not used elsewhere in the model
     * @return the layer's output, its shape computed from this tensor's
     * @throws IllegalArgumentException if the layer does not accept this tensor's shape
     */
    public SymbolicTensor then(Layer layer) {
        if (layer instanceof Merge m) return Functional.merge(m, this);
        return new SymbolicTensor(layer, List.of(this), layer.outputShape(shape));
    }

    @Override
    public String toString() {
        return "SymbolicTensor " + shape.withLeading("None")
                + (layer == null ? " (input)" : " from " + layer.describe());
    }
}
