package nabla.models;

import java.util.ArrayList;
import java.util.List;
import nabla.nn.Layer;
import nabla.tensor.Shape;

/**
 * A placeholder for the values that flow through a functional model, as Keras' symbolic tensors: made by
 * {@link Functional#input}, by {@link #then} (a layer applied to it), by {@link Functional#call} (a layer or model
 * applied to several tensors, giving one per output) or by {@link Functional#merge}. It holds the per-sample shape
 * and the node (layer and input tensors) that produces it; no data. Immutable.
 */
public final class SymbolicTensor {
    final Node node;
    final int index; // which output of the node
    private final Shape shape;

    /** One application of a layer to input tensors (or a model input, when {@code layer} is null). */
    static final class Node {
        final Layer layer; // null for an input
        final String inputName; // for an input: its name, or null for the default
        final List<SymbolicTensor> inputs;
        final List<SymbolicTensor> outputs = new ArrayList<>();

        Node(Layer layer, String inputName, List<SymbolicTensor> inputs, List<Shape> shapes) {
            this.layer = layer;
            this.inputName = inputName;
            this.inputs = List.copyOf(inputs);
            for (int i = 0; i < shapes.size(); i++) outputs.add(new SymbolicTensor(this, i, shapes.get(i)));
        }
    }

    private SymbolicTensor(Node node, int index, Shape shape) {
        this.node = node;
        this.index = index;
        this.shape = shape;
    }

    /** A model input. */
    static SymbolicTensor input(String name, Shape shape) {
        return new Node(null, name, List.of(), List.of(shape)).outputs.getFirst();
    }

    /** {@code layer} applied to {@code inputs}: the node's outputs, their shapes from the layer's settings. */
    static List<SymbolicTensor> apply(Layer layer, List<SymbolicTensor> inputs) {
        List<Shape> in = new ArrayList<>();
        for (SymbolicTensor t : inputs) in.add(t.shape);
        return List.copyOf(new Node(layer, null, inputs, layer.outputShapes(in)).outputs);
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
     * The layer applied to this tensor (Keras' {@code layer(x)}); the layer is built when the model is made. The same
     * layer object may be applied to several tensors: its weights are shared. A merging layer given here merges this
     * one tensor (see {@link Functional#merge} for several).
     *
     * @param layer the layer (or model of one input and one output) to apply
     * @return the layer's output, its shape computed from this tensor's
     * @throws IllegalArgumentException if the layer does not accept this tensor's shape, or has several outputs (use
     *     {@link Functional#call})
     */
    public SymbolicTensor then(Layer layer) {
        List<SymbolicTensor> out = apply(layer, List.of(this));
        if (out.size() != 1)
            throw new IllegalArgumentException(layer.describe() + " has " + out.size()
                    + " outputs; use Functional.call(layer, inputs...) to get them all");
        return out.getFirst();
    }

    /**
     * The layer whose node produces this tensor (Keras' {@code _keras_history} layer), for tools that walk a model's
     * graph, such as exporters.
     *
     * @return the layer, or null for a model input
     */
    public Layer producer() {
        return node.layer;
    }

    /**
     * The tensors the producing layer was applied to at this tensor's node, in order.
     *
     * @return an unmodifiable list, empty for a model input
     */
    public List<SymbolicTensor> producerInputs() {
        return node.inputs;
    }

    /**
     * Which output of its producing node this tensor is (0 for layers of one output).
     *
     * @return the output index
     */
    public int outputIndex() {
        return index;
    }

    /**
     * Whether this tensor is a model input (made by {@link Functional#input}).
     *
     * @return true for an input
     */
    public boolean isInput() {
        return node.layer == null;
    }

    @Override
    public String toString() {
        return "SymbolicTensor " + shape.withLeading("None")
                + (node.layer == null ? " (input)" : " from " + node.layer.describe());
    }
}
