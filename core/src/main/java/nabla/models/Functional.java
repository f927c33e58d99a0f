package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.merge.Merge;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A model defined by a graph of layers, as Keras' functional API: layers are applied to symbolic tensors, from one or
 * more {@link #input}s to one or more outputs, with branches joined by merging layers (residual connections,
 * parallel towers, text beside numeric features).
 * <pre>{@code
 * SymbolicTensor in = Functional.input(784);
 * SymbolicTensor h = in.then(new Dense(256, Activation.RELU));
 * SymbolicTensor r = Functional.add(h, h.then(new Dense(256, Activation.RELU)));
 * Functional model = new Functional(in, r.then(new Dense(10, Activation.SOFTMAX)));
 * model.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * }</pre>
 * Layers are named, seeded and built as in {@link Sequential} when the model is made. <b>Shared layers:</b> one
 * layer object applied at several nodes (two inputs through one encoder, weight tying) keeps one set of weights,
 * which receives the gradients of every use. <b>Nested models:</b> a model is a layer; apply it like one
 * ({@link SymbolicTensor#then}, or {@link #call} for several inputs or outputs). <b>Several inputs and outputs:</b>
 * {@code fit}, {@code evaluate} and {@code predict} take a list of arrays per side, in order, or maps by name (inputs
 * are named by {@link #input(String, int...)}, outputs by the layers that produce them). Masks from
 * {@code Embedding(maskZero)} flow along the edges; merging layers combine them; none enter or leave a nested model.
 *
 * <p>The graph is checked when the model is made (every path from an output must end at one of the given inputs,
 * every input must be used, shapes must fit); a bad graph is an {@link IllegalArgumentException} saying what is
 * wrong. {@code named} changes this model and returns it.
 */
public final class Functional extends Model {
    private static final String INPUT_NAME = "input";
    private final List<SymbolicTensor> inputs;
    private final List<SymbolicTensor> outputs;
    private final List<SymbolicTensor.Node> nodes; // topological: layer nodes only, each after its inputs
    private final List<String> inputNames;
    private final List<Layer> layers = new ArrayList<>();
    private final long seed;

    /**
     * The model's input: per-sample dimensions, as Keras' {@code Input(shape=...)}; named "input", "input_1", ... by
     * position in the model.
     *
     * @param sampleDims the per-sample dimensions, without the batch axis, e.g. {@code 28, 28, 1}
     * @return a new input tensor
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static SymbolicTensor input(int... sampleDims) {
        return SymbolicTensor.input(null, Shape.of(sampleDims));
    }

    /**
     * A named input, as Keras' {@code Input(shape=..., name="title")}: maps of arrays address it by this name.
     *
     * @param name the input's name, unique in the model and unlike any layer's
     * @param sampleDims the per-sample dimensions
     * @return a new input tensor
     * @throws IllegalArgumentException if a dimension is negative or the name is empty
     */
    public static SymbolicTensor input(String name, int... sampleDims) {
        if (name.isEmpty()) throw new IllegalArgumentException("Functional.input: the name is empty");
        return SymbolicTensor.input(name, Shape.of(sampleDims));
    }

    /**
     * {@code layer} applied to several tensors (Keras' {@code Add()([a, b])}); shapes are checked now.
     *
     * @param layer the merging layer, e.g. {@code Merge.add()}
     * @param inputs the tensors to merge, in order
     * @return the merged tensor
     * @throws IllegalArgumentException if the shapes do not fit the layer (e.g. differ for {@code Add})
     */
    public static SymbolicTensor merge(Merge layer, SymbolicTensor... inputs) {
        return SymbolicTensor.apply(layer, List.of(inputs)).getFirst();
    }

    /**
     * {@code layer} (a merging layer, a model, any layer) applied to {@code inputs}, giving one tensor per output of
     * the layer: e.g. a nested model of two inputs and two outputs.
     *
     * @param layer the layer or model
     * @param inputs its inputs, in order
     * @return its outputs, in order
     * @throws IllegalArgumentException if the inputs do not fit the layer
     */
    public static List<SymbolicTensor> call(Layer layer, SymbolicTensor... inputs) {
        return SymbolicTensor.apply(layer, List.of(inputs));
    }

    /**
     * Element-wise sum (Keras' {@code Add()}), e.g. for a residual connection.
     *
     * @param inputs the tensors to add, of one shape
     * @return the sum
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public static SymbolicTensor add(SymbolicTensor... inputs) {
        return merge(Merge.add(), inputs);
    }

    /**
     * Concatenation along the last axis (Keras' {@code Concatenate()}).
     *
     * @param inputs the tensors to join, equal in every axis but the last
     * @return the concatenation
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public static SymbolicTensor concatenate(SymbolicTensor... inputs) {
        return merge(Merge.concatenate(), inputs);
    }

    /**
     * The model from {@code input} to {@code output}, seeded with 42.
     *
     * @param input a tensor from {@link #input}
     * @param output the tensor the model computes, reached from {@code input} through layers
     * @throws IllegalArgumentException if the graph is invalid (see the class comment), two layers share a name, or a
     *     layer does not accept its input's shape
     */
    public Functional(SymbolicTensor input, SymbolicTensor output) {
        this(42L, List.of(input), List.of(output));
    }

    /**
     * The model from {@code input} to {@code output}; layers not yet built are initialized from {@code seed}.
     *
     * @param seed the seed each layer's seed is derived from
     * @param input a tensor from {@link #input}
     * @param output the tensor the model computes
     * @throws IllegalArgumentException if the graph is invalid, two layers share a name, or a layer does not accept
     *     its input's shape
     */
    public Functional(long seed, SymbolicTensor input, SymbolicTensor output) {
        this(seed, List.of(input), List.of(output));
    }

    /**
     * A model of several inputs and one output (Keras' {@code Model(inputs=[a, b], outputs=...)}).
     *
     * @param seed the seed each layer's seed is derived from
     * @param inputs tensors from {@link #input}, each given once, each used by the output
     * @param output the tensor the model computes
     * @throws IllegalArgumentException as {@link #Functional(long, List, List)}
     */
    public Functional(long seed, List<SymbolicTensor> inputs, SymbolicTensor output) {
        this(seed, inputs, List.of(output));
    }

    /**
     * A model of several inputs and several outputs (Keras' {@code Model(inputs=[...], outputs=[...])}):
     * {@code fit}, {@code predict} and {@code evaluate} take one array per input and per output, in these orders.
     * Unnamed inputs are named "input", "input_1", ... by position; the outputs are named by their layers.
     *
     * @param seed the seed each layer's seed is derived from
     * @param inputs tensors from {@link #input}, each given once, each used by an output
     * @param outputs the tensors the model computes, each made by a layer (two outputs may not come from one layer
     *     node twice)
     * @throws IllegalArgumentException if there are no inputs or outputs, an input is not from {@link #input} or is
     *     given twice or unused, an output depends on another input or is an input, an output is given twice, two
     *     layers or inputs share a name, or a layer does not accept its input's shape (a shared layer must get the
     *     same shape at every node)
     */
    public Functional(long seed, List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("Functional: give at least one input");
        if (outputs.isEmpty()) throw new IllegalArgumentException("Functional: give at least one output");
        for (SymbolicTensor in : inputs)
            if (!in.isInput())
                throw new IllegalArgumentException(
                        "Functional: the model's inputs must come from Functional.input(...), got " + in);
        this.seed = seed;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        List<String> inNames = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String n = inputs.get(i).node.inputName;
            inNames.add(n != null ? n : defaultInputName(i));
        }
        if (new HashSet<>(inNames).size() != inNames.size())
            throw new IllegalArgumentException("Functional: two inputs share a name: " + inNames);
        this.inputNames = List.copyOf(inNames);
        this.nodes = topologicalOrder(this.inputs, this.outputs);
        LayerNames names = new LayerNames("Functional", " (the inputs' names " + inNames + " are taken too)");
        for (String n : inNames) names.reserve(n);
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor.Node node : nodes) {
            Layer l = node.layer;
            if (l == this) throw new IllegalArgumentException("Functional: a model cannot contain itself");
            if (seen.add(l)) {
                names.adopt(l, seed, layers.size());
                layers.add(l);
            }
            List<Shape> in = new ArrayList<>();
            for (SymbolicTensor t : node.inputs) in.add(t.shape());
            l.buildFor(in);
        }
        Set<String> outNames = new HashSet<>();
        for (SymbolicTensor o : outputs)
            if (!outNames.add(outputName(o)))
                throw new IllegalArgumentException("Functional: two outputs are named '" + outputName(o)
                        + "' (an output is named by its layer; give each output its own layer)");
        if (inputs.size() == 1) build(inputs.getFirst().shape());
    }

    static String defaultInputName(int i) {
        return i == 0 ? INPUT_NAME : INPUT_NAME + "_" + i;
    }

    private static String outputName(SymbolicTensor o) {
        String n = o.node.layer.name();
        return o.node.outputs.size() == 1 ? n : n + "_" + o.index;
    }

    /**
     * The layer nodes reachable from the outputs, each after its inputs (a post-order walk, no recursion); every
     * path must end at one of the inputs.
     */
    private static List<SymbolicTensor.Node> topologicalOrder(
            List<SymbolicTensor> inputs, List<SymbolicTensor> outputs) {
        Set<SymbolicTensor.Node> given = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor in : inputs)
            if (!given.add(in.node)) throw new IllegalArgumentException("Functional: an input is given twice");
        Set<SymbolicTensor> outSeen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor o : outputs) {
            if (o.isInput())
                throw new IllegalArgumentException("Functional: an output is an input; apply a layer to it");
            if (!outSeen.add(o)) throw new IllegalArgumentException("Functional: an output is given twice");
        }
        List<SymbolicTensor.Node> order = new ArrayList<>();
        Map<SymbolicTensor.Node, Boolean> state = new IdentityHashMap<>(); // false: open, true: done
        Set<SymbolicTensor.Node> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<SymbolicTensor.Node> stack = new ArrayDeque<>();
        for (SymbolicTensor o : outputs.reversed()) stack.push(o.node);
        while (!stack.isEmpty()) {
            SymbolicTensor.Node n = stack.peek();
            Boolean s = state.get(n);
            if (n.layer == null) {
                stack.pop();
                if (!given.contains(n))
                    throw new IllegalArgumentException("Functional: an output depends on a Functional.input "
                            + n.outputs.getFirst().shape().withLeading("None")
                            + " that is not among the model's inputs");
                reached.add(n);
            } else if (s == null) {
                state.put(n, false);
                for (SymbolicTensor p : n.inputs.reversed()) if (!state.containsKey(p.node)) stack.push(p.node);
            } else {
                stack.pop();
                if (!s) {
                    state.put(n, true);
                    order.add(n);
                }
            }
        }
        for (int i = 0; i < inputs.size(); i++)
            if (!reached.contains(inputs.get(i).node))
                throw new IllegalArgumentException("Functional: no output depends on the model's input " + i + " "
                        + inputs.get(i).shape().withLeading("None"));
        return order;
    }

    /**
     * Names the model (shown by summary, saved with it; the prefix of its weights' keys when nested).
     *
     * @param name the model's name (default "functional")
     * @return this model
     */
    @Override
    public Functional named(String name) {
        super.named(name);
        return this;
    }

    /**
     * The seed the layers' seeds are derived from.
     *
     * @return the seed given to the constructor, 42 by default
     */
    public long seed() {
        return seed;
    }

    /**
     * The per-sample input shape of the first input.
     *
     * @return the shape without the batch axis
     */
    @Override
    public Shape inputShape() {
        return inputs.getFirst().shape();
    }

    /**
     * Always true: a functional model is built when it is made.
     *
     * @return true
     */
    @Override
    public boolean isBuilt() {
        return true;
    }

    /**
     * The per-sample shapes of the inputs, in order.
     *
     * @return a new list, one shape per input
     */
    public List<Shape> inputShapes() {
        List<Shape> s = new ArrayList<>();
        for (SymbolicTensor t : inputs) s.add(t.shape());
        return s;
    }

    /**
     * The per-sample shapes of the outputs, in order.
     *
     * @return a new list, one shape per output
     */
    public List<Shape> outputShapes() {
        List<Shape> s = new ArrayList<>();
        for (SymbolicTensor t : outputs) s.add(t.shape());
        return s;
    }

    @Override
    public List<String> inputNames() {
        return inputNames;
    }

    @Override
    public List<String> outputNames() {
        List<String> n = new ArrayList<>();
        for (SymbolicTensor o : outputs) n.add(outputName(o));
        return Collections.unmodifiableList(n);
    }

    /**
     * The per-sample output shape (of the first output).
     *
     * @return the output's shape without the batch axis
     */
    public Shape outputShape() {
        return outputs.getFirst().shape();
    }

    /**
     * The per-sample output shape for an input of {@code sampleShape}, which must be the model's (one input, one
     * output).
     *
     * @param sampleShape the per-sample input shape
     * @return the output's per-sample shape
     * @throws IllegalArgumentException if the shape differs from the model's input or the model has several inputs or
     *     outputs
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        List<Shape> out = outputShapes(List.of(sampleShape));
        if (out.size() != 1)
            throw new IllegalArgumentException(describe() + " has " + out.size() + " outputs; use outputShapes");
        return out.getFirst();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        if (!inputShapes.equals(inputShapes()))
            throw new IllegalArgumentException(
                    describe() + ": expected inputs " + shapes(inputShapes()) + ", got " + shapes(inputShapes));
        return outputShapes();
    }

    @Override
    public void buildFor(List<Shape> inputShapes) {
        outputShapes(inputShapes);
    }

    private static String shapes(List<Shape> s) {
        List<String> t = new ArrayList<>();
        for (Shape x : s) t.add(x.withLeading("None"));
        return String.join(", ", t);
    }

    /**
     * The layers, each once, in the order they first run (merging layers and nested models included).
     *
     * @return an unmodifiable view of the layers
     */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * The model's input tensors, in order: with {@link #outputs()} or {@link #output(String)} they build other models
     * on the same layers (a feature extractor from a trained classifier shares its weights, as in Keras'
     * {@code Model(model.input, model.get_layer("dense").output)}).
     *
     * @return an unmodifiable list
     */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /**
     * The model's output tensors, in order.
     *
     * @return an unmodifiable list
     */
    public List<SymbolicTensor> outputs() {
        return outputs;
    }

    /**
     * The output of the layer named {@code layerName} in this model (of its first node when it is shared), to build a
     * model that stops there.
     *
     * @param layerName a layer's name
     * @return its output tensor (the first, for a layer of several outputs)
     * @throws IllegalArgumentException if no layer of the model has that name
     */
    public SymbolicTensor output(String layerName) {
        Layer l = getLayer(layerName);
        for (SymbolicTensor.Node n : nodes) if (n.layer == l) return n.outputs.getFirst();
        throw new IllegalStateException("layer '" + layerName + "' has no node"); // every layer has one
    }

    /** The graph's layer nodes in the order they run. */
    List<SymbolicTensor.Node> nodes() {
        return nodes;
    }

    /** The model inputs, in order. */
    List<SymbolicTensor> inputTensors() {
        return inputs;
    }

    /** The model outputs, in order. */
    List<SymbolicTensor> outputTensors() {
        return outputs;
    }

    /** The name of the node or input that produces {@code t}: an input's name, else its layer's. */
    String producerName(SymbolicTensor t) {
        if (t.isInput()) return inputNames.get(inputs.indexOf(t));
        return t.node.layer.name();
    }

    /** The index of {@code node} among the nodes of its layer in this model (0 for the first use). */
    int nodeIndex(SymbolicTensor.Node node) {
        if (node.layer == null) return 0;
        int k = 0;
        for (SymbolicTensor.Node n : nodes) {
            if (n == node) return k;
            if (n.layer == node.layer) k++;
        }
        throw new IllegalStateException("node not in this model");
    }

    @Override
    protected List<Tensor> forwardAll(List<Tensor> xs, boolean training) {
        if (xs.size() != inputs.size())
            throw new IllegalArgumentException("Functional '" + name() + "': expected " + inputs.size() + " inputs "
                    + inputNames + ", got " + xs.size());
        Map<SymbolicTensor.Node, Tensor[]> values = new IdentityHashMap<>();
        Map<SymbolicTensor.Node, NDArray[]> masks = new IdentityHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor x = xs.get(i);
            Shape want = inputs.get(i).shape();
            if (x.rank() < 1 || !want.equals(x.shape().dropFirst()))
                throw new IllegalArgumentException("Functional '" + name() + "': input '" + inputNames.get(i)
                        + "' expected " + want.withLeading("batch") + ", got " + x.shape());
            if (i > 0 && x.dim(0) != xs.getFirst().dim(0))
                throw new IllegalArgumentException("Functional '" + name() + "': the inputs differ in batch size: "
                        + xs.getFirst().shape() + " and " + x.shape());
            values.put(inputs.get(i).node, new Tensor[] {x});
            masks.put(inputs.get(i).node, new NDArray[1]);
        }
        for (SymbolicTensor.Node node : nodes) {
            List<Tensor> in = new ArrayList<>(node.inputs.size());
            List<NDArray> inMasks = new ArrayList<>(node.inputs.size());
            for (SymbolicTensor t : node.inputs) {
                in.add(values.get(t.node)[t.index]);
                inMasks.add(masks.get(t.node)[t.index]);
            }
            List<NDArray> outMasks = node.layer.computeMasks(in, inMasks);
            List<Tensor> out = node.layer.applyAll(in, inMasks, training);
            values.put(node, out.toArray(Tensor[]::new));
            masks.put(node, outMasks.toArray(NDArray[]::new));
        }
        List<Tensor> result = new ArrayList<>(outputs.size());
        for (SymbolicTensor o : outputs) result.add(values.get(o.node)[o.index]);
        return result;
    }

    @Override
    public List<Tensor> applyAll(List<Tensor> xs, List<NDArray> masks, boolean training) {
        if (xs.size() == 1 && outputs.size() == 1) return super.applyAll(xs, masks, training);
        return forwardAll(xs, training);
    }

    @Override
    public void save(Path path, boolean includeOptimizer) throws IOException {
        ModelFiles.save(this, path, includeOptimizer);
    }

    /**
     * Reads a model written by {@link #save}: graph, weights, compile settings and optimizer state, loaded as
     * strictly as {@link Sequential#load}.
     *
     * @param path a file written by {@code Functional.save}
     * @return the model, compiled when it was saved compiled
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws nabla.io.ModelFileException if the file is not a Functional model Nabla can read, or its graph,
     *     weights or optimizer state do not fit together
     * @throws IOException if the file cannot be read
     */
    public static Functional load(Path path) throws IOException {
        return ModelFiles.loadFunctional(path);
    }

    @Override
    public String toString() {
        return "Functional '" + name() + "' with " + layers.size() + " layers, inputs " + inputNames + ", outputs "
                + outputNames();
    }
}
