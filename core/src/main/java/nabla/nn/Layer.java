package nabla.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.Tensor;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Initializer;
import nabla.nn.weights.Regularizer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer: state (weights, as {@link Parameter}s) plus a computation, built lazily from the shape of its first
 * input (as Keras' {@code build}). Shapes given to {@link #build} and {@link #outputShape} and returned by
 * {@link #inputShape} are per-sample shapes: they exclude the batch axis, which comes first in every batch.
 * Users call {@link #apply}; models call {@link #computeMask} and {@link #build} as well.
 *
 * <h2>Life cycle</h2>
 * A new layer is unbuilt: it holds its settings and no weights. The first {@link #apply} (or {@link #build})
 * fixes its per-sample input shape and creates the weights, drawn from a random source seeded by the layer's
 * seed ({@link #seeded}; models set it from their own seed and the layer's position). A built layer accepts only
 * inputs of that per-sample shape (any batch size) and cannot be reconfigured: every {@code withX} method, here
 * and in the subclasses, returns a changed, unbuilt copy and leaves the receiver unchanged, and fails on a built
 * layer. {@link #named} and {@link #seeded} are the exceptions: they set the receiver's name or seed and return
 * it.
 *
 * <h2>Writing a layer</h2>
 * A subclass implements:
 * <ul>
 *   <li>a constructor that validates its arguments ({@link IllegalArgumentException}) and keeps them in final
 *       fields, creating no weights;</li>
 *   <li>{@link #create}: validates the per-sample input shape (an {@link IllegalArgumentException} whose message
 *       starts with {@link #describe()}) and creates the weights with {@link #addWeight}, always in the same order
 *       (the order fixes the random draws and the order of {@link #parameters()}); called once, by
 *       {@link #build};</li>
 *   <li>{@link #call(Tensor, boolean)}: the computation on a batch, written with differentiable
 *       {@link Tensor} operations so that gradients reach the weights; {@code training} is true during
 *       {@code fit} (dropout, noise and batch statistics depend on it);</li>
 *   <li>{@link #outputShape}: the per-sample output shape, computed from the settings alone (models call it on
 *       unbuilt layers to infer shapes and print summaries), throwing {@link IllegalArgumentException} for an
 *       input it does not accept;</li>
 *   <li>{@link #config()}: the constructor arguments as JSON-friendly values under Keras' snake_case keys, with a
 *       static {@code fromConfig(ConfigMap)} that rebuilds the layer (by convention); register a custom layer with
 *       {@code nabla.io.LayerRegistry.register("MyLayer", MyLayer::fromConfig)} so that saved models holding it load
 *       (Keras' {@code register_keras_serializable}).</li>
 * </ul>
 * {@link #call} may add auxiliary losses with {@link #addLoss} (a VAE's KL term); the model adds them to the loss.
 * {@link #setTrainable} freezes a layer; a model is itself a layer (see {@code nabla.models.Model}).
 * It may override {@link #call(Tensor, NDArray, boolean)} to use a padding mask, {@link #computeMask} to pass one
 * on, {@link #type()} for a saved type name other than the class name, and {@link #copyInnerLayers} when it holds
 * other layers. Its own {@code withX} methods return {@code keepOptions(new MyLayer(changed settings))}, so
 * that the options set before are kept. Weights of a wrapped layer are registered with {@link #addSharedWeight}.
 *
 * <p>Not thread-safe: {@link #apply} builds on first use, records the activity penalty, and some layers update
 * state on every training call (random sources, batch normalization's moving statistics). Use one layer from one
 * thread at a time.
 */
public abstract class Layer implements Cloneable {
    private String name;
    private Shape inputShape;
    private Map<String, Parameter> parameters = new LinkedHashMap<>();
    private long seed = 0x5EEDL;
    private Map<String, Regularizer> regularizers = new LinkedHashMap<>();
    private Map<String, Constraint> constraints = new LinkedHashMap<>();
    private Regularizer activityRegularizer;
    private List<Tensor> pendingLosses = new ArrayList<>();
    private boolean trainable = true;

    /** For subclasses: an unbuilt, unnamed layer with the default seed. */
    protected Layer() {}

    /**
     * The layer type as saved in configurations (Keras' class name, e.g. "Dense"); the simple class name unless
     * a subclass overrides it.
     *
     * @return the type name
     */
    public String type() {
        return getClass().getSimpleName();
    }

    /**
     * The name given by the user or assigned by a model ("dense_1"); the type in lower case if neither. Saved
     * weights are keyed by it ({@code name.weight}).
     *
     * @return the layer's name
     */
    public String name() {
        return name != null ? name : type().toLowerCase();
    }

    /**
     * Sets this layer's name (before the layer is added to a model, or by the model itself). Unlike the
     * {@code withX} methods it changes the receiver. Names must be unique within a model.
     *
     * @param name the new name
     * @return this layer
     * @throws NullPointerException if {@code name} is null
     */
    public Layer named(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Whether a name was set, by the user or a model.
     *
     * @return true when a name was set, false while {@link #name()} is the default
     */
    public boolean hasName() {
        return name != null;
    }

    /**
     * Sets the seed of this layer's random source (weight initialization and, for layers that draw random
     * numbers, dropout masks and noise); it changes the receiver. It takes effect when the layer is built. Models
     * overwrite the seed of each layer they adopt unbuilt, deriving it from the model's seed and the layer's
     * position, so the same model built twice starts from the same weights; the default seed is fixed as well.
     *
     * @param seed the seed
     * @return this layer
     */
    public Layer seeded(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Whether the layer is built.
     *
     * @return true once the weights exist (after the first {@link #apply} or {@link #build})
     */
    public boolean isBuilt() {
        return inputShape != null;
    }

    /**
     * The per-sample input shape this layer was built for.
     *
     * @return the shape without the batch axis, or null while unbuilt
     */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Applies the layer to a batch {@code x} of shape (batch, ...), without a mask. On first use builds the
     * weights for x's per-sample shape; afterwards checks that later inputs match it. With an activity regularizer
     * the output's penalty is added with {@link #addLoss}.
     *
     * @param x the input batch, batch axis first
     * @param training true in training (dropout and noise active, batch statistics used and updated), false in
     *     evaluation and prediction
     * @return the output batch (the batch size of {@code x}, then {@link #outputShape} of its per-sample shape)
     * @throws IllegalArgumentException if {@code x} is a scalar, its per-sample shape differs from the one the layer
     *     was built for, or the layer does not accept that shape
     */
    public final Tensor apply(Tensor x, boolean training) {
        return apply(x, null, training);
    }

    /**
     * As {@link #apply(Tensor, boolean)} with a mask (batch, steps): nonzero for real time steps, zero for padding
     * (as made by {@code Embedding(maskZero)}), or null. Layers that do not use masks ignore it.
     *
     * @param x the input batch, batch axis first
     * @param mask the padding mask (batch, steps), or null for none
     * @param training true in training, false in evaluation and prediction
     * @return the output batch
     * @throws IllegalArgumentException if {@code x} is a scalar, its per-sample shape differs from the one the layer
     *     was built for, the layer does not accept that shape, or the mask does not fit the input
     */
    public final Tensor apply(Tensor x, NDArray mask, boolean training) {
        if (x.rank() < 1) throw new IllegalArgumentException(describe() + ": expected a batch of inputs, got a scalar");
        Shape sample = x.shape().dropFirst();
        if (inputShape == null) build(sample);
        else if (!inputShape.equals(sample))
            throw new IllegalArgumentException(describe() + ": expected input " + withBatch(inputShape) + ", got "
                    + x.shape() + hint(inputShape, sample));
        Tensor y = mask == null ? call(x, training) : call(x, mask, training);
        if (activityRegularizer != null) addLoss(activityRegularizer.penalty(y));
        return y;
    }

    /**
     * Applies the layer at one node of a functional graph: to {@code inputs} (one tensor for most layers, several
     * for merging layers and for models of several inputs), with their masks, giving one tensor per output (several
     * only for models of several outputs). The default requires one input and calls {@link #apply(Tensor, NDArray,
     * boolean)}.
     *
     * @param inputs the input batches, batch axis first
     * @param masks the inputs' padding masks, one entry (possibly null) per input
     * @param training true in training, false in evaluation and prediction
     * @return the outputs, one per output of the layer
     * @throws IllegalArgumentException if the number of inputs or their shapes do not fit the layer
     */
    public List<Tensor> applyAll(List<Tensor> inputs, List<NDArray> masks, boolean training) {
        requireOneInput(inputs.size());
        return List.of(apply(inputs.getFirst(), masks.getFirst(), training));
    }

    /**
     * The masks of the outputs of {@link #applyAll} (Keras' {@code compute_mask} for a node); the default calls
     * {@link #computeMask(Tensor, NDArray)} on the one input.
     *
     * @param inputs the input batches
     * @param masks the inputs' masks, one entry (possibly null) per input
     * @return one mask (possibly null) per output, in a list that accepts null elements
     */
    public List<NDArray> computeMasks(List<Tensor> inputs, List<NDArray> masks) {
        requireOneInput(inputs.size());
        List<NDArray> out = new ArrayList<>(1);
        out.add(computeMask(inputs.getFirst(), masks.getFirst()));
        return out;
    }

    /**
     * The per-sample output shapes for the per-sample shapes of a node's inputs, from the settings alone; the
     * default requires one input and calls {@link #outputShape(Shape)}.
     *
     * @param inputShapes the per-sample input shapes, one per input
     * @return the per-sample output shapes, one per output
     * @throws IllegalArgumentException if the number of inputs or their shapes do not fit the layer
     */
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        requireOneInput(inputShapes.size());
        return List.of(outputShape(inputShapes.getFirst()));
    }

    /**
     * Builds for the per-sample shapes of a node's inputs (models call it when a graph is made); the default requires
     * one input and calls {@link #build(Shape)}.
     *
     * @param inputShapes the per-sample input shapes, one per input
     * @throws IllegalArgumentException if the layer is built for other shapes or does not accept these
     */
    public void buildFor(List<Shape> inputShapes) {
        requireOneInput(inputShapes.size());
        build(inputShapes.getFirst());
    }

    private void requireOneInput(int n) {
        if (n != 1)
            throw new IllegalArgumentException(describe() + " takes one input, got " + n
                    + "; only merging layers and models of several inputs take several");
    }

    /**
     * The computation with a mask, called by {@link #apply(Tensor, NDArray, boolean)} when the mask is not null;
     * the default ignores the mask and calls {@link #call(Tensor, boolean)}. Mask-aware layers (the recurrent
     * ones) override it.
     *
     * @param x the input batch, of the built per-sample shape
     * @param mask the padding mask (batch, steps), not null
     * @param training true in training, false in evaluation and prediction
     * @return the output batch
     */
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        return call(x, training);
    }

    /**
     * The mask of this layer's output, from its input and the input's mask (Keras' {@code compute_mask}); null
     * by default, so a mask stops at layers that do not handle it. Models call it before {@link #apply}, so it
     * must not rely on the layer being built.
     *
     * @param x the input batch
     * @param mask the input's mask (batch, steps), or null
     * @return the output's mask (batch, steps), or null for none
     */
    public NDArray computeMask(Tensor x, NDArray mask) {
        return null;
    }

    /**
     * Builds for a per-sample input shape without data (used by models to infer shapes, e.g. for
     * {@code summary()}): seeds a random source with the layer's seed and calls {@link #create}. Does nothing if
     * the layer is already built for that shape.
     *
     * @param sampleShape the per-sample input shape (batch axis excluded)
     * @throws IllegalArgumentException if the layer is built for another shape, or does not accept this one
     */
    public final void build(Shape sampleShape) {
        if (inputShape != null) {
            if (!inputShape.equals(sampleShape))
                throw new IllegalArgumentException(describe() + ": already built for input " + withBatch(inputShape)
                        + ", cannot rebuild for " + withBatch(sampleShape));
            return;
        }
        Rng rng = new Rng(seed);
        try {
            create(sampleShape, rng);
        } catch (RuntimeException e) {
            parameters.clear(); // a failed build leaves the layer unbuilt, without stray weights
            throw e;
        }
        inputShape = sampleShape;
        if (!trainable) for (Parameter p : parameters.values()) p.setTrainable(false);
    }

    /**
     * Creates the weights for a per-sample input shape with {@link #addWeight}, validating the shape first
     * (one-sentence errors that start with {@link #describe()}). Called once, by {@link #build}; the layer counts
     * as built only when it returns.
     *
     * @param sampleShape the per-sample input shape (batch axis excluded)
     * @param rng the layer's random source, seeded by its seed; draw weights (and seeds for inner layers) from it
     * @throws IllegalArgumentException if the layer does not accept {@code sampleShape}
     */
    protected abstract void create(Shape sampleShape, Rng rng);

    /**
     * The computation on a batch, from differentiable {@link Tensor} operations. Called by {@link #apply} after
     * the layer is built and the input's shape checked.
     *
     * @param x the input batch (batch, ...), of the built per-sample shape
     * @param training true in training, false in evaluation and prediction
     * @return the output batch
     */
    protected abstract Tensor call(Tensor x, boolean training);

    /**
     * The per-sample output shape for a per-sample input shape, from the settings alone: it works on an unbuilt
     * layer and creates no weights.
     *
     * @param sampleShape the per-sample input shape (batch axis excluded)
     * @return the per-sample output shape
     * @throws IllegalArgumentException if the layer does not accept {@code sampleShape}
     */
    public abstract Shape outputShape(Shape sampleShape);

    /**
     * The constructor arguments as JSON-friendly values (numbers, strings, booleans, lists and maps of them) under
     * Keras' snake_case keys; the layer's static {@code fromConfig} reads them back. Name, seed, regularizers and
     * constraints are not part of it (see {@link #savedConfig()}).
     *
     * @return a new, modifiable map in a fixed key order
     */
    public abstract Map<String, Object> config();

    private static final ThreadLocal<WeightLimit> WEIGHT_LIMIT = new ThreadLocal<>();

    /**
     * Limits the weights that layers built on this thread may create, until {@link WeightLimit#close()}: a loader
     * that knows how many scalars a file stores opens one before it builds the layers the file describes, so that a
     * declared size the stored weights cannot fill (a hostile or damaged file saying {@code units: 200000000}) is an
     * {@link IllegalArgumentException} before anything is allocated, not an {@link OutOfMemoryError}. Limits do not
     * nest: one opened inside another replaces it until closed.
     *
     * @param maxScalars the most scalars all weights created under the limit may hold together
     * @return the open limit; close it (try-with-resources) when the layers are built
     * @throws IllegalArgumentException if {@code maxScalars} is negative
     */
    public static WeightLimit limitWeights(long maxScalars) {
        if (maxScalars < 0) throw new IllegalArgumentException("maxScalars must be >= 0, got " + maxScalars);
        WeightLimit l = new WeightLimit(maxScalars, WEIGHT_LIMIT.get());
        WEIGHT_LIMIT.set(l);
        return l;
    }

    /** A limit on the weights layers may create on one thread; see {@link #limitWeights}. */
    public static final class WeightLimit implements AutoCloseable {
        private final long max;
        private final WeightLimit previous;
        private long used;
        private boolean exceeded;

        private WeightLimit(long max, WeightLimit previous) {
            this.max = max;
            this.previous = previous;
        }

        /**
         * Whether a layer asked for more than the limit allows (and got an {@link IllegalArgumentException}).
         *
         * @return true once exceeded
         */
        public boolean exceeded() {
            return exceeded;
        }

        /**
         * The scalars the weights created under this limit hold so far.
         *
         * @return the count
         */
        public long used() {
            return used;
        }

        private void take(String layer, String key, Shape shape) {
            long n = shape.size();
            if (n > max - used) {
                exceeded = true;
                throw new IllegalArgumentException(layer + ": weight '" + key + "' of shape " + shape + " would bring"
                        + " the weights to " + (used + n) + " scalars, more than the " + max + " allowed here");
            }
            used += n;
        }

        /** Ends the limit, restoring the one open before it (if any). */
        @Override
        public void close() {
            if (WEIGHT_LIMIT.get() == this) {
                if (previous == null) WEIGHT_LIMIT.remove();
                else WEIGHT_LIMIT.set(previous);
            }
        }
    }

    /**
     * Registers a weight; called from {@link #create}. The value is drawn from {@code init}, and the regularizer
     * and constraint set on this layer under {@code key} (if any) are attached to it.
     *
     * @param key the weight's name within the layer (Keras' names: "kernel", "bias", "recurrent_kernel", ...)
     * @param shape the weight's shape
     * @param init the initializer
     * @param rng the random source given to {@link #create}
     * @param trainable false for state that optimizers must not update (e.g. moving statistics)
     * @return the new weight; keep it in a field to use its {@link Parameter#tensor()} in {@link #call}
     * @throws IllegalStateException if a weight named {@code key} was already added
     */
    protected final Parameter addWeight(String key, Shape shape, Initializer init, Rng rng, boolean trainable) {
        if (parameters.containsKey(key))
            throw new IllegalStateException(describe() + ": weight '" + key + "' added twice");
        WeightLimit limit = WEIGHT_LIMIT.get();
        if (limit != null) limit.take(describe(), key, shape);
        Parameter p =
                new Parameter(key, init.create(shape, rng), trainable, regularizers.get(key), constraints.get(key));
        parameters.put(key, p);
        return p;
    }

    /**
     * A copy that adds {@code r}'s penalty of the weight {@code key} ("kernel", "bias", "alpha", ...) to the
     * training loss; works for any layer that creates a weight of that name (for other names it has no effect).
     * Like every {@code withX} method it returns a new, unbuilt layer and leaves this one unchanged. A regularizer
     * set before for the same key is replaced.
     *
     * @param key the weight's name within the layer
     * @param r the regularizer
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code key} or {@code r} is null
     */
    public Layer withRegularizer(String key, Regularizer r) {
        requireUnbuilt("a regularizer");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(r, "regularizer");
        Layer c = copy();
        c.regularizers.put(key, r);
        return c;
    }

    /**
     * A copy that applies {@code c} to the weight {@code key} after every optimizer step (for a key the layer
     * does not create it has no effect). A constraint set before for the same key is replaced.
     *
     * @param key the weight's name within the layer
     * @param c the constraint
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code key} or {@code c} is null
     */
    public Layer withConstraint(String key, Constraint c) {
        requireUnbuilt("a constraint");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(c, "constraint");
        Layer l = copy();
        l.constraints.put(key, c);
        return l;
    }

    /**
     * Keras' {@code kernel_regularizer}: {@link #withRegularizer} for the weight "kernel".
     *
     * @param r the regularizer
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Layer withKernelRegularizer(Regularizer r) {
        return withRegularizer("kernel", r);
    }

    /**
     * Keras' {@code bias_regularizer}: {@link #withRegularizer} for the weight "bias".
     *
     * @param r the regularizer
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Layer withBiasRegularizer(Regularizer r) {
        return withRegularizer("bias", r);
    }

    /**
     * Keras' {@code kernel_constraint}: {@link #withConstraint} for the weight "kernel".
     *
     * @param c the constraint
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Layer withKernelConstraint(Constraint c) {
        return withConstraint("kernel", c);
    }

    /**
     * Keras' {@code bias_constraint}: {@link #withConstraint} for the weight "bias".
     *
     * @param c the constraint
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Layer withBiasConstraint(Constraint c) {
        return withConstraint("bias", c);
    }

    /**
     * Keras' {@code activity_regularizer}: a copy that computes {@code r}'s penalty of the output on every call,
     * for models to add to the loss ({@link #addLoss}).
     *
     * @param r the regularizer
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code r} is null
     */
    public Layer withActivityRegularizer(Regularizer r) {
        requireUnbuilt("an activity regularizer");
        Objects.requireNonNull(r, "regularizer");
        Layer c = copy();
        c.activityRegularizer = r;
        return c;
    }

    /**
     * An unbuilt copy of this unbuilt layer with the same settings, the layer's own and those set on every layer
     * (name, seed, regularizers, constraints, activity regularizer): what the {@code withX} methods start from. It
     * is a field-by-field (shallow) copy, so a subclass's settings should be immutable; a layer that holds other
     * layers (a cell, a wrapped layer) overrides {@link #copyInnerLayers} so that the copy does not share them.
     *
     * @return the copy, of the same class
     * @throws IllegalStateException if this layer is built (a built layer owns weights; configure before building)
     */
    public Layer copy() {
        requireUnbuilt("settings");
        Layer c;
        try {
            c = (Layer) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e); // Layer is Cloneable
        }
        c.parameters = new LinkedHashMap<>();
        c.regularizers = new LinkedHashMap<>(regularizers);
        c.constraints = new LinkedHashMap<>(constraints);
        c.pendingLosses = new ArrayList<>();
        c.copyInnerLayers();
        return c;
    }

    /**
     * Called on a fresh {@link #copy()}: replaces the layers this one holds by copies of them (each with its own
     * {@link #copy()}), so that copies build their own weights. Does nothing by default.
     */
    protected void copyInnerLayers() {}

    /**
     * {@code fresh} (a newly constructed layer of changed settings, as a subclass's {@code withX} makes it) with
     * this layer's name, seed, regularizers, constraints and activity regularizer, so that a {@code withX} call
     * keeps what was set before it. What {@code fresh} already has set wins, except the seed, which is always this
     * layer's (and the name, when this layer has one).
     *
     * @param <L> the layer's class
     * @param fresh a new, unbuilt layer; it is changed and returned
     * @return {@code fresh}
     * @throws IllegalStateException if this layer is built
     */
    protected final <L extends Layer> L keepOptions(L fresh) {
        requireUnbuilt("settings");
        Layer f = fresh;
        if (name != null) f.name = name;
        f.seed = seed;
        regularizers.forEach(f.regularizers::putIfAbsent);
        constraints.forEach(f.constraints::putIfAbsent);
        if (f.activityRegularizer == null) f.activityRegularizer = activityRegularizer;
        return fresh;
    }

    /**
     * Adds a scalar to the training loss of the model that runs this layer (Keras' {@code add_loss}): call it from
     * {@link #call} with a tensor computed from the inputs or weights (e.g. a VAE's KL divergence), so that it
     * back-propagates. The model adds every loss a layer added during a forward pass to that pass's loss, in
     * training and in evaluation, and then clears them. An activity regularizer adds its penalty the same way.
     *
     * @param scalar a one-element tensor
     * @throws IllegalArgumentException if {@code scalar} has more than one element
     */
    public final void addLoss(Tensor scalar) {
        if (scalar.value().size() != 1)
            throw new IllegalArgumentException(
                    describe() + ": addLoss takes a scalar (one-element) tensor, got shape " + scalar.shape());
        pendingLosses.add(scalar);
    }

    /**
     * Takes the losses added since the last call ({@link #addLoss}, activity penalties) and clears them; models
     * call it after each forward pass. A layer that holds other layers (a model) adds theirs.
     *
     * @return a new list of scalar tensors, empty when there are none
     */
    public List<Tensor> takeLosses() {
        if (pendingLosses.isEmpty()) return new ArrayList<>(0);
        List<Tensor> l = pendingLosses;
        pendingLosses = new ArrayList<>();
        return l;
    }

    /**
     * Whether this layer's weights are trained (Keras' {@code layer.trainable}); true unless
     * {@link #setTrainable} froze it.
     *
     * @return the flag
     */
    public boolean isTrainable() {
        return trainable;
    }

    /**
     * Freezes (false) or unfreezes (true) this layer, built or not, as Keras' {@code layer.trainable = False}: a
     * frozen layer's weights get no gradient and no optimizer update, and a frozen batch normalization runs in
     * inference mode (its moving statistics are used and not updated), as in Keras. Weights that are state by
     * nature (moving statistics) stay non-trainable when unfrozen. Changes the receiver; a model passes it on to
     * all its layers. Compile again after changing it, as in Keras (here the optimizer simply skips frozen weights).
     *
     * @param trainable false to freeze
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Parameter p : parameters.values()) p.setTrainable(trainable);
    }

    /**
     * The current values of all weights, in {@link #parameters()} order, as copies (Keras' {@code get_weights}).
     *
     * @return a new list of new arrays; empty while unbuilt
     */
    public List<NDArray> getWeights() {
        List<NDArray> out = new ArrayList<>();
        for (Parameter p : parameters()) out.add(p.value().copy());
        return out;
    }

    /**
     * Sets all weights from arrays in {@link #parameters()} order (Keras' {@code set_weights}); the arrays are
     * copied in. Everything is checked before anything changes.
     *
     * @param weights one array per weight, of the weight's shape
     * @throws IllegalArgumentException if the number of arrays or a shape differs (the message names the weight and
     *     both shapes)
     */
    public void setWeights(List<NDArray> weights) {
        List<Parameter> ps = parameters();
        if (weights.size() != ps.size())
            throw new IllegalArgumentException(describe() + ": setWeights got " + weights.size() + " arrays for "
                    + ps.size() + " weights" + (isBuilt() ? "" : " (the layer is not built)"));
        for (int i = 0; i < ps.size(); i++)
            if (!weights.get(i).shape().equals(ps.get(i).shape()))
                throw new IllegalArgumentException(describe() + ": setWeights array " + i + " has shape "
                        + weights.get(i).shape() + ", weight '" + ps.get(i).name() + "' is "
                        + ps.get(i).shape());
        for (int i = 0; i < ps.size(); i++) ps.get(i).value().assign(weights.get(i));
    }

    /**
     * The states of the random sources this layer draws from during training (dropout masks, noise), by a key of
     * the layer's choosing, so that a saved model resumes with the draws an uninterrupted run would make; a model
     * prefixes its layers' names. Empty for layers that draw nothing after they are built (the default) and while
     * unbuilt.
     *
     * @return a new map
     */
    public Map<String, Rng.State> randomStates() {
        return new LinkedHashMap<>();
    }

    /**
     * Puts back states from {@link #randomStates()} of a layer of the same type and settings; keys this layer does
     * not have are an error, keys left out keep their current state.
     *
     * @param states the states by key
     * @throws IllegalArgumentException if a key is not one of this layer's
     * @throws IllegalStateException if the layer is not built
     */
    public void restoreRandomStates(Map<String, Rng.State> states) {
        if (!states.isEmpty())
            throw new IllegalArgumentException(describe() + " keeps no random state, got " + states.keySet());
    }

    /**
     * The weights keyed by their path within this layer: the weight's name for a plain layer ("kernel"); a model
     * prefixes its layers' names ("dense.kernel", "encoder.dense.kernel"). Saved files key weights by the top
     * model's paths.
     *
     * @return a new map, in {@link #parameters()} order
     */
    public Map<String, Parameter> namedWeights() {
        return new LinkedHashMap<>(parameters);
    }

    /**
     * {@link #config()} plus the regularizers and constraints set on this layer, as Keras names them
     * ("kernel_regularizer": "l2(0.01)", "activity_regularizer", "bias_constraint", ...): what models save.
     *
     * @return a new map: the config's entries, then the options' ({@link Regularizer#name()},
     *     {@link Constraint#name()})
     */
    public final Map<String, Object> savedConfig() {
        Map<String, Object> c = new LinkedHashMap<>(config());
        regularizers.forEach((k, r) -> c.put(k + "_regularizer", r.name()));
        if (activityRegularizer != null) c.put("activity_regularizer", activityRegularizer.name());
        constraints.forEach((k, r) -> c.put(k + "_constraint", r.name()));
        return c;
    }

    private void requireUnbuilt(String what) {
        if (inputShape != null)
            throw new IllegalStateException(
                    describe() + ": cannot change " + what + " of a built layer; set it before the first call");
    }

    /**
     * Registers a weight of a wrapped layer (a cell, or the layer inside a wrapper) under {@code key}, sharing
     * its tensor, so that models and optimizers see it as this layer's weight; called from {@link #create} after
     * building the inner layer. A regularizer or constraint set on this layer under {@code key} replaces the
     * wrapped weight's own.
     *
     * @param key the weight's name within this layer
     * @param shared the inner layer's weight
     * @return the new weight, sharing {@code shared}'s tensor
     * @throws IllegalStateException if a weight named {@code key} was already added
     */
    protected final Parameter addSharedWeight(String key, Parameter shared) {
        if (parameters.containsKey(key))
            throw new IllegalStateException(describe() + ": weight '" + key + "' added twice");
        // the wrapper's own regularizer/constraint for this key (e.g. LSTM(64).withKernelRegularizer) wins over the
        // wrapped one's
        Parameter p = new Parameter(
                key,
                shared,
                regularizers.getOrDefault(key, shared.regularizer()),
                constraints.getOrDefault(key, shared.constraint()));
        parameters.put(key, p);
        return p;
    }

    /**
     * All weights, trainable or not, in creation order.
     *
     * @return an unmodifiable list, empty while unbuilt
     */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /**
     * The number of scalar weights, trainable or not (Keras' {@code count_params}).
     *
     * @return the sum of the weights' sizes; 0 while unbuilt
     */
    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters()) n += p.size();
        return n;
    }

    /**
     * The type and name, for messages: "Dense 'dense_1'".
     *
     * @return the description
     */
    public String describe() {
        return type() + " '" + name() + "'";
    }

    /**
     * A per-sample shape written with its batch axis, for messages: "(batch, 28, 28, 1)".
     *
     * @param s a per-sample shape
     * @return the text
     */
    protected static String withBatch(Shape s) {
        return s.withLeading("batch");
    }

    private static String hint(Shape expected, Shape got) {
        if (expected.rank() == 1 && got.rank() > 1 && got.size() == expected.dim(0))
            return "; add a Flatten layer before it";
        return "; check the previous layer's output or the data's shape";
    }

    @Override
    public String toString() {
        return describe() + (isBuilt() ? " built for " + withBatch(inputShape) : " (not built)");
    }
}
