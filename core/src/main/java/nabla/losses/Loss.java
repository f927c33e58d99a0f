package nabla.losses;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import nabla.autograd.Activation;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;

/**
 * A loss: the mean over the batch of a per-sample error between targets and predictions, as a Keras loss with
 * the default {@code "sum_over_batch_size"} reduction. {@link #compute} checks the shapes and calls
 * {@link #call}; {@link #compute(NDArray, Tensor, NDArray)} weights each sample (Keras' {@code sample_weight}).
 *
 * <p><b>Logits.</b> The cross-entropies compute themselves from logits, which is exact for any logit and runs
 * as one fused op ({@code nabla.autograd.NNOps}): automatically when the predictions are a softmax (over the last
 * axis) or sigmoid output that remembers its logits ({@link Tensor#logits()}, as Keras 3's
 * {@code _keras_logits}; the categorical losses take softmax, the binary one sigmoid, see {@link #fusesWith}), in
 * training and evaluation alike, wherever the output comes from; and always when built with
 * {@code fromLogits = true} (Keras' {@code from_logits=True}), for predictions that are the logits themselves
 * (a linear output layer). {@link #fromLogits(NDArray, Tensor)} is the logits form called directly.
 *
 * <p><b>Sample weights.</b> With weights w (one per sample, non-negative), the loss is
 * {@code Σ_i w_i·loss_i / batch}, where loss_i is sample i's loss: for losses over extra axes (batch, steps,
 * features) the mean over its non-batch axes, so that the unweighted loss is the batch mean of the loss_i. Weights
 * of 1 give the unweighted loss. {@link #classWeights} turns Keras' {@code class_weight} into such weights.
 *
 * <p><b>Custom losses.</b> Extend this class and override {@link #call} (the batch mean, a scalar tensor) or
 * {@link #perSample} (one value per sample, shape (batch)), or both (the other is derived from the one given:
 * {@code call} as the mean of {@code perSample}, {@code perSample} by calling {@code call} on each sample, which
 * is slower), plus {@link #name()} and, when it has settings, {@link #config()}. Override {@link #checkShapes}
 * for targets of another shape than the predictions. To load a model saved with it, register a factory under its
 * name before loading, as Keras' {@code register_keras_serializable}:
 *
 * <pre>{@code
 * final class ScaledMse extends Loss {
 *     private final float scale;
 *
 *     ScaledMse(float scale) {
 *         this.scale = scale;
 *     }
 *
 *     protected Tensor perSample(NDArray yTrue, Tensor yPred) {
 *         Tensor d = yPred.sub(Tensor.of(yTrue));
 *         return d.mul(d).mean(false, 1).mul(scale); // (batch, features) to (batch)
 *     }
 *
 *     public String name() {
 *         return "scaled_mse";
 *     }
 *
 *     public Map<String, Object> config() {
 *         return Map.of("scale", (double) scale);
 *     }
 * }
 *
 * Loss.register("scaled_mse", c -> new ScaledMse(((Number) c.getOrDefault("scale", 1.0)).floatValue()));
 * }</pre>
 *
 * <p>The losses of this package are immutable and keep no state between calls, so one instance may serve several
 * models and threads.
 * Targets are plain arrays (they get no gradient); predictions are tensors, batch axis first.
 */
public abstract class Loss {
    /** The names {@link #fromConfig} knows without registration. */
    private static final Set<String> BUILT_IN = Set.of(
            "mse",
            "mean_squared_error",
            "mae",
            "mean_absolute_error",
            "huber",
            "huber_loss",
            "categorical_crossentropy",
            "sparse_categorical_crossentropy",
            "binary_crossentropy");

    private static final ConcurrentMap<String, Function<Map<String, Object>, Loss>> REGISTERED =
            new ConcurrentHashMap<>();

    /** Whether a class overrides {@code call} and {@code perSample}, looked up once per class. */
    private static final ClassValue<boolean[]> OVERRIDES = new ClassValue<>() {
        @Override
        protected boolean[] computeValue(Class<?> c) {
            return new boolean[] {declares(c, "call"), declares(c, "perSample")};
        }
    };

    /** Constructor for subclasses. */
    public Loss() {}

