package nabla.models;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.LogitsOutput;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * A stack of layers, each feeding the next, as Keras' {@code Sequential}. Layers are built from the first
 * batch, or at once when an input shape is given ({@link #build(int...)}). Layers without a name get
 * unique ones ("dense", "dense_1", ...) and a seed derived from the model's, so a model built twice with the
 * same seed starts from the same weights.
 */
public final class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private final LayerNames names = new LayerNames("Sequential", "");
    private final long seed;
    private final Map<String, String> assets = new LinkedHashMap<>();
    private Shape inputShape;
    private String name = "sequential";

    public Sequential(Layer... layers) {
        this(42L, layers);
    }

    /** A model whose layers are initialized from {@code seed}. */
    public Sequential(long seed, Layer... layers) {
        this.seed = seed;
        for (Layer l : layers) add(l);
    }

    /** Appends a layer. */
    public Sequential add(Layer layer) {
        if (layer.isBuilt() && !layers.isEmpty())
            throw new IllegalArgumentException("Sequential: " + layer.describe() + " is already built; add a new layer instance");
        names.adopt(layer, seed, layers.size());
        layers.add(layer);
        if (inputShape != null) buildAll();
        return this;
    }

    /**
     * Declares the per-sample input shape (as Keras' {@code model.build} or a leading {@code Input(shape=...)})
     * and builds every layer now, so that {@link #summary()} and {@link #parameters()} are available before
     * training. Layers added later are built as they are added. Returns this model.
     */
    public Sequential build(int... sampleDims) {
        this.inputShape = Shape.of(sampleDims);
        buildAll();
        return this;
    }

    /**
     * Keeps a named text file with the model, saved and loaded with it: e.g. the fitted tokenizer as JSON, so
     * that a loaded model can predict on raw text. Replaces an asset of the same name.
     */
    public Sequential putAsset(String name, String content) {
        assets.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(content, "content"));
        return this;
    }

    /** The asset saved under {@code name}, if any. */
    public Optional<String> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** All assets, by name. */
    public Map<String, String> assets() {
        return Collections.unmodifiableMap(assets);
    }

    /** Names the model (shown by summary). */
    public Sequential named(String name) {
        this.name = name;
        return this;
    }

    public String name() {
        return name;
    }

    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The per-sample input shape, once known (declared or seen in the first batch); null before. */
    public Shape inputShape() {
        return inputShape;
    }

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
        if (layers.isEmpty()) throw new IllegalStateException("Sequential model '" + name + "' has no layers; call add(layer) first");
        if (inputShape == null) inputShape = x.shape().dropFirst();
        else if (!inputShape.equals(x.shape().dropFirst()))
            throw new IllegalArgumentException("Sequential '" + name + "': expected input " + inputShape.withLeading("batch")
                    + ", got " + x.shape());
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

    /** Reads a model written by {@link #save}: architecture, weights, compile settings and optimizer state. */
    public static Sequential load(Path path) throws IOException {
        return ModelFiles.load(path);
    }

    @Override
    public String toString() {
        return "Sequential '" + name + "' with " + layers.size() + " layers";
    }
}
