package nabla.nn.recurrent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * The sequence wrapper of a {@link RecurrentCell} (Keras' {@code RNN}), the base of {@link SimpleRNN},
 * {@link LSTM} and {@link GRU}: input (batch, steps, features), output (batch, units), the last step's h, or
 * (batch, steps, units) with {@code returnSequences} (for stacking). Initial states are zeros. Options as Keras:
 * {@code goBackwards} (the sequence runs last to first; with returnSequences the output is in that reversed
 * order, as Keras), {@code dropout} on the inputs and {@code recurrentDropout} on the state where it enters the
 * recurrent product (one mask per sequence, training only, from the layer's seed, scaled by 1/(1−p)).
 *
 * <p>Masks (from {@code Embedding(maskZero)}) skip padded steps: the state is carried through unchanged and the
 * sequence output is zero there, so a padded batch gives the outputs and gradients of the unpadded sequences.
 * The mask passes on only with returnSequences.
 *
 * <p>Keras' {@code return_state}: {@link #applyWithState} returns the output and the final states (h, and c
 * for LSTM) and accepts initial states; {@link #apply} returns the output alone.
 *
 * <p>Weights are the cell's, under the cell's names (kernel, recurrent_kernel, bias, ...); a regularizer or
 * constraint set on this layer for one of those names applies to the cell's weight. Saved config keys: the
 * cell's, plus "return_sequences", "go_backwards", "dropout", "recurrent_dropout". The {@code withX} methods
 * return an unbuilt copy rebuilt from the changed config, keeping name, seed and options, and leave the receiver
 * unchanged.
 *
 * @param <T> the concrete layer, which the {@code withX} methods return
 */
public abstract class Recurrent<T extends Recurrent<T>> extends Layer {
    /**
     * An output and the final states (Keras' {@code return_state=True}).
     *
     * @param output the layer's output: (batch, units), or (batch, steps, units) with returnSequences
     * @param states the final states, h first (LSTM adds c), each (batch, units) (unmodifiable)
     */
    public record Output(Tensor output, List<Tensor> states) {
        /**
         * Copies the states.
         *
         * @throws NullPointerException if {@code states} or one of its elements is null
         */
        public Output {
            states = List.copyOf(states);
        }
    }

    /** The cell that computes each step; replaced by a copy in copies of this layer, built with this layer. */
    protected RecurrentCell cell;

    private final boolean returnSequences, goBackwards;
    private final float dropout, recurrentDropout;
    private Rng dropoutRng;

    /**
     * For subclasses: a sequence layer over {@code cell}.
     *
     * @param cell the unbuilt cell (this layer builds it, for the input's feature size)
     * @param returnSequences whether the output holds every step (Keras' {@code return_sequences})
     * @param goBackwards whether to run from the last step to the first (Keras' {@code go_backwards})
     * @param dropout the drop rate of the inputs, in [0, 1) (training only)
     * @param recurrentDropout the drop rate of the state entering the recurrent product, in [0, 1) (training only)
     * @throws IllegalArgumentException if a rate is outside [0, 1)
     */
    protected Recurrent(
            RecurrentCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        if (!(dropout >= 0 && dropout < 1) || !(recurrentDropout >= 0 && recurrentDropout < 1))
            throw new IllegalArgumentException("recurrent layer: dropout rates must be in [0, 1), got dropout="
                    + dropout + ", recurrentDropout=" + recurrentDropout);
        super();
        this.cell = cell;
        this.returnSequences = returnSequences;
        this.goBackwards = goBackwards;
        this.dropout = dropout;
        this.recurrentDropout = recurrentDropout;
    }

    /** The sequence options of a saved config. */
    record SeqOptions(boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        static SeqOptions read(ConfigMap c) {
            return new SeqOptions(
                    c.boolValue("return_sequences", false),
                    c.boolValue("go_backwards", false),
                    c.floatValue("dropout", 0f),
                    c.floatValue("recurrent_dropout", 0f));
        }
    }

    static final String[] SEQ_KEYS = {"return_sequences", "go_backwards", "dropout", "recurrent_dropout"};

    static String[] keys(String[] cellKeys) {
        String[] k = new String[cellKeys.length + SEQ_KEYS.length];
        System.arraycopy(cellKeys, 0, k, 0, cellKeys.length);
        System.arraycopy(SEQ_KEYS, 0, k, cellKeys.length, SEQ_KEYS.length);
        return k;
    }

    /**
     * The cell (built with this layer; its weights are this layer's).
     *
     * @return the cell
     */
    public RecurrentCell cell() {
        return cell;
    }

    /**
     * The state size.
     *
     * @return the cell's units
     */
    public int units() {
        return cell.units();
    }

    /**
     * Whether the output holds every step.
     *
     * @return Keras' {@code return_sequences}
     */
    public boolean returnSequences() {
        return returnSequences;
    }

    /**
     * Whether the sequence runs from the last step to the first.
     *
     * @return Keras' {@code go_backwards}
     */
    public boolean goBackwards() {
        return goBackwards;
    }

    /**
     * A copy that returns the output of every step, (batch, steps, units), instead of the last one (Keras'
     * {@code return_sequences}, needed to stack recurrent layers); the mask then passes on to the next layer.
     *
     * @param v whether to return every step (default false)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public T withReturnSequences(boolean v) {
        return with("return_sequences", v);
    }

    /**
     * A copy that runs from the last step to the first (Keras' {@code go_backwards}); with returnSequences the
     * output steps come in that reversed order.
     *
     * @param v whether to run backwards (default false)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public T withGoBackwards(boolean v) {
        return with("go_backwards", v);
    }

    /**
     * A copy with input dropout (Keras' {@code dropout}): in training, one mask per sequence over the input
     * features, the same at every step, survivors scaled by 1/(1 − rate).
     *
     * @param rate the drop rate, in [0, 1) (default 0)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1)
     * @throws IllegalStateException if this layer is built
     */
    public T withDropout(float rate) {
        return with("dropout", rate);
    }

    /**
     * A copy with recurrent dropout (Keras' {@code recurrent_dropout}; Gal and Ghahramani 2016): in training, one
     * mask per sequence over the state where it enters the recurrent product, survivors scaled by 1/(1 − rate).
     *
     * @param rate the drop rate, in [0, 1) (default 0)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1)
     * @throws IllegalStateException if this layer is built
     */
    public T withRecurrentDropout(float rate) {
        return with("recurrent_dropout", rate);
    }

    /**
     * An unbuilt copy with one config entry changed: {@link #rebuild} of the changed {@link #config()}, with this
     * layer's name, seed and options ({@link #keepOptions}).
     *
     * @param key the config key, e.g. "return_sequences"
     * @param value its new value
     * @return the changed copy
     * @throws IllegalArgumentException if the changed config is invalid
     * @throws IllegalStateException if this layer is built
     */
    @SuppressWarnings("unchecked")
    protected final T with(String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>(config());
        c.put(key, value);
        return keepOptions(rebuild(new ConfigMap(type() + " config", c)));
    }

    /**
     * A new, unbuilt layer of this type from a config (the subclass's {@code fromConfig}).
     *
     * @param c a config of this type
     * @return the new layer
     * @throws IllegalArgumentException if the config is invalid
     */
    protected abstract T rebuild(ConfigMap c);

    @Override
    protected void copyInnerLayers() {
        cell = (RecurrentCell) cell.copy();
    }

    /**
     * The state of the random source, under "dropout", once built.
     *
     * @return a new map, empty while unbuilt
     */
    @Override
    public Map<String, Rng.State> randomStates() {
        Map<String, Rng.State> m = new java.util.LinkedHashMap<>();
        if (dropoutRng != null) m.put("dropout", dropoutRng.state());
        return m;
    }

    /**
     * Continues from a saved random state (key "dropout").
     *
     * @param states the states by key
     * @throws IllegalArgumentException for another key
     * @throws IllegalStateException if the layer is not built
     */
    @Override
    public void restoreRandomStates(Map<String, Rng.State> states) {
        for (Map.Entry<String, Rng.State> e : states.entrySet()) {
            if (!e.getKey().equals("dropout"))
                throw new IllegalArgumentException(describe() + ": no random state '" + e.getKey() + "'");
            if (dropoutRng == null) throw new IllegalStateException(describe() + " is not built");
            dropoutRng = Rng.restore(e.getValue());
        }
    }

    @Override
    protected void create(Shape in, Rng rng) {
        if (in.rank() != 2)
            throw new IllegalArgumentException(
                    describe() + ": expected input (batch, steps, features), got " + withBatch(in)
                            + (in.rank() == 1
                                    ? "; add an Embedding layer before it, or reshape to (batch, steps, 1)"
                                    : "; flatten the trailing axes into features"));
        cell.seeded(rng.nextLong());
        cell.build(Shape.of(in.last()));
        for (Parameter p : cell.parameters()) addSharedWeight(p.name(), p);
        dropoutRng = rng.split();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return call(x, null, training);
    }

    @Override
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        return keras(run(x, mask, null, training, false), x.dim(1));
    }

    /** As apply, with the outputs of every step aligned with the input steps even when going backwards (for Bidirectional). */
    final Tensor applyAligned(Tensor x, NDArray mask, boolean training) {
        if (!isBuilt()) build(x.shape().dropFirst());
        return run(x, mask, null, training, false);
    }

    /**
     * The output and the final states (Keras' {@code return_state=True}), from initial states
     * {@code initialState} (h, and c for LSTM; each (batch, units); an empty list or null for zeros). Builds the
     * layer on first use; unlike {@link #apply} it accepts any number of steps and records no activity penalty.
     *
     * @param x the input batch (batch, steps, features)
     * @param mask the padding mask (batch, steps), or null
     * @param initialState the initial states, or an empty list or null for zeros
     * @param training true in training (dropout active), false otherwise
     * @return the output ({@link #apply}'s) and the final states; at padded trailing steps the states are those
     *     of the last real step
     * @throws IllegalArgumentException if the input is not (batch, steps, features) of the built feature size,
     *     the mask does not match it, or the number of initial states is not {@link RecurrentCell#stateCount()}
     */
    public final Output applyWithState(Tensor x, NDArray mask, List<Tensor> initialState, boolean training) {
        if (!isBuilt()) build(x.shape().dropFirst()); // any number of steps; the features are checked by the op
        int ns = cell.stateCount(), b = x.dim(0), nt = x.dim(1), u = units();
        Tensor[] init = null;
        if (initialState != null && !initialState.isEmpty()) {
            if (initialState.size() != ns)
                throw new IllegalArgumentException(
                        describe() + ": expected " + ns + " initial state tensors, got " + initialState.size());
            init = initialState.toArray(new Tensor[0]);
        }
        Tensor packed = run(x, mask, init, training, true);
        int k = packed.dim(1);
        Tensor out = returnSequences
                ? keras(packed.slice(1, 0, nt), nt)
                : packed.slice(1, 0, 1).reshape(b, u);
        List<Tensor> states = new ArrayList<>();
        for (int i = 0; i < ns; i++)
            states.add(packed.slice(1, k - ns + i, k - ns + i + 1).reshape(b, u));
        return new Output(out, states);
    }

    /** Output steps in Keras' order: reversed when going backwards. */
    private Tensor keras(Tensor y, int steps) {
        if (!goBackwards || !returnSequences) return y;
        int[] rev = new int[steps];
        for (int i = 0; i < steps; i++) rev[i] = steps - 1 - i;
        return y.indexSelect(1, rev);
    }

    private Tensor run(Tensor x, NDArray mask, Tensor[] init, boolean training, boolean withStates) {
        int b = x.dim(0);
        Tensor in = x;
        if (training && dropout > 0) in = in.mul(Tensor.of(dropMask(Shape.of(b, 1, x.dim(2)), dropout)));
        NDArray rec = training && recurrentDropout > 0 ? dropMask(Shape.of(b, units()), recurrentDropout) : null;
        if (mask != null && !mask.shape().equals(Shape.of(b, x.dim(1))))
            throw new IllegalArgumentException(describe() + ": mask " + mask.shape() + " does not match input "
                    + x.shape() + "; expected (batch, steps)");
        return cell.sequence(in, init, mask, rec, goBackwards, returnSequences, withStates);
    }

    private NDArray dropMask(Shape s, float rate) {
        float[] d = new float[s.size()];
        float keep = 1f / (1f - rate);
        for (int i = 0; i < d.length; i++) d[i] = dropoutRng.nextFloat() < rate ? 0f : keep;
        return NDArray.wrap(d, s);
    }

    /**
     * The input's mask with returnSequences (the output keeps the steps), otherwise none.
     *
     * @param x the input batch
     * @param mask the input's mask, or null
     * @return {@code mask} with returnSequences, otherwise null
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return returnSequences ? mask : null;
    }

    @Override
    public Shape outputShape(Shape in) {
        return returnSequences ? Shape.of(in.dim(0), units()) : Shape.of(units());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>(cell.config());
        c.put("return_sequences", returnSequences);
        c.put("go_backwards", goBackwards);
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        return c;
    }
}
