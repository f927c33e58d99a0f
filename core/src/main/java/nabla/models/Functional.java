package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.LogitsOutput;
import nabla.nn.merge.Merge;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;

/**
 * A model defined by a graph of layers, as Keras' functional API: layers are applied to symbolic tensors, from one or
 * more {@link #input}s to one output, with branches joined by merging layers (residual connections, parallel towers,
 * text beside numeric features).
 * <pre>{@code
 * SymbolicTensor in = Functional.input(784);
 * SymbolicTensor h = in.then(new Dense(256, Activation.RELU));
 * SymbolicTensor r = Functional.add(h, h.then(new Dense(256, Activation.RELU)));
 * Functional model = new Functional(in, r.then(new Dense(10, Activation.SOFTMAX)));
 * model.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * }</pre>
 * Layers are named, seeded and built as in {@link Sequential} when the model is made. Each layer object is used
 * once (shared layers and several outputs are not supported yet). Masks from {@code Embedding(maskZero)} flow along
 * the edges; merging layers combine them. A model of several inputs takes a list of arrays ({@link #fit(List,
 * NDArray, nabla.train.FitOptions)}, {@link #predict(List)}, {@link #evaluate(List, NDArray)}), packed side by side
 * into one (n, total) array ({@link #pack}, one copy of the data) so that batching, shuffling and validation
 * splits keep samples whole; each batch is split back into the inputs.
 *
 * <p>The graph is checked when the model is made (every path from the output must end at one of the given
 * inputs, every input must be used); a bad graph is an {@link IllegalArgumentException} saying what is wrong.
 * {@code named} changes this model and returns it.
 */
public final class Functional extends Model {
    private static final String INPUT_NAME = "input";
    private final List<SymbolicTensor> order; // topological: the inputs first, the output last
    private final int[][] parents; // indices into order
    private final int nInputs; // order starts with the inputs
    private final int packedWidth; // floats per sample of all inputs side by side (see pack)
    private final List<Layer> layers = new ArrayList<>();
    private final long seed;
    private String name = "functional";

    /**
     * The model's input: per-sample dimensions, as Keras' {@code Input(shape=...)}.
     *
     * @param sampleDims the per-sample dimensions, without the batch axis, e.g. {@code 28, 28, 1}
     * @return a new input tensor
     * @throws IllegalArgumentException if a dimension is negative
     */
    public static SymbolicTensor input(int... sampleDims) {
        return new SymbolicTensor(null, List.of(), Shape.of(sampleDims));
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
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        return new SymbolicTensor(layer, List.of(inputs), layer.outputShape(shapes));
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
     * @throws IllegalArgumentException if the graph is invalid (see the class comment), a layer is used twice,
     *     two layers share a name, or a layer does not accept its input's shape
     */
    public Functional(SymbolicTensor input, SymbolicTensor output) {
        this(42L, List.of(input), output);
    }

    /**
     * The model from {@code input} to {@code output}; layers not yet built are initialized from {@code seed}.
     *
     * @param seed the seed each layer's seed is derived from
     * @param input a tensor from {@link #input}
     * @param output the tensor the model computes
     * @throws IllegalArgumentException if the graph is invalid, a layer is used twice, two layers share a name, or
     *     a layer does not accept its input's shape
     */
    public Functional(long seed, SymbolicTensor input, SymbolicTensor output) {
        this(seed, List.of(input), output);
    }

    /**
     * A model of several inputs (Keras' {@code Model(inputs=[a, b], outputs=...)}): {@link #fit(List, NDArray,
     * FitOptions)}, {@link #predict(List)} and {@link #evaluate(List, NDArray)} take one array per input, in this order.
     * Inputs are named "input", "input_1", ... in the summary and the file.
     *
     * @param seed the seed each layer's seed is derived from
     * @param inputs tensors from {@link #input}, each given once, each used by the output
     * @param output the tensor the model computes
     * @throws IllegalArgumentException if there are no inputs, one is not from {@link #input} or is given twice or
     *     unused, the output depends on another input, a layer is used twice, two layers share a name, or a layer
     *     does not accept its input's shape
     */
    public Functional(long seed, List<SymbolicTensor> inputs, SymbolicTensor output) {
        if (inputs.isEmpty()) throw new IllegalArgumentException("Functional: give at least one input");
        for (SymbolicTensor in : inputs)
            if (in.layer != null)
                throw new IllegalArgumentException(
                        "Functional: the model's inputs must come from Functional.input(...), got " + in);
        this.seed = seed;
        this.nInputs = inputs.size();
        this.order = topologicalOrder(inputs, output);
        Map<SymbolicTensor, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) index.put(order.get(i), i);
        parents = new int[order.size()][];
        LayerNames names = new LayerNames("Functional", " (\"input\", \"input_1\", ... are the model's inputs)");
        int width = 0;
        for (int i = 0; i < nInputs; i++) {
            names.reserve(inputName(i));
            width += order.get(i).shape().size();
        }
        packedWidth = width;
        for (int i = 0; i < order.size(); i++) {
            SymbolicTensor t = order.get(i);
            parents[i] = t.inputs.stream().mapToInt(index::get).toArray();
            if (t.layer == null) continue;
            Layer l = t.layer;
            for (Layer seen : layers)
                if (seen == l)
                    throw new IllegalArgumentException("Functional: " + l.describe()
                            + " is applied twice; shared layers are not supported yet, use two layers");
            names.adopt(l, seed, layers.size());
            l.build(t.inputs.getFirst().shape());
            layers.add(l);
        }
    }

