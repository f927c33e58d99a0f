package nabla.nn.recurrent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the sequence and merges the two outputs, as
 * Keras' {@code Bidirectional} (PyTorch's {@code bidirectional=True}): by concatenation (default; output
 * 2·units), sum, product or average. Input (batch, steps, features); output (batch, 2·units) or, with the wrapped
 * layer's returnSequences, (batch, steps, 2·units) for concatenation, units for the other modes. With
 * returnSequences the backward outputs are aligned with the input steps before merging. Weights are the two
 * layers' under "forward_" and "backward_" prefixes ("forward_kernel", "backward_recurrent_kernel", ...); the
 * two directions are initialized from different seeds. Masks apply to both directions and pass on with
 * returnSequences. Saved config keys: "layer" (the wrapped layer's "class_name" and "config") and "merge_mode".
 */
public final class Bidirectional extends Layer {
    /** How the two directions' outputs are combined (Keras' merge_mode). */
    public enum MergeMode {
        /** Concatenated along the last axis, forward first (Keras' default "concat"). */
        CONCAT,
        /** Added ("sum"). */
        SUM,
        /** Multiplied elementwise ("mul"). */
        MUL,
        /** Averaged ("ave"). */
        AVE;

        /**
         * The saved name.
         *
         * @return "concat", "sum", "mul" or "ave"
         */
        public String kerasName() {
            return name().toLowerCase();
        }

        /**
         * Looks up a mode by its Keras name.
         *
         * @param name "concat", "sum", "mul" or "ave"
         * @return the mode
         * @throws IllegalArgumentException for any other name
         */
        public static MergeMode byName(String name) {
            for (MergeMode m : values()) if (m.kerasName().equals(name)) return m;
            throw new IllegalArgumentException(
                    "Bidirectional: unknown merge_mode '" + name + "'; known: concat, sum, mul, ave");
        }
    }

    private Recurrent<?> forward;
    private Recurrent<?> backward;
    private final MergeMode mergeMode;

    /**
     * Concatenates the two directions.
     *
     * @param layer the unbuilt recurrent layer; it becomes the forward direction (renamed "forward_" + its name
     *     when built) and a copy with the opposite {@code goBackwards} the backward one
     * @throws IllegalArgumentException if {@code layer} is built
     * @throws NullPointerException if {@code layer} is null
     */
    public Bidirectional(Recurrent<?> layer) {
        this(layer, MergeMode.CONCAT);
    }

    /**
     * Merges the two directions by {@code mergeMode}.
     *
     * @param layer the unbuilt recurrent layer; it becomes the forward direction (renamed "forward_" + its name
     *     when built) and a copy with the opposite {@code goBackwards} the backward one
     * @param mergeMode how the outputs are combined
     * @throws IllegalArgumentException if {@code layer} is built
     * @throws NullPointerException if an argument is null
     */
    public Bidirectional(Recurrent<?> layer, MergeMode mergeMode) {
        Objects.requireNonNull(layer, "layer");
        if (layer.isBuilt())
            throw new IllegalArgumentException(
                    "Bidirectional: " + layer.describe() + " is already built; wrap a new layer");
        super();
        this.forward = layer;
        this.backward = layer.withGoBackwards(!layer.goBackwards());
        this.mergeMode = Objects.requireNonNull(mergeMode, "mergeMode");
    }

    /**
     * Rebuilds the layer from its saved {@link #config()}; {@code layers} rebuilds the wrapped layer from its type
     * and config (e.g. {@code LayerRegistry::fromConfig}).
     *
     * @param c the saved config: "layer" (required: "class_name" and "config"), "merge_mode" (default "concat")
     * @param layers builds a layer from its type and config
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown or missing, the merge mode is unknown, or the wrapped
     *     layer is not recurrent
     */
    public static Bidirectional fromConfig(ConfigMap c, BiFunction<String, Map<String, Object>, Layer> layers) {
        c.allowOnly("layer", "merge_mode");
        ConfigMap inner = new ConfigMap("Bidirectional layer config", c.map("layer"));
        Layer l = layers.apply(inner.string("class_name"), inner.map("config"));
        if (!(l instanceof Recurrent<?> r))
            throw new IllegalArgumentException(
                    "Bidirectional config: the wrapped layer must be recurrent, got " + l.type());
        return new Bidirectional(r, MergeMode.byName(c.string("merge_mode", "concat")));
    }

    @Override
    protected void copyInnerLayers() {
        forward = (Recurrent<?>) forward.copy();
        backward = (Recurrent<?>) backward.copy();
    }

    @Override
    protected void create(Shape in, Rng rng) {
        forward.named("forward_" + forward.name()).seeded(rng.nextLong());
        backward.named("backward_" + backward.name()).seeded(rng.nextLong());
        forward.build(in);
        backward.build(in);
        for (Parameter p : forward.parameters()) addSharedWeight("forward_" + p.name(), p);
        for (Parameter p : backward.parameters()) addSharedWeight("backward_" + p.name(), p);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return call(x, null, training);
    }

    @Override
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        Tensor f = forward.applyAligned(x, mask, training);
        Tensor b = backward.applyAligned(x, mask, training);
        return switch (mergeMode) {
            case CONCAT -> Ops.concat(-1, List.of(f, b));
            case SUM -> f.add(b);
            case MUL -> f.mul(b);
            case AVE -> f.add(b).mul(0.5f);
        };
    }

    /**
     * The input's mask when the wrapped layer returns sequences, otherwise none.
     *
     * @param x the input batch
     * @param mask the input's mask, or null
     * @return {@code mask} with returnSequences, otherwise null
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return forward.returnSequences() ? mask : null;
    }

    @Override
    public Shape outputShape(Shape in) {
        Shape s = forward.outputShape(in);
        return mergeMode == MergeMode.CONCAT ? s.with(-1, 2 * s.last()) : s;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class_name", forward.type());
        inner.put("config", forward.config());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("layer", inner);
        c.put("merge_mode", mergeMode.kerasName());
        return c;
    }

    /**
     * The two directions' dropout states, under "forward.dropout" and "backward.dropout".
     *
     * @return a new map
     */
    @Override
    public Map<String, Rng.State> randomStates() {
        Map<String, Rng.State> m = new java.util.LinkedHashMap<>();
        forward.randomStates().forEach((k, v) -> m.put("forward." + k, v));
        backward.randomStates().forEach((k, v) -> m.put("backward." + k, v));
        return m;
    }

    /**
     * Continues both directions from saved states.
     *
     * @param states the states by key ("forward.dropout", "backward.dropout")
     * @throws IllegalArgumentException for another key
     * @throws IllegalStateException if the layer is not built
     */
    @Override
    public void restoreRandomStates(Map<String, Rng.State> states) {
        Map<String, Rng.State> f = new java.util.LinkedHashMap<>(), b = new java.util.LinkedHashMap<>();
        states.forEach((k, v) -> {
            if (k.startsWith("forward.")) f.put(k.substring(8), v);
            else if (k.startsWith("backward.")) b.put(k.substring(9), v);
            else throw new IllegalArgumentException(describe() + ": no random state '" + k + "'");
        });
        forward.restoreRandomStates(f);
        backward.restoreRandomStates(b);
    }
}
