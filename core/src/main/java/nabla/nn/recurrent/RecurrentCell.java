package nabla.nn.recurrent;

import nabla.nn.internal.RecurrentInit;
import nabla.nn.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.autograd.Ops;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * One time step of a recurrent layer (Keras' cells): weights built from the feature size, a {@link #step}
 * from an input (batch, features) and the states (each (batch, units); LSTM has h and c) to the new states,
 * and {@link #sequence}, which runs a whole sequence (a fused primitive in the concrete cells, or the
 * generic unrolled loop of steps). Applied as a layer to (batch, features) it runs one step from zero states
 * and returns h.
 */
public abstract class RecurrentCell extends Layer {
    protected final int units;
    /** Initializer names (see {@link RecurrentInit#byName}) of the kernel, the recurrent kernel and the bias. */
    protected final String kernelInit, recurrentInit, biasInit;

    protected RecurrentCell(String what, int units, String kernelInit, String recurrentInit, String biasInit) {
        if (units <= 0) throw new IllegalArgumentException(what + ": units must be a positive integer, got units=" + units);
        RecurrentInit.byName(kernelInit);
        RecurrentInit.byName(recurrentInit);
        RecurrentInit.byName(biasInit);
        super();
        this.units = units;
        this.kernelInit = kernelInit;
        this.recurrentInit = recurrentInit;
        this.biasInit = biasInit;
    }

    /** Adds the three initializer names to a layer config, under Keras' keys. */
    protected final void putInitializers(Map<String, Object> c) {
        c.put("kernel_initializer", kernelInit);
        c.put("recurrent_initializer", recurrentInit);
        c.put("bias_initializer", biasInit);
    }

    public int units() {
        return units;
    }

    /** Number of state tensors (2 for LSTM: h and c; 1 otherwise). */
    public int stateCount() {
        return 1;
    }

    /**
     * One step: new states (h first) from the input {@code x} (batch, features), the state {@code hin} as it
     * enters the recurrent product (h, or h times a recurrent-dropout mask) and the previous states.
     */
    public abstract Tensor[] step(Tensor x, Tensor hin, Tensor[] states);

    /** One step from the given states (no dropout). */
    public final Tensor[] step(Tensor x, Tensor... states) {
        build(x.shape().dropFirst());
        return step(x, states[0], states);
    }

    /**
     * The whole sequence x (batch, steps, features) from initial states {@code init} (null entries or a null
     * array: zeros), in the layout of {@link nabla.autograd.RecurrentOps}. The default unrolls {@link #step}.
     */
    protected Tensor sequence(Tensor x, Tensor[] init, NDArray mask, NDArray recMask, boolean reverse, boolean returnSequences, boolean withStates) {
        return unrolled(x, init, mask, recMask, reverse, returnSequences, withStates);
    }

    /** The generic path: one graph of ops per step (used for options without a fused kernel, and as a test oracle). */
    final Tensor unrolled(Tensor x, Tensor[] init, NDArray mask, NDArray recMask, boolean reverse, boolean returnSequences, boolean withStates) {
        int b = x.dim(0), nt = x.dim(1), f = x.dim(2), ns = stateCount();
        Tensor[] st = new Tensor[ns];
        for (int i = 0; i < ns; i++) st[i] = init != null && init[i] != null ? init[i] : Tensor.of(NDArray.zeros(b, units));
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

    protected final void requireFeatures(Shape in) {
        if (in.rank() != 1) throw new IllegalArgumentException(describe() + ": expected input (batch, features), got " + withBatch(in) + "; use the sequence layer for (batch, steps, features)");
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
