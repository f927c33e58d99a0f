package nabla.models;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.LogitsOutput;
import nabla.nn.Merge;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A model defined by a graph of layers, as Keras' functional API: layers are applied to symbolic tensors, from one
 * {@link #input} to one output, with branches joined by merging layers (residual connections, parallel towers).
 * <pre>{@code
 * SymbolicTensor in = Functional.input(784);
 * SymbolicTensor h = in.then(new Dense(256, Activation.RELU));
 * SymbolicTensor r = Functional.add(h, h.then(new Dense(256, Activation.RELU)));
 * Functional model = new Functional(in, r.then(new Dense(10, Activation.SOFTMAX)));
 * model.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * }</pre>
 * Layers are named, seeded and built as in {@link Sequential} when the model is made. Each layer object is used
 * once (shared layers, multiple inputs and multiple outputs are not supported yet). Masks from
 * {@code Embedding(maskZero)} flow along the edges; merging layers combine them.
 */
public final class Functional extends Model {
    private static final String INPUT_NAME = "input";
    private final List<SymbolicTensor> order; // topological: the input first, the output last
    private final int[][] parents;              // indices into order
    private final List<Layer> layers = new ArrayList<>();
    private final long seed;
    private String name = "functional";

    /** The model's input: per-sample dimensions, as Keras' {@code Input(shape=...)}. */
    public static SymbolicTensor input(int... sampleDims) {
        return new SymbolicTensor(null, List.of(), Shape.of(sampleDims));
    }

    /** {@code layer} applied to several tensors (Keras' {@code Add()([a, b])}); shapes are checked now. */
    public static SymbolicTensor merge(Merge layer, SymbolicTensor... inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        return new SymbolicTensor(layer, List.of(inputs), layer.outputShape(shapes));
    }

    public static SymbolicTensor add(SymbolicTensor... inputs) {
        return merge(Merge.add(), inputs);
    }

    /** Concatenation along the last axis. */
    public static SymbolicTensor concatenate(SymbolicTensor... inputs) {
        return merge(Merge.concatenate(), inputs);
    }

    public Functional(SymbolicTensor input, SymbolicTensor output) {
        this(42L, input, output);
    }

    /** The model from {@code input} to {@code output}; layers not yet built are initialized from {@code seed}. */
    public Functional(long seed, SymbolicTensor input, SymbolicTensor output) {
        if (input.layer != null) throw new IllegalArgumentException("Functional: the model's input must come from Functional.input(...), got " + input);
        this.seed = seed;
        this.order = topologicalOrder(input, output);
        Map<SymbolicTensor, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) index.put(order.get(i), i);
        parents = new int[order.size()][];
        Map<String, Integer> counts = new HashMap<>();
        List<String> names = new ArrayList<>(List.of(INPUT_NAME));
        for (int i = 0; i < order.size(); i++) {
            SymbolicTensor t = order.get(i);
            parents[i] = t.inputs.stream().mapToInt(index::get).toArray();
            if (t.layer == null) continue;
            Layer l = t.layer;
            for (Layer seen : layers)
                if (seen == l) throw new IllegalArgumentException("Functional: " + l.describe() + " is applied twice; shared layers are not supported yet, use two layers");
            if (!l.hasName()) {
                String base = l.type().toLowerCase(), candidate = base;
                while (names.contains(candidate)) candidate = base + "_" + counts.merge(base, 1, Integer::sum);
                l.named(candidate);
            } else if (names.contains(l.name())) {
                throw new IllegalArgumentException("Functional: two layers are named '" + l.name() + "'; layer names must be unique (\"input\" is the model's input)");
            }
            names.add(l.name());
            if (!l.isBuilt()) l.seeded(seed * 1_000_003L + layers.size());
            l.build(t.inputs.getFirst().shape());
            layers.add(l);
        }
    }

    /** Post-order walk from the output (no recursion); every path must end at {@code input}. */
    private static List<SymbolicTensor> topologicalOrder(SymbolicTensor input, SymbolicTensor output) {
        List<SymbolicTensor> out = new ArrayList<>();
        Map<SymbolicTensor, Boolean> state = new IdentityHashMap<>(); // false: open, true: done
        Deque<SymbolicTensor> stack = new ArrayDeque<>(List.of(output));
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.peek();
            Boolean s = state.get(t);
            if (s == null) {
                state.put(t, false);
                if (t.layer == null && t != input)
                    throw new IllegalArgumentException("Functional: the output depends on another Functional.input " + t.shape().withLeading("None")
                            + " than the model's; models with several inputs are not supported yet");
                for (SymbolicTensor p : t.inputs.reversed()) if (!state.containsKey(p)) stack.push(p);
            } else {
                stack.pop();
                if (!s) {
                    state.put(t, true);
                    out.add(t);
                }
            }
        }
        if (!state.containsKey(input)) throw new IllegalArgumentException("Functional: the output does not depend on the model's input");
        return out;
    }

    /** Names the model (shown by summary). */
    public Functional named(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    public long seed() {
        return seed;
    }

    /** The per-sample input shape. */
    public Shape inputShape() {
        return order.getFirst().shape();
    }

    /** The per-sample output shape. */
    public Shape outputShape() {
        return order.getLast().shape();
    }

    /** The layers in the order they run (merging layers included). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The names of the layers (or "input") that feed {@code layer}. */
    List<String> inboundNames(int layerIndex) {
        int node = layerIndex + 1; // order holds the input first, then one node per layer
        List<String> names = new ArrayList<>();
        for (int p : parents[node]) names.add(p == 0 ? INPUT_NAME : order.get(p).layer.name());
        return names;
    }

    @Override
    protected Tensor forward(Tensor x, boolean training, boolean logitsForLoss) {
        Shape in = inputShape();
        if (!in.equals(x.shape().dropFirst()))
            throw new IllegalArgumentException("Functional '" + name + "': expected input " + in.withLeading("batch") + ", got " + x.shape());
        int n = order.size();
        Tensor[] values = new Tensor[n];
        NDArray[] masks = new NDArray[n];
        values[0] = x;
        for (int i = 1; i < n; i++) {
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

    /** Keras' table with a "Connected to" column. */
    @Override
    public String summary() {
        return Summary.of(this);
    }

    @Override
    public void save(Path path, boolean includeOptimizer) throws java.io.IOException {
        ModelFiles.save(this, path, includeOptimizer);
    }

    /** Reads a model written by {@link #save}. */
    public static Functional load(Path path) throws java.io.IOException {
        return ModelFiles.loadFunctional(path);
    }

    @Override
    public String toString() {
        return "Functional '" + name + "' with " + layers.size() + " layers";
    }
}
