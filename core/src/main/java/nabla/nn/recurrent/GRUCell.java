package nabla.nn.recurrent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.RecurrentOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Parameter;
import nabla.nn.internal.RecurrentInit;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * One GRU step, as Keras' {@code GRUCell}: gates [z r h] in kernel (features, 3u) and recurrent_kernel (u, 3u);
 * {@code h' = z·h + (1−z)·h̃}. With {@code resetAfter} (default, Keras 2/3 and cuDNN form) {@code h̃ = act(x·W_h
 * + b_in + r·(h·U_h + b_rec))} and the bias is (2, 3u): input bias then recurrent bias, so weights from those
 * libraries load as they are; otherwise {@code h̃ = act(x·W_h + (r·h)·U_h + b)} with bias (3u); the gates z and
 * r use the recurrent activation. With Keras' default activations (tanh, sigmoid) the whole sequence runs as one
 * fused primitive ({@link RecurrentOps#gru}); others run the generic per-step path. Saved config keys: "units",
 * "activation", "recurrent_activation", "use_bias", "reset_after", "kernel_initializer",
 * "recurrent_initializer", "bias_initializer".
 */
public final class GRUCell extends RecurrentCell {
    private final Activation activation, recurrentActivation;
    private final boolean useBias, resetAfter;
    private Parameter kernel, recurrentKernel, bias;

    /**
     * A cell with Keras' defaults (reset after, bias on).
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public GRUCell(int units) {
        this(units, true, true, "glorot_uniform", "orthogonal", "zeros");
    }

    /**
     * A cell with Keras' activations (tanh, sigmoid).
     *
     * @param units the state size, &gt; 0
     * @param useBias whether to add a bias
     * @param resetAfter whether the reset gate applies after the recurrent product (Keras' {@code reset_after})
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     */
    public GRUCell(
            int units, boolean useBias, boolean resetAfter, String kernelInit, String recurrentInit, String biasInit) {
        this(units, Activation.TANH, Activation.SIGMOID, useBias, resetAfter, kernelInit, recurrentInit, biasInit);
    }

    /**
     * A cell with every setting given.
     *
     * @param units the state size, &gt; 0
     * @param activation the candidate's activation (Keras' default tanh)
     * @param recurrentActivation the update and reset gates' activation (Keras' default sigmoid)
     * @param useBias whether to add a bias
     * @param resetAfter whether the reset gate applies after the recurrent product (Keras' {@code reset_after})
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     * @throws NullPointerException if an activation is null
     */
    public GRUCell(
            int units,
            Activation activation,
            Activation recurrentActivation,
            boolean useBias,
            boolean resetAfter,
            String kernelInit,
            String recurrentInit,
            String biasInit) {
        super("GRUCell", units, kernelInit, recurrentInit, biasInit);
        this.activation = Objects.requireNonNull(activation, "activation");
        this.recurrentActivation = Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        this.useBias = useBias;
        this.resetAfter = resetAfter;
    }

    /**
     * Rebuilds the cell from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "units" (required), "activation", "recurrent_activation", "use_bias", "reset_after", "kernel_initializer", "recurrent_initializer", "bias_initializer"
     * @return a new, unbuilt cell
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GRUCell fromConfig(ConfigMap c) {
        return read(c.allowOnly(KEYS));
    }

    static GRUCell read(ConfigMap c) {
        return new GRUCell(
                c.intValue("units"),
                Activation.byName(c.string("activation", "tanh")),
                Activation.byName(c.string("recurrent_activation", "sigmoid")),
                c.boolValue("use_bias", true),
                c.boolValue("reset_after", true),
                c.string("kernel_initializer", "glorot_uniform"),
                c.string("recurrent_initializer", "orthogonal"),
                c.string("bias_initializer", "zeros"));
    }

    static final String[] KEYS = {
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        "reset_after",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer"
    };

    @Override
    protected void create(Shape in, Rng rng) {
        requireFeatures(in);
        kernel = addWeight("kernel", Shape.of(in.last(), 3 * units), RecurrentInit.byName(kernelInit), rng, true);
        recurrentKernel = addWeight(
                "recurrent_kernel", Shape.of(units, 3 * units), RecurrentInit.byName(recurrentInit), rng, true);
        if (useBias)
            bias = addWeight(
                    "bias",
                    resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units),
                    RecurrentInit.byName(biasInit),
                    rng,
                    true);
    }

    @Override
    public Tensor[] step(Tensor x, Tensor hin, Tensor[] states) {
        int u = units;
        Tensor h = states[0], rk = recurrentKernel.tensor();
        Tensor bIn = null, bRec = null;
        if (useBias) {
            bIn = resetAfter ? bias.tensor().slice(0, 0, 1).reshape(3 * u) : bias.tensor();
            bRec = resetAfter ? bias.tensor().slice(0, 1, 2).reshape(3 * u) : null;
        }
        Tensor xz = NNOps.linear(x, kernel.tensor(), bIn);
        Tensor z, hh;
        if (resetAfter) {
            Tensor rec = hin.matmul(rk);
            if (bRec != null) rec = rec.add(bRec);
            z = recurrentActivation.apply(xz.slice(1, 0, u).add(rec.slice(1, 0, u)));
            Tensor r = recurrentActivation.apply(xz.slice(1, u, 2 * u).add(rec.slice(1, u, 2 * u)));
            hh = activation.apply(xz.slice(1, 2 * u, 3 * u).add(r.mul(rec.slice(1, 2 * u, 3 * u))));
        } else {
            Tensor zr = hin.matmul(rk.slice(1, 0, 2 * u));
            z = recurrentActivation.apply(xz.slice(1, 0, u).add(zr.slice(1, 0, u)));
            Tensor r = recurrentActivation.apply(xz.slice(1, u, 2 * u).add(zr.slice(1, u, 2 * u)));
            hh = activation.apply(xz.slice(1, 2 * u, 3 * u).add(r.mul(hin).matmul(rk.slice(1, 2 * u, 3 * u))));
        }
        return new Tensor[] {z.mul(h).add(z.neg().add(1f).mul(hh))};
    }

    @Override
    protected Tensor sequence(
            Tensor x,
            Tensor[] init,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        if (activation != Activation.TANH || recurrentActivation != Activation.SIGMOID)
            return unrolled(x, init, mask, recMask, reverse, returnSequences, withStates);
        return RecurrentOps.gru(
                x,
                init == null ? null : init[0],
                kernel.tensor(),
                recurrentKernel.tensor(),
                useBias ? bias.tensor() : null,
                resetAfter,
                mask,
                recMask,
                reverse,
                returnSequences,
                withStates);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("recurrent_activation", recurrentActivation.kerasName());
        c.put("use_bias", useBias);
        c.put("reset_after", resetAfter);
        putInitializers(c);
        return c;
    }
}