    /**
     * The loss on a batch, as a scalar tensor to call {@link Tensor#backward()} on. From the logits when this loss
     * is {@link #fromLogits() from logits}, or when {@code yPred} carries {@link Tensor#logits()} of an activation
     * this loss {@link #fusesWith} (the gradient then flows into the logits directly); from the predictions
     * ({@link #call}) otherwise.
     *
     * @param yTrue the targets, batch axis first
     * @param yPred the predictions, batch axis first (the same shape, unless the loss says otherwise)
     * @return the mean loss over the batch, a scalar tensor
     * @throws IllegalArgumentException when the shapes do not fit ({@link #checkShapes}) or a target is invalid
     *     for the loss (e.g. a label that is not a class index)
     * @throws UnsupportedOperationException for a custom loss that overrides neither {@link #call} nor
     *     {@link #perSample}
     */
    public final Tensor compute(NDArray yTrue, Tensor yPred) {
        checkShapes(yTrue, yPred);
        Tensor logits = logitsFor(yPred);
        return logits != null ? fromLogits(yTrue, logits) : call(yTrue, yPred);
    }

    /**
     * The loss on a batch with a weight per sample, as Keras' {@code loss(y_true, y_pred, sample_weight)} with
     * the {@code sum_over_batch_size} reduction: {@code Σ_i w_i·loss_i / batch} (divided by the batch size, not by
     * the sum of the weights), loss_i being sample i's loss (its mean over the non-batch axes). Logits are used as
     * by {@link #compute(NDArray, Tensor)}, through the weighted fused ops.
     *
     * @param yTrue the targets, batch axis first
     * @param yPred the predictions, batch axis first
     * @param sampleWeight one finite weight &gt;= 0 per sample, shape (batch,) or (batch, 1); null for none, which
     *     is exactly {@link #compute(NDArray, Tensor)}
     * @return the weighted mean loss over the batch, a scalar tensor
     * @throws IllegalArgumentException when the shapes do not fit, a target is invalid, the weights have another
     *     shape (the message names both shapes) or a weight is negative or not finite
     * @throws UnsupportedOperationException for a custom loss that fuses with an activation but does not override
     *     {@link #weightedFromLogits}, or that overrides neither {@link #call} nor {@link #perSample}
     */
    public final Tensor compute(NDArray yTrue, Tensor yPred, NDArray sampleWeight) {
        if (sampleWeight == null) return compute(yTrue, yPred);
        checkShapes(yTrue, yPred);
        int batch = checkSampleWeight(sampleWeight, yPred);
        Tensor logits = logitsFor(yPred);
        if (logits != null) return weightedFromLogits(yTrue, logits, sampleWeight.reshape(batch));
        Tensor e = elementwise(yTrue, yPred);
        if (e != null) {
            if (e.rank() == 0 || e.dim(0) != batch)
                throw new IllegalArgumentException(
                        name() + ": sample weights need predictions (batch, ...), got " + yPred.shape());
            int[] dims = new int[e.rank()];
            Arrays.fill(dims, 1);
            dims[0] = batch;
            return e.mul(Tensor.of(sampleWeight.reshape(dims))).mean();
        }
        Tensor per = perSample(yTrue, yPred);
        if (per.rank() != 1 || per.dim(0) != batch)
            throw new IllegalStateException(name() + ": perSample returned " + per.shape() + ", expected (" + batch
                    + ",) for predictions " + yPred.shape());
        return per.mul(Tensor.of(sampleWeight.reshape(batch))).mean();
    }

    /**
     * The batch size after checking that {@code w} has one finite, non-negative weight per sample of {@code yPred}.
     */
    private int checkSampleWeight(NDArray w, Tensor yPred) {
        int batch = yPred.rank() == 0 ? -1 : yPred.dim(0);
        boolean fits = batch >= 0 && (w.rank() == 1 || (w.rank() == 2 && w.dim(1) == 1)) && w.dim(0) == batch;
        if (!fits)
            throw new IllegalArgumentException(name() + ": sample weights " + w.shape() + " do not fit predictions "
                    + yPred.shape() + "; expected one weight per sample, shape (" + (batch < 0 ? "batch" : batch)
                    + ",)");
        float[] d = w.toArray();
        for (int i = 0; i < d.length; i++)
            if (!(d[i] >= 0) || !Float.isFinite(d[i]))
                throw new InvalidRowException(
                        name() + ": sample weight " + d[i] + " ",
                        i,
                        " is negative or not finite; weights must be finite and >= 0");
        return batch;
    }

