package nabla.nn.recurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.internal.RecurrentInit;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * One time step of a recurrent layer (Keras' cells): weights built from the feature size, a {@link #step}
 * from an input (batch, features) and the states (each (batch, units); LSTM has h and c) to the new states,
 * and {@link #sequence}, which runs a whole sequence (a fused primitive in the concrete cells, or the
 * generic unrolled loop of steps). Applied as a layer to (batch, features) it runs one step from zero states
 * and returns h, (batch, units). A sequence layer ({@link Recurrent}) builds its cell and shares its weights.
 *
 * <p>A custom cell implements {@link #create} (checking the input with {@link #requireFeatures}), {@link #step}
 * and {@link #config()}, and overrides {@link #stateCount()} if it has more than one state; the default
 * {@link #sequence} then unrolls its steps, masks and recurrent dropout included.
 */
public abstract class RecurrentCell extends Layer {
    /** The state size. */
    protected final int units;
    /**
     * Initializer names of the kernel, the recurrent kernel and the bias (see {@link RecurrentInit#byName}): any
     * name {@link nabla.nn.weights.Initializer#byName} reads except that "random_normal(std)" takes the standard
     * deviation alone (mean 0), plus "uniform" (±0.05); "orthogonal" and "identity" have gain 1.
     */
    protected final String kernelInit, recurrentInit, biasInit;

    /**
     * For subclasses: checks and keeps the common settings.
     *
     * @param what the cell's type, for messages (e.g. "LSTMCell")
     * @param units the state size, &gt; 0
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     */
    protected RecurrentCell(String what, int units, String kernelInit, String recurrentInit, String biasInit) {
        if (units <= 0)
            throw new IllegalArgumentException(what + ": units must be a positive integer, got units=" + units);
        RecurrentInit.byName(kernelInit);
        RecurrentInit.byName(recurrentInit);
        RecurrentInit.byName(biasInit);
        super();
        this.units = units;
        this.kernelInit = kernelInit;
        this.recurrentInit = recurrentInit;
        this.biasInit = biasInit;
    }

    /**
     * Adds the three initializer names to a layer config, under Keras' keys ("kernel_initializer",
     * "recurrent_initializer", "bias_initializer").
     *
     * @param c the config being built, changed
     */
    protected final void putInitializers(Map<String, Object> c) {
        c.put("kernel_initializer", kernelInit);
        c.put("recurrent_initializer", recurrentInit);
        c.put("bias_initializer", biasInit);
    }

    /**
     * The state size.
     *
     * @return the number of units
     */
    public int units() {
        return units;
    }

    /**
     * The number of state tensors.
     *
     * @return 2 for LSTM (h and c), 1 otherwise (the default)
     */
    public int stateCount() {
        return 1;
    }

    /**
     * One step: new states (h first) from the input {@code x} (batch, features), the state {@code hin} as it
     * enters the recurrent product (h, or h times a recurrent-dropout mask) and the previous states. The cell must
     * be built.
     *
     * @param x the step's input (batch, features)
     * @param hin the state h as it enters the recurrent product
     * @param states the previous states, h first, each (batch, units)
     * @return the new states, h first (h is also the step's output)
     */
    public abstract Tensor[] step(Tensor x, Tensor hin, Tensor[] states);

    /**
     * One step from the given states (no dropout); builds the cell on first use.
     *
     * @param x the step's input (batch, features)
     * @param states the previous states, h first, each (batch, units); {@link #stateCount()} of them
     * @return the new states, h first
     * @throws IllegalArgumentException if {@code x} is not (batch, features) of the built feature size
     */
    public final Tensor[] step(Tensor x, Tensor... states) {
        build(x.shape().dropFirst());
        return step(x, states[0], states);
    }

    /**
     * The whole sequence x (batch, steps, features) from initial states {@code init} (null entries or a null
     * array: zeros), in the layout of {@link nabla.autograd.RecurrentOps}. The default unrolls {@link #step}.
     *
     * @param x the input (batch, steps, features), dropout already applied
     * @param init the initial states, or null (entries may be null) for zeros
     * @param mask the padding mask (batch, steps), or null: at a masked step the states are carried through and
     *     the output is zero
     * @param recMask the recurrent-dropout mask (batch, units) that multiplies h entering the recurrent
     *     product, or null
     * @param reverse whether to run from the last step to the first (outputs stay at their input positions)
     * @param returnSequences whether the output holds every step (batch, steps, units) or the final h (batch, units)
     * @param withStates whether to append the final states: the output then is (batch, K, units), the sequence
     *     (steps rows) or the final h (one row), then one row per state
     * @return the output, as described
     */
    protected Tensor sequence(
            Tensor x,
            Tensor[] init,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        return unrolled(x, init, mask, recMask, reverse, returnSequences, withStates);
    }

    /** The generic path: one graph of ops per step (used for options without a fused kernel, and as a test oracle). */
    final Tensor unrolled(
            Tensor x,
            Tensor[] init,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        int b = x.dim(0), nt = x.dim(1), f = x.dim(2), ns = stateCount();
        Tensor[] st = new Tensor[ns];
        for (int i = 0; i < ns; i++)
            st[i] = init != null && init[i] != null ? init[i] : Tensor.of(NDArray.zeros(b, units));
        Tensor rm = recMask == null ? null : Tensor.of(recMask);
        Tensor zero = Tensor.scalar(0f);
        Tensor[] outs = new Tensor[nt];
        for (int s = 0; s < nt; s++) {
            int t = reverse ? nt - 1 - s : s;
            Tensor xt = x.slice(1, t, t + 1).reshape(b, f);
            Tensor[] next = step(xt, rm == null ? st[0] : st[0].mul(rm), st);
            Tensor out = next[0];
            if (mask != null) {
                NDArray m = mask.slice(1, t, t + 1);
                for (int i = 0; i < ns; i++) next[i] = Ops.where(m, next[i], st[i]);
                out = Ops.where(m, out, zero);
            }
            st = next;
            outs[t] = out;
        }
        Tensor main = returnSequences ? Ops.stack(1, List.of(outs)) : st[0];
        if (!withStates) return main;
        List<Tensor> parts = new ArrayList<>();
        parts.add(returnSequences ? main : main.reshape(b, 1, units));
        for (Tensor s : st) parts.add(s.reshape(b, 1, units));
        return Ops.concat(1, parts);
    }

    /**
     * Checks that a cell's per-sample input is (features); for {@link #create}.
     *
     * @param in the per-sample input shape
     * @throws IllegalArgumentException if it is not of rank 1
     */
    protected final void requireFeatures(Shape in) {
        if (in.rank() != 1)
            throw new IllegalArgumentException(describe() + ": expected input (batch, features), got " + withBatch(in)
                    + "; use the sequence layer for (batch, steps, features)");
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return step(x, zeros(x.dim(0)))[0];
    }

    private Tensor[] zeros(int b) {
        Tensor[] z = new Tensor[stateCount()];
        for (int i = 0; i < z.length; i++) z[i] = Tensor.of(NDArray.zeros(b, units));
        return z;
    }

    @Override
    public Shape outputShape(Shape in) {
        return Shape.of(units);
    }
}
