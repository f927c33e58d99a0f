package nabla.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A stack of layers, each feeding the next, as Keras' {@code Sequential} (PyTorch's {@code nn.Sequential} plus
 * Keras' training methods). Layers are built from the first batch, or at once when an input shape is given
 * ({@link #build(int...)}). Layers without a name get unique ones ("dense", "dense_1", ...); every layer not
 * built yet when it is added is seeded from the model's seed and its position (replacing a seed set on the
 * layer), so a model built twice with the same seed starts from the same weights.
 *
 * <pre>{@code
 * Sequential mlp = new Sequential(new Dense(500, Activation.RELU), new Dense(10, Activation.SOFTMAX)).build(784);
 * mlp.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
 * mlp.fit(x, y, FitOptions.defaults().epochs(5).batchSize(100).validationSplit(0.1));
 * }</pre>
 *
 * A padding mask (from {@code Embedding} with mask zero) flows from the layer that makes it to the layers after
 * it. A Sequential is itself a layer: add a (pretrained) model as one step of another. {@code add}, {@code build},
 * {@code named} and {@code putAsset} change this model and return it, for chaining.
 */
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNames names = new LayerNames("Sequential", "");
    private final long seed;
    private final Map<String, String> assets = new LinkedHashMap<>();

    /**
     * A model of {@code layers}, in order, seeded with 42.
     *
     * @param layers the layers; more can be added with {@link #add}
     * @throws IllegalArgumentException as {@link #add} does
     */
    public Sequential(Layer... layers) {
        this(42L, layers);
    }

    /**
     * A model whose layers are initialized from {@code seed}.
     *
     * @param seed the seed each layer's seed is derived from
     * @param layers the layers, in order
     * @throws IllegalArgumentException as {@link #add} does
     */
    public Sequential(long seed, Layer... layers) {
        this.seed = seed;
        for (Layer l : layers) add(l);
    }

    /**
     * Appends a layer (or a model: a nested model is one layer of this one), naming it when it has no name and
     * seeding it when it is not built; once the input shape is known the layer is built at once.
     *
     * @param layer a layer instance; a built layer (e.g. a pretrained model) must accept the previous layer's output
     *     shape
     * @return this model
     * @throws IllegalArgumentException if the layer is this model, its name is taken, it is already in this model,
     *     it has several inputs or outputs, or it does not accept the previous layer's output shape
     */
    public Sequential add(Layer layer) {
        if (layer == this) throw new IllegalArgumentException("Sequential: a model cannot contain itself");
        for (Layer l : layers)
            if (l == layer)
                throw new IllegalArgumentException(
                        "Sequential: " + layer.describe()
                                + " is already in this model; a Sequential applies each layer once (share layers in a Functional)");
        if (layer instanceof Model m
                && (m.inputNames().size() != 1 || m.outputNames().size() != 1))
            throw new IllegalArgumentException("Sequential: " + layer.describe()
                    + " has several inputs or outputs; nest it in a Functional model instead");
        if (layer instanceof nabla.nn.merge.Merge
                || layer instanceof nabla.nn.merge.Dot
                || layer instanceof nabla.nn.attention.DenseAttention)
            throw new IllegalArgumentException("Sequential: " + layer.describe()
                    + " joins several inputs; use it in a Functional model (Functional.merge, Functional.call)");
        names.adopt(layer, seed, layers.size());
        layers.add(layer);
        if (isBuilt()) {
            try {
                buildLayers(inputShape());
            } catch (IllegalArgumentException e) {
                layers.removeLast();
                throw e;
            }
        }
        return this;
    }

    /**
     * Removes the last layer (Keras' {@code pop}), e.g. to put a new head on a trained model; the model stays built
     * for its input shape. The removed layer keeps its weights and may be used elsewhere.
     *
     * @return the removed layer
     * @throws IllegalStateException if the model has no layers
     */
    public Layer pop() {
        if (layers.isEmpty()) throw new IllegalStateException("Sequential '" + name() + "' has no layers to pop");
        return layers.removeLast();
    }

    /**
     * Declares the per-sample input shape (as Keras' {@code model.build} or a leading {@code Input(shape=...)})
     * and builds every layer now, so that {@link #summary()} and {@link #parameters()} are available before
     * training. Layers added later are built as they are added. Returns this model.
     *
     * @param sampleDims the per-sample input dimensions, without the batch axis, e.g. {@code 28, 28, 1}
     * @return this model
     * @throws IllegalArgumentException if a layer does not accept the shape it gets, or the model is already built
     *     for another shape
     */
    public Sequential build(int... sampleDims) {
        build(Shape.of(sampleDims));
        return this;
    }

    @Override
    protected void create(Shape sampleShape, Rng rng) {
        buildLayers(sampleShape);
    }

    private void buildLayers(Shape s) {
        for (Layer l : layers) {
            l.build(s);
            s = l.outputShape(s);
        }
    }

    /**
     * Keeps a named text file with the model, saved and loaded with it: e.g. the fitted tokenizer as JSON, so
     * that a loaded model can predict on raw text. Replaces an asset of the same name.
     *
     * @param name the asset's name, e.g. {@code tokenizer.json}
     * @param content the text to keep
     * @return this model
     * @throws NullPointerException if {@code name} or {@code content} is null
     */
    public Sequential putAsset(String name, String content) {
        assets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(content, "content"));
        return this;
    }

    /**
     * The asset saved under {@code name}, if any.
     *
     * @param name the asset's name
     * @return its content, or empty
     */
    public Optional<String> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /**
     * All assets, by name.
     *
     * @return an unmodifiable view, in the order they were first put
     */
    public Map<String, String> assets() {
        return Collections.unmodifiableMap(assets);
    }

    /**
     * Names the model (shown by summary, saved with it; the prefix of its weights' keys when nested in another
     * model).
     *
     * @param name the model's name (default "sequential")
     * @return this model
     */
    @Override
    public Sequential named(String name) {
        super.named(name);
        return this;
    }

    /**
     * The layers, in order.
     *
     * @return an unmodifiable view of the model's layers
     */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
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
     * The per-sample output shape: the layers' shapes chained from {@code sampleShape}.
     *
     * @param sampleShape the per-sample input shape
     * @return the last layer's per-sample output shape
     * @throws IllegalArgumentException if a layer does not accept the shape it gets, or the model has no layers
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        if (layers.isEmpty()) throw new IllegalArgumentException(describe() + " has no layers");
        Shape s = sampleShape;
        for (Layer l : layers) s = l.outputShape(s);
        return s;
    }

    @Override
    protected List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        if (layers.isEmpty())
            throw new IllegalStateException("Sequential model '" + name() + "' has no layers; call add(layer) first");
        if (inputs.size() != 1)
            throw new IllegalArgumentException(
                    "Sequential '" + name() + "': takes one input array, got " + inputs.size());
        Tensor x = inputs.getFirst();
        if (x.rank() < 1)
            throw new IllegalArgumentException("Sequential '" + name() + "': expected a batch, got a scalar");
        if (!isBuilt()) build(x.shape().dropFirst());
        else if (!inputShape().equals(x.shape().dropFirst()))
            throw new IllegalArgumentException("Sequential '" + name() + "': expected input "
                    + inputShape().withLeading("batch") + ", got " + x.shape());
        NDArray mask = null; // a padding mask (from Embedding(maskZero)) flows to the layers after it
        for (Layer l : layers) {
            NDArray next = l.computeMask(x, mask);
            x = l.apply(x, mask, training);
            mask = next;
        }
        return List.of(x);
    }

    /**
     * Reads a model written by {@link #save}: architecture, weights, compile settings, assets and optimizer state.
     * Loading is strict: every saved weight must fit a weight of the rebuilt model and none may be missing.
     *
     * @param path a file written by {@code Sequential.save}
     * @return the model, built, compiled when it was saved compiled
     * @throws java.nio.file.NoSuchFileException if there is no such file
     * @throws nabla.io.ModelFileException if the file is not a Sequential model Nabla can read, or its weights,
     *     layers or optimizer state do not fit together (the message names the file and the problem)
     * @throws IOException if the file cannot be read
     */
    public static Sequential load(Path path) throws IOException {
        return ModelFiles.load(path);
    }

    @Override
    public String toString() {
        return "Sequential '" + name() + "' with " + layers.size() + " layers";
    }
}
