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
import nabla.nn.LogitsOutput;
import nabla.tensor.NDArray;
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
 * it. {@code add}, {@code build}, {@code named} and {@code putAsset} change this model and return it, for chaining.
 */
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNames names = new LayerNames("Sequential", "");
    private final long seed;
    private final Map<String, String> assets = new LinkedHashMap<>();
    private Shape inputShape;
    private String name = "sequential";

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
     * Appends a layer, naming it when it has no name and seeding it when it is not built; once the input shape is
     * known the layer is built at once.
     *
     * @param layer a new layer instance (a built layer may only come first)
     * @return this model
     * @throws IllegalArgumentException if the layer is already built and not the first, its name is taken, or it
     *     does not accept the previous layer's output shape
     */
    public Sequential add(Layer layer) {
        if (layer.isBuilt() && !layers.isEmpty())
            throw new IllegalArgumentException(
                    "Sequential: " + layer.describe() + " is already built; add a new layer instance");
        names.adopt(layer, seed, layers.size());
        layers.add(layer);
        if (inputShape != null) buildAll();
        return this;
    }

    /**
     * Declares the per-sample input shape (as Keras' {@code model.build} or a leading {@code Input(shape=...)})
     * and builds every layer now, so that {@link #summary()} and {@link #parameters()} are available before
     * training. Layers added later are built as they are added. Returns this model.
     *
     * @param sampleDims the per-sample input dimensions, without the batch axis, e.g. {@code 28, 28, 1}
     * @return this model
     * @throws IllegalArgumentException if a layer does not accept the shape it gets, or a layer is already built
     *     for another shape
     */
    public Sequential build(int... sampleDims) {
        this.inputShape = Shape.of(sampleDims);
        buildAll();
        return this;
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
     * Names the model (shown by summary, saved with it).
     *
     * @param name the model's name (default "sequential")
     * @return this model
     */
    public Sequential named(String name) {
        this.name = name;
        return this;
    }

    /**
     * The model's name.
     *
     * @return the name set by {@link #named}, or "sequential"
     */
    public String name() {
        return name;
    }

    /**
     * The layers, in order.
     *
     * @return an unmodifiable view of the model's layers
     */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /**
     * The per-sample input shape, once known (declared or seen in the first batch); null before.
     *
     * @return the shape without the batch axis, or null
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * The seed the layers' seeds are derived from.
     *
     * @return the seed given to the constructor, 42 by default
     */
    public long seed() {
        return seed;
    }

    private void buildAll() {
        Shape s = inputShape;
        for (Layer l : layers) {
            l.build(s);
            s = l.outputShape(s);
        }
    }

    @Override
    protected Tensor forward(Tensor x, boolean training, boolean logitsForLoss) {
        if (layers.isEmpty())
            throw new IllegalStateException("Sequential model '" + name + "' has no layers; call add(layer) first");
        if (inputShape == null) inputShape = x.shape().dropFirst();
        else if (!inputShape.equals(x.shape().dropFirst()))
            throw new IllegalArgumentException("Sequential '" + name + "': expected input "
                    + inputShape.withLeading("batch") + ", got " + x.shape());
        int last = layers.size() - 1;
        NDArray mask = null; // a padding mask (from Embedding(maskZero)) flows to the layers after it
        for (int i = 0; i < last; i++) {
            Layer l = layers.get(i);
            NDArray next = l.computeMask(x, mask);
            x = l.apply(x, mask, training);
            mask = next;
        }
        Layer out = layers.get(last);
        if (logitsForLoss) return ((LogitsOutput) out).logits(x, training);
        return out.apply(x, mask, training);
    }

    @Override
    protected Layer outputLayer() {
        return layers.isEmpty() ? null : layers.getLast();
    }

    @Override
    public String summary() {
        return Summary.of(this);
    }

    @Override
    public void save(Path path, boolean includeOptimizer) throws IOException {
        ModelFiles.save(this, path, includeOptimizer);
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
        return "Sequential '" + name + "' with " + layers.size() + " layers";
    }
}
