package nabla.nn;

import nabla.nn.core.Embedding;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Initializer;
import nabla.nn.weights.Regularizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A layer: state (parameters) plus a computation, built lazily from the shape of its first input (as Keras'
 * {@code build}). Shapes given to {@link #build} and {@link #outputShape} exclude the batch axis.
 * Subclasses implement {@code build}, {@code call}, {@code outputShape} and {@code config}; users call
 * {@link #apply}.
 */
public abstract class Layer implements Cloneable {
    private String name;
    private Shape inputShape;
    private Map<String, Parameter> parameters = new LinkedHashMap<>();
    private long seed = 0x5EEDL;
    private Map<String, Regularizer> regularizers = new LinkedHashMap<>();
    private Map<String, Constraint> constraints = new LinkedHashMap<>();
    private Regularizer activityRegularizer;
    private Tensor activityLoss;

    protected Layer() {}

    /** The layer type as saved in configurations (Keras' class name, e.g. "Dense"). */
    public String type() {
        return getClass().getSimpleName();
    }

    /** The name given by the user or assigned by the model ("dense_1"); the type in lower case if neither. */
    public String name() {
        return name != null ? name : type().toLowerCase();
    }

    /** Sets the name (before the layer is added to a model, or by the model itself). */
    public Layer named(String name) {
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    /** True when a name was set (by the user or a model), false while it is the default. */
    public boolean hasName() {
        return name != null;
    }

    /** Seeds this layer's weight initialization; models derive a seed per layer from their own. */
    public Layer seeded(long seed) {
        this.seed = seed;
        return this;
    }

    /** True once the weights exist. */
    public boolean isBuilt() {
        return inputShape != null;
    }

    /** The per-sample input shape this layer was built for, or null. */
    public Shape inputShape() {
        return inputShape;
    }

    /**
     * Applies the layer to a batch {@code x} of shape (batch, ...). On first use builds the weights for x's
     * per-sample shape; afterwards checks that later inputs match it.
     */
    public final Tensor apply(Tensor x, boolean training) {
        return apply(x, null, training);
    }

    /**
     * As {@link #apply(Tensor, boolean)} with a mask (batch, steps): nonzero for real time steps, zero for padding
     * (as made by {@code Embedding(maskZero)}), or null. Layers that do not use masks ignore it.
     */
    public final Tensor apply(Tensor x, NDArray mask, boolean training) {
        if (x.rank() < 1) throw new IllegalArgumentException(describe() + ": expected a batch of inputs, got a scalar");
        Shape sample = x.shape().dropFirst();
        if (inputShape == null) build(sample);
        else if (!inputShape.equals(sample))
            throw new IllegalArgumentException(describe() + ": expected input " + withBatch(inputShape) + ", got " + x.shape() + hint(inputShape, sample));
        Tensor y = mask == null ? call(x, training) : call(x, mask, training);
        if (activityRegularizer != null) activityLoss = activityRegularizer.penalty(y);
        return y;
    }

    /** The computation with a mask; the default ignores the mask. */
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        return call(x, training);
    }

    /**
     * The mask of this layer's output, from its input and the input's mask (Keras' {@code compute_mask}); null
     * by default, so a mask stops at layers that do not handle it. Models call it before {@link #apply}.
     */
    public NDArray computeMask(Tensor x, NDArray mask) {
        return null;
    }

    /** Builds for a per-sample input shape without data (used by models to infer shapes, e.g. summary()). */
    public final void build(Shape sampleShape) {
        if (inputShape != null) {
            if (!inputShape.equals(sampleShape))
                throw new IllegalArgumentException(describe() + ": already built for input " + withBatch(inputShape) + ", cannot rebuild for " + withBatch(sampleShape));
            return;
        }
        Rng rng = new Rng(seed);
        create(sampleShape, rng);
        inputShape = sampleShape;
    }

    /** Creates the weights for a per-sample input shape, validating it (one-sentence errors via {@link #describe()}). */
    protected abstract void create(Shape sampleShape, Rng rng);

    /** The computation, on a batch. */
    protected abstract Tensor call(Tensor x, boolean training);

    /** The per-sample output shape for a per-sample input shape. */
    public abstract Shape outputShape(Shape sampleShape);

    /** Constructor arguments as JSON-friendly values (numbers, strings, booleans, lists); see {@code nabla.io}. */
    public abstract Map<String, Object> config();

    /** Registers a weight; called from {@link #create}. */
    protected final Parameter addWeight(String key, Shape shape, Initializer init, Rng rng, boolean trainable) {
        if (parameters.containsKey(key)) throw new IllegalStateException(describe() + ": weight '" + key + "' added twice");
        Parameter p = new Parameter(key, init.create(shape, rng), trainable, regularizers.get(key), constraints.get(key));
        parameters.put(key, p);
        return p;
    }

    /**
     * A copy that adds {@code r}'s penalty of the weight {@code key} ("kernel", "bias", "alpha", ...) to the
     * training loss; works for any layer that creates a weight of that name. Like every {@code withX} method it
     * returns a new, unbuilt layer and leaves this one unchanged.
     */
    public Layer withRegularizer(String key, Regularizer r) {
        requireUnbuilt("a regularizer");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(r, "regularizer");
        Layer c = copy();
        c.regularizers.put(key, r);
        return c;
    }

    /** A copy that applies {@code c} to the weight {@code key} after every optimizer step. */
    public Layer withConstraint(String key, Constraint c) {
        requireUnbuilt("a constraint");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(c, "constraint");
        Layer l = copy();
        l.constraints.put(key, c);
        return l;
    }

    /** Keras' {@code kernel_regularizer}. */
    public Layer withKernelRegularizer(Regularizer r) {
        return withRegularizer("kernel", r);
    }

    /** Keras' {@code bias_regularizer}. */
    public Layer withBiasRegularizer(Regularizer r) {
        return withRegularizer("bias", r);
    }

    /** Keras' {@code kernel_constraint}. */
    public Layer withKernelConstraint(Constraint c) {
        return withConstraint("kernel", c);
    }

    /** Keras' {@code bias_constraint}. */
    public Layer withBiasConstraint(Constraint c) {
        return withConstraint("bias", c);
    }

    /** Keras' {@code activity_regularizer}: a copy that adds {@code r}'s penalty of the output on every call. */
    public Layer withActivityRegularizer(Regularizer r) {
        requireUnbuilt("an activity regularizer");
        Objects.requireNonNull(r, "regularizer");
        Layer c = copy();
        c.activityRegularizer = r;
        return c;
    }

    /**
     * An unbuilt copy of this unbuilt layer with the same settings, the layer's own and those set on every layer
     * (name, seed, regularizers, constraints): what the {@code withX} methods start from. It is a field-by-field
     * copy; a layer that holds other layers (a cell, a wrapped layer) overrides {@link #copyInnerLayers} so that
     * the copy does not share them.
     *
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
        c.activityLoss = null;
        c.copyInnerLayers();
        return c;
    }

    /** Called on a fresh {@link #copy()}: replaces the layers this one holds by copies of them. None by default. */
    protected void copyInnerLayers() {}

    /**
     * {@code fresh} (a newly constructed layer of changed settings, as a subclass's {@code withX} makes it) with
     * this layer's name, seed, regularizers, constraints and activity regularizer, so that a {@code withX} call
     * keeps what was set before it.
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

    /** The activity penalty of the last call, cleared by this call (models add it to the loss); null if none. */
    public Tensor takeActivityLoss() {
        Tensor t = activityLoss;
        activityLoss = null;
        return t;
    }

    /**
     * {@link #config()} plus the regularizers and constraints set on this layer, as Keras names them
     * ("kernel_regularizer": "l2(0.01)", "activity_regularizer", "bias_constraint", ...): what models save.
     */
    public final Map<String, Object> savedConfig() {
        Map<String, Object> c = new LinkedHashMap<>(config());
        regularizers.forEach((k, r) -> c.put(k + "_regularizer", r.name()));
        if (activityRegularizer != null) c.put("activity_regularizer", activityRegularizer.name());
        constraints.forEach((k, r) -> c.put(k + "_constraint", r.name()));
        return c;
    }

    private void requireUnbuilt(String what) {
        if (inputShape != null) throw new IllegalStateException(describe() + ": cannot change " + what + " of a built layer; set it before the first call");
    }

    /** Registers a weight of a wrapped layer (a cell, or the layer inside a wrapper) under {@code key}, sharing its value. */
    protected final Parameter addSharedWeight(String key, Parameter shared) {
        if (parameters.containsKey(key)) throw new IllegalStateException(describe() + ": weight '" + key + "' added twice");
        // the wrapper's own regularizer/constraint for this key (e.g. LSTM(64).withKernelRegularizer) wins over the wrapped one's
        Parameter p = new Parameter(key, shared, regularizers.getOrDefault(key, shared.regularizer()), constraints.getOrDefault(key, shared.constraint()));
        parameters.put(key, p);
        return p;
    }

    /** All weights in creation order. */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(parameters.values()));
    }

    /** Number of scalar weights (trainable or not). */
    public int parameterCount() {
        int n = 0;
        for (Parameter p : parameters.values()) n += p.size();
        return n;
    }

    /** "Dense 'dense_1'", for messages. */
    public String describe() {
        return type() + " '" + name() + "'";
    }

    protected static String withBatch(Shape s) {
        return s.withLeading("batch");
    }

    private static String hint(Shape expected, Shape got) {
        if (expected.rank() == 1 && got.rank() > 1 && got.size() == expected.dim(0)) return "; add a Flatten layer before it";
        return "; check the previous layer's output or the data's shape";
    }

    @Override
    public String toString() {
        return describe() + (isBuilt() ? " built for " + withBatch(inputShape) : " (not built)");
    }
}
