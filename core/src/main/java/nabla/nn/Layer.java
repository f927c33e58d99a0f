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
public abstract class Layer {
    private String name;
    private Shape inputShape;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private long seed = 0x5EEDL;
    private final Map<String, Regularizer> regularizers = new LinkedHashMap<>();
    private final Map<String, Constraint> constraints = new LinkedHashMap<>();
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
     * Adds {@code r}'s penalty of the weight {@code key} ("kernel", "bias", "alpha", ...) to the training loss.
     * Set before the layer is built; works for any layer that creates a weight of that name.
     */
    public Layer withRegularizer(String key, Regularizer r) {
        requireUnbuilt("a regularizer");
        regularizers.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(r, "regularizer"));
        return this;
    }

    /** Applies {@code c} to the weight {@code key} after every optimizer step. Set before the layer is built. */
    public Layer withConstraint(String key, Constraint c) {
        requireUnbuilt("a constraint");
        constraints.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(c, "constraint"));
        return this;
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

    /** Keras' {@code activity_regularizer}: adds {@code r}'s penalty of this layer's output on every call. */
    public Layer withActivityRegularizer(Regularizer r) {
        this.activityRegularizer = Objects.requireNonNull(r, "regularizer");
        return this;
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
        if (inputShape != null) throw new IllegalStateException(describe() + ": cannot add " + what + " to a built layer; set it before the first call");
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