    /** The logits to compute the loss from (yPred itself for a from-logits loss), or null to use the predictions. */
    private Tensor logitsFor(Tensor yPred) {
        if (fromLogits()) return yPred;
        Tensor logits = yPred.logits();
        return logits != null && fusesWith(yPred.logitsActivation()) ? logits : null;
    }

    /**
     * The loss on a batch whose shapes {@link #checkShapes} accepted, from the predictions (not logits); what
     * subclasses implement. Here the mean of {@link #perSample}, for losses that override that instead.
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @return the loss, a scalar tensor
     * @throws UnsupportedOperationException when the subclass overrides neither this method nor
     *     {@link #perSample}
     */
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        Tensor e = elementwise(yTrue, yPred);
        if (e != null) return e.mean();
        if (!OVERRIDES.get(getClass())[1])
            throw new UnsupportedOperationException(
                    getClass().getName() + " (loss " + name() + ") must override call or perSample");
        return perSample(yTrue, yPred).mean();
    }

    /**
     * The loss of each sample, shape (batch): for predictions with more than one axis, the mean over the non-batch
     * axes, so that its mean is {@link #call}. {@link #compute(NDArray, Tensor, NDArray)} weights it. Here: the
     * built-in losses reduce their elementwise loss; other losses call {@link #call} on each sample as a batch of
     * one (override this method to do better).
     *
     * @param yTrue the targets, shapes checked by {@link #checkShapes}
     * @param yPred the predictions (batch, ...)
     * @return the per-sample losses, shape (batch)
     * @throws UnsupportedOperationException when the subclass overrides neither this method nor {@link #call}
     */
    protected Tensor perSample(NDArray yTrue, Tensor yPred) {
        Tensor e = elementwise(yTrue, yPred);
        if (e != null) return e.rank() <= 1 ? e : e.reshape(e.dim(0), -1).mean(false, 1);
        if (!OVERRIDES.get(getClass())[0])
            throw new UnsupportedOperationException(
                    getClass().getName() + " (loss " + name() + ") must override call or perSample");
        int batch = yPred.dim(0);
        List<Tensor> rows = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++)
            rows.add(call(yTrue.slice(0, i, i + 1), yPred.slice(0, i, i + 1)).reshape());
        return Ops.stack(0, rows);
    }

    /**
     * The built-in losses' unreduced loss from the predictions: a tensor (batch, ...) whose mean over all elements
     * is {@link #call}, and whose mean over the non-batch axes is {@link #perSample}; null for other losses.
     */
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        return null;
    }

    private static boolean declares(Class<?> c, String method) {
        for (; c != Loss.class; c = c.getSuperclass()) {
            try {
                if (c.getDeclaredMethod(method, NDArray.class, Tensor.class) != null) return true;
            } catch (NoSuchMethodException e) {
                // look further up
            }
        }
        return false;
    }

    /**
     * The Keras name, e.g. "categorical_crossentropy", as saved with a compiled model and read by
     * {@link #fromConfig}.
     *
     * @return the name
     */
    public abstract String name();

    /**
     * Whether this loss takes logits as predictions (Keras' {@code from_logits=True}): {@link #compute} then
     * applies {@link #fromLogits(NDArray, Tensor)} to them. False here and by default; the cross-entropies have a
     * constructor to set it.
     *
     * @return true when the predictions are logits
     */
    public boolean fromLogits() {
        return false;
    }

    /**
     * True when this loss can be computed from the logits of an output ending in {@code activation}; false here.
     * {@link #compute} uses it for predictions that carry {@link Tensor#logits()}.
     *
     * @param activation the output's activation, possibly null
     * @return whether {@link #fromLogits} applies
     */
    public boolean fusesWith(Activation activation) {
        return false;
    }

    /**
     * The loss computed from logits, for an activation that {@link #fusesWith} accepts: equal to
     * {@code compute(yTrue, activation(logits))} without the clipping of probabilities, and exact for any logit.
     *
     * @param yTrue the targets
     * @param logits the output layer's values before its activation
     * @return the mean loss over the batch, a scalar tensor
     * @throws UnsupportedOperationException here, for losses that do not fuse with any activation
     */
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        throw new UnsupportedOperationException(name() + " cannot be computed from logits");
    }

    /**
     * {@link #fromLogits(NDArray, Tensor)} with a weight per sample: {@code Σ_i w_i·loss_i / batch}. Losses that
     * fuse with an activation override it (the cross-entropies run the weighted fused ops).
     *
     * @param yTrue the targets, shapes checked
     * @param logits the logits (batch, ...)
     * @param sampleWeight the checked weights, shape (batch)
     * @return the weighted mean loss, a scalar tensor
     * @throws UnsupportedOperationException here
     */
    protected Tensor weightedFromLogits(NDArray yTrue, Tensor logits, NDArray sampleWeight) {
        throw new UnsupportedOperationException(name() + " cannot be computed from logits with sample weights");
    }

    /**
     * Checks that the targets fit the predictions: here, that the shapes are equal. Losses with other target
     * shapes (sparse labels) override it.
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @throws IllegalArgumentException when they do not fit; the message names both shapes and the losses to use
     *     for class indices or one-hot targets
     */
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        if (!yTrue.shape().equals(yPred.shape()))
            throw new IllegalArgumentException(
                    name() + ": targets " + yTrue.shape() + " and predictions " + yPred.shape()
                            + " differ; for class indices use sparse_categorical_crossentropy, for one-hot targets categorical_crossentropy");
    }

    /**
     * The loss's settings besides its name (Huber's delta, the cross-entropies' {@code "from_logits": true} when
     * set), as saved with a compiled model; empty for most.
     *
     * @return the settings, by Keras argument name; an unmodifiable map
     */
    public Map<String, Object> config() {
        return Map.of();
    }

    /**
     * The per-sample weights of Keras' {@code class_weight}: each sample weighs what its class does, 1 for a class
     * missing from the map. The class of a sample is its class index for labels (batch,) or (batch, 1) (0/1
     * labels of a binary classifier included), and the argmax (first on ties) of its row for one-hot targets
     * (batch, classes). Pass the result to {@link #compute(NDArray, Tensor, NDArray)}, multiplied by any sample
     * weights.
     *
     * @param yTrue the targets: class indices (batch,) or (batch, 1), or one-hot (batch, classes)
     * @param classWeights the weight of each class by index; each finite and &gt;= 0; not modified
     * @return the weights, shape (batch)
     * @throws IllegalArgumentException when a label is not an integer &gt;= 0 (the message names it and its row),
     *     the targets have another shape, or a class weight is negative or not finite
     * @throws NullPointerException when {@code classWeights} is null or holds a null key or weight
     */
    public static NDArray classWeights(NDArray yTrue, Map<Integer, Float> classWeights) {
        for (Map.Entry<Integer, Float> e : classWeights.entrySet()) {
            Objects.requireNonNull(e.getKey(), "class weights: null class");
            float v = Objects.requireNonNull(e.getValue(), "class weights: null weight");
            if (!(v >= 0) || !Float.isFinite(v))
                throw new IllegalArgumentException("class weights: the weight " + v + " of class " + e.getKey()
                        + " is negative or not finite; weights must be finite and >= 0");
        }
        int rank = yTrue.rank();
        if (rank == 0 || rank > 2)
            throw new IllegalArgumentException("class weights: expected targets (batch,), (batch, 1) or one-hot "
                    + "(batch, classes), got " + yTrue.shape());
        int batch = yTrue.dim(0), cols = rank == 2 ? yTrue.dim(1) : 1;
        float[] t = yTrue.toArray(), w = new float[batch];
        for (int r = 0; r < batch; r++) {
            int c;
            if (cols > 1) {
                c = 0;
                for (int j = 1; j < cols; j++) if (t[r * cols + j] > t[r * cols + c]) c = j;
            } else {
                float v = t[r];
                c = (int) v;
                if (c != v || c < 0)
                    throw new IllegalArgumentException(
                            "class weights: label " + v + " at row " + r + " is not a class index (an integer >= 0)");
            }
            w[r] = classWeights.getOrDefault(c, 1f);
        }
        return NDArray.of(w, batch);
    }

    /**
     * Registers a custom loss under {@code name}, so that {@link #byName} and {@link #fromConfig} (and so loading a
     * model saved with it) find it, as Keras' {@code register_keras_serializable}. The name should be what the
     * loss's {@link #name()} returns, which is what a compiled model saves. The registry is global and
     * thread-safe; registering the same factory again under the same name does nothing.
     *
     * @param name the name; not one of the built-in names
     * @param factory makes the loss from its saved {@link #config()} (an unmodifiable map, empty for
     *     {@link #byName}); it checks the settings itself
     * @throws IllegalArgumentException when {@code name} is empty, a built-in name, or already registered with
     *     another factory
     * @throws NullPointerException when an argument is null
     */
    public static void register(String name, Function<Map<String, Object>, Loss> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        if (name.isEmpty()) throw new IllegalArgumentException("Loss.register: the name is empty");
        if (BUILT_IN.contains(name))
            throw new IllegalArgumentException("Loss.register: '" + name + "' is the name of a built-in loss");
        Function<Map<String, Object>, Loss> before = REGISTERED.putIfAbsent(name, factory);
        if (before != null && !before.equals(factory))
            throw new IllegalArgumentException(
                    "Loss.register: '" + name + "' is already registered with another factory");
    }

    /**
     * Looks a loss up by its Keras name, with default settings: "mse" / "mean_squared_error", "mae" /
     * "mean_absolute_error", "huber" / "huber_loss", "categorical_crossentropy",
     * "sparse_categorical_crossentropy", "binary_crossentropy", or a name given to {@link #register}.
     *
     * @param name the Keras name
     * @return a new loss
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones and says to register
     *     custom losses)
     */
    public static Loss byName(String name) {
        return fromConfig(name, Map.of());
    }

    /**
     * The loss {@code name} with the settings of {@link #config()}; unknown names and settings are errors. Settings
     * left out take their defaults. The cross-entropies take {@code "from_logits"} (a boolean), Huber
     * {@code "delta"} (a number); a registered loss gets the settings passed to its factory.
     *
     * @param name the Keras name, as for {@link #byName}
     * @param config the settings, e.g. {@code {"delta": 2.0}} for Huber; not modified
     * @return a new loss
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones and says to register
     *     custom losses with {@link #register} before loading), an unknown setting, or a setting of the wrong type
     *     or value
     * @throws NullPointerException when a registered factory returns null
     */
    public static Loss fromConfig(String name, Map<String, Object> config) {
        if (!BUILT_IN.contains(name)) {
            Function<Map<String, Object>, Loss> f = REGISTERED.get(name);
            if (f == null) {
                Set<String> custom = new TreeSet<>(REGISTERED.keySet());
                throw new IllegalArgumentException("unknown loss '" + name
                        + "'; known: mse, mae, huber, categorical_crossentropy, sparse_categorical_crossentropy, "
                        + "binary_crossentropy" + (custom.isEmpty() ? "" : ", registered: " + String.join(", ", custom))
                        + ". A custom loss must be registered with Loss.register(\"" + name
                        + "\", factory) before a model that uses it is loaded");
            }
            return Objects.requireNonNull(
                    f.apply(Collections.unmodifiableMap(new HashMap<>(config))),
                    () -> "the factory registered for loss '" + name + "' returned null");
        }
        Map<String, Object> c = new HashMap<>(config);
        Loss loss = switch (name) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "huber", "huber_loss" -> {
                Object d = c.remove("delta");
                if (d != null && !(d instanceof Number))
                    throw new IllegalArgumentException("loss huber: delta must be a number, got " + d);
                yield d == null ? new Huber() : new Huber(((Number) d).floatValue());
            }
            case "categorical_crossentropy" -> new CategoricalCrossEntropy(fromLogitsSetting(name, c));
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossEntropy(fromLogitsSetting(name, c));
            case "binary_crossentropy" -> new BinaryCrossEntropy(fromLogitsSetting(name, c));
            default -> throw new AssertionError(name);
        };
        if (!c.isEmpty()) throw new IllegalArgumentException("loss " + name + ": unknown settings " + c.keySet());
        return loss;
    }

    /** Takes "from_logits" out of {@code c}: false when absent, else it must be a boolean. */
    private static boolean fromLogitsSetting(String name, Map<String, Object> c) {
        Object v = c.remove("from_logits");
        if (v == null) return false;
        if (!(v instanceof Boolean b))
            throw new IllegalArgumentException("loss " + name + ": from_logits must be a boolean, got " + v);
        return b;
    }

    /** The settings of a cross-entropy: {"from_logits": true} when set, else none. */
    static Map<String, Object> fromLogitsConfig(boolean fromLogits) {
        return fromLogits ? Map.of("from_logits", true) : Map.of();
    }

    /**
     * The loss's name.
     *
     * @return {@link #name()}
     */
    @Override
    public String toString() {
        return name();
    }
}