    /** "input", then "input_1", "input_2", ... */
    static String inputName(int i) {
        return i == 0 ? INPUT_NAME : INPUT_NAME + "_" + i;
    }

    /** The inputs in their order, then a post-order walk from the output (no recursion); every path must end at an input. */
    private static List<SymbolicTensor> topologicalOrder(List<SymbolicTensor> inputs, SymbolicTensor output) {
        if (output.layer == null)
            throw new IllegalArgumentException("Functional: the output is an input; apply a layer to it");
        List<SymbolicTensor> out = new ArrayList<>(inputs);
        Map<SymbolicTensor, Boolean> state = new IdentityHashMap<>(); // false: open, true: done
        for (SymbolicTensor in : inputs) {
            if (state.put(in, true) != null) throw new IllegalArgumentException("Functional: an input is given twice");
        }
        Deque<SymbolicTensor> stack = new ArrayDeque<>(List.of(output));
        Map<SymbolicTensor, Boolean> reached = new IdentityHashMap<>();
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.peek();
            Boolean s = state.get(t);
            if (s == null) {
                state.put(t, false);
                if (t.layer == null)
                    throw new IllegalArgumentException("Functional: the output depends on a Functional.input "
                            + t.shape().withLeading("None") + " that is not among the model's inputs");
                for (SymbolicTensor p : t.inputs.reversed()) {
                    reached.put(p, true);
                    if (!state.containsKey(p)) stack.push(p);
                }
            } else {
                stack.pop();
                if (!s) {
                    state.put(t, true);
                    out.add(t);
                }
            }
        }
        for (int i = 0; i < inputs.size(); i++)
            if (!reached.containsKey(inputs.get(i)))
                throw new IllegalArgumentException("Functional: the output does not depend on the model's input " + i
                        + " " + inputs.get(i).shape().withLeading("None"));
        return out;
    }

    /**
     * Names the model (shown by summary, saved with it).
     *
     * @param name the model's name (default "functional")
     * @return this model
     */
    public Functional named(String name) {
        this.name = name;
        return this;
    }

    /**
     * The model's name.
     *
     * @return the name set by {@link #named}, or "functional"
     */
    public String name() {
        return name;
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
     * The per-sample input shape (of the first input).
     *
     * @return the shape without the batch axis
     */
    public Shape inputShape() {
        return order.getFirst().shape();
    }

    /**
     * The per-sample shapes of the inputs, in order.
     *
     * @return a new list, one shape per input
     */
    public List<Shape> inputShapes() {
        List<Shape> s = new ArrayList<>();
        for (int i = 0; i < nInputs; i++) s.add(order.get(i).shape());
        return s;
    }

    /**
     * One array per input, each (batch, per-sample shape...), packed side by side into one (batch, total) array: the
     * form {@link #fit(NDArray, NDArray, FitOptions)} and the other single-array methods take for a model of several
     * inputs (batching and shuffling then keep each sample's parts together). Give validation data packed too.
     * Each array is flattened per sample and the parts are concatenated along axis 1, a copy; a model of one
     * input gets its array back unchanged.
     *
     * @param xs one array per input, in the constructor's order, with the same number of samples
     * @return the packed array, shape (batch, sum of the inputs' per-sample sizes)
     * @throws IllegalArgumentException if the number of arrays, a per-sample shape or a sample count is wrong
     */
    public NDArray pack(List<NDArray> xs) {
        if (xs.size() != nInputs)
            throw new IllegalArgumentException(
                    "Functional '" + name + "': expected " + nInputs + " input arrays, got " + xs.size());
        int batch = xs.getFirst().rank() == 0 ? -1 : xs.getFirst().dim(0);
        List<NDArray> flat = new ArrayList<>();
        for (int i = 0; i < nInputs; i++) {
            NDArray x = xs.get(i);
            Shape want = order.get(i).shape();
            if (x.rank() == 0 || !x.shape().dropFirst().equals(want) || x.dim(0) != batch)
                throw new IllegalArgumentException("Functional '" + name + "': input " + i + " ('" + inputName(i)
                        + "') expected " + want.withLeading(String.valueOf(batch)) + ", got " + x.shape());
            flat.add(x.reshape(batch, want.size()));
        }
        return nInputs == 1 ? xs.getFirst() : NDArray.concat(1, flat);
    }

    /**
     * {@link #fit(NDArray, NDArray, FitOptions)} with one array per input.
     *
     * @param xs one array per input, in order, each (n, per-sample shape...)
     * @param y the targets, (n, ...)
     * @param options the training options (validation data, if any, packed with {@link #pack})
     * @return the per-epoch logs
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit the inputs or the targets
     */
    public History fit(List<NDArray> xs, NDArray y, FitOptions options) {
        return fit(pack(xs), y, options);
    }

    /**
     * {@link #predict(NDArray)} with one array per input.
     *
     * @param xs one array per input, in order, each (n, per-sample shape...)
     * @return the outputs, shape (n, per-sample output shape...)
     * @throws IllegalArgumentException if the arrays do not fit the inputs
     */
    public NDArray predict(List<NDArray> xs) {
        return predict(pack(xs));
    }

    /**
     * {@link #evaluate(NDArray, NDArray)} with one array per input.
     *
     * @param xs one array per input, in order, each (n, per-sample shape...)
     * @param y the targets, (n, ...)
     * @return "loss" and each compiled metric by name
     * @throws IllegalStateException if the model is not compiled
     * @throws IllegalArgumentException if the arrays do not fit the inputs or the targets
     */
    public Map<String, Double> evaluate(List<NDArray> xs, NDArray y) {
        return evaluate(pack(xs), y);
    }

    /**
     * The per-sample output shape.
     *
     * @return the output's shape without the batch axis
     */
    public Shape outputShape() {
        return order.getLast().shape();
    }

    /**
     * The layers in the order they run (merging layers included).
     *
     * @return an unmodifiable view of the layers
     */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The per-sample output shape of the {@code layerIndex}-th layer (its node's shape). */
    Shape layerOutputShape(int layerIndex) {
        return order.get(layerIndex + nInputs).shape();
    }

    /** The names of the layers (or inputs: "input", "input_1", ...) that feed the {@code layerIndex}-th layer. */
    List<String> inboundNames(int layerIndex) {
        int node = layerIndex + nInputs; // order holds the inputs first, then one node per layer
        List<String> names = new ArrayList<>();
        for (int p : parents[node])
            names.add(p < nInputs ? inputName(p) : order.get(p).layer.name());
        return names;
    }

    @Override
    protected Tensor forward(Tensor x, boolean training, boolean logitsForLoss) {
        int n = order.size();
        Tensor[] values = new Tensor[n];
        NDArray[] masks = new NDArray[n];
        if (nInputs == 1) {
            Shape in = inputShape();
            if (!in.equals(x.shape().dropFirst()))
                throw new IllegalArgumentException(
                        "Functional '" + name + "': expected input " + in.withLeading("batch") + ", got " + x.shape());
            values[0] = x;
        } else {
            if (x.rank() != 2 || x.shape().dim(1) != packedWidth)
                throw new IllegalArgumentException("Functional '" + name + "': a model of " + nInputs
                        + " inputs takes a list of arrays, or pack(list) of them: (batch, " + packedWidth + "); got "
                        + x.shape());
            int batch = x.shape().dim(0), from = 0;
            for (int i = 0; i < nInputs; i++) {
                Shape s = order.get(i).shape();
                values[i] = x.slice(1, from, from + s.size())
                        .reshape(s.prepend(batch).dims());
                from += s.size();
            }
        }
        for (int i = nInputs; i < n; i++) {
            Layer l = order.get(i).layer;
            int[] p = parents[i];
            if (l instanceof Merge m) {
                List<Tensor> xs = new ArrayList<>(p.length);
                List<NDArray> ms = new ArrayList<>(p.length);
                for (int j : p) {
                    xs.add(values[j]);
                    ms.add(masks[j]);
                }
                values[i] = m.merge(xs);
                masks[i] = m.computeMask(ms);
            } else {
                Tensor v = values[p[0]];
                if (i == n - 1 && logitsForLoss) return ((LogitsOutput) l).logits(v, training);
                masks[i] = l.computeMask(v, masks[p[0]]);
                values[i] = l.apply(v, masks[p[0]], training);
            }
        }
        return values[n - 1];
    }

    @Override
    protected Layer outputLayer() {
        return order.getLast().layer;
    }

    /**
     * Keras' table with a "Connected to" column: the inputs first, then each layer with the layers or inputs that
     * feed it.
     *
     * @return the table, lines ending with a newline
     */
    @Override
    public String summary() {
        return Summary.of(this);
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
        return "Functional '" + name + "' with " + layers.size() + " layers";
    }
}
