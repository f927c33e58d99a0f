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
import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * One LSTM step, as Keras' {@code LSTMCell}: gates [i f c o] in kernel (features, 4u), recurrent_kernel (u, 4u)
 * and bias (4u); {@code c' = f·c + i·act(z_c)}, {@code h' = o·act(c')} with the gates {@code i, f, o =
 * recurrentAct(z)}. Defaults as Keras: tanh activation, sigmoid recurrent activation, Glorot-uniform kernel,
 * orthogonal recurrent kernel, zero bias with ones in the forget block ({@code unitForgetBias}). With {@code
 * peephole} the gates also see the cell state through three diagonal weights (Gers and Schmidhuber; TF's
 * PeepholeLSTMCell): i and f see c, o sees c'. With the default activations the whole sequence runs as one fused
 * primitive ({@link RecurrentOps#lstm}); other activations (e.g. relu, as many time-series tutorials use) and the
 * peephole variant run the generic per-step path. Peephole weights: input_gate_peephole_weights,
 * forget_gate_peephole_weights, output_gate_peephole_weights, each (u), Glorot uniform. Saved config keys:
 * "units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias", "use_peepholes",
 * "kernel_initializer", "recurrent_initializer", "bias_initializer".
 */
public final class LSTMCell extends RecurrentCell {
    private final Activation activation, recurrentActivation;
    private final boolean useBias, unitForgetBias, peephole;
    private Parameter kernel, recurrentKernel, bias, peepI, peepF, peepO;

    /**
     * A cell with Keras' defaults.
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public LSTMCell(int units) {
        this(units, true, true, false, "glorot_uniform", "orthogonal", "zeros");
    }

    /**
     * A cell with Keras' activations (tanh, sigmoid).
     *
     * @param units the state size, &gt; 0
     * @param useBias whether to add a bias
     * @param unitForgetBias whether the bias starts with ones in the forget block (Keras' {@code unit_forget_bias})
     * @param peephole whether the gates see the cell state
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     */
    public LSTMCell(
            int units,
            boolean useBias,
            boolean unitForgetBias,
            boolean peephole,
            String kernelInit,
            String recurrentInit,
            String biasInit) {
        this(
                units,
                Activation.TANH,
                Activation.SIGMOID,
                useBias,
                unitForgetBias,
                peephole,
                kernelInit,
                recurrentInit,
                biasInit);
    }

    /**
     * A cell with every setting given.
     *
     * @param units the state size, &gt; 0
     * @param activation the candidate's and cell output's activation (Keras' default tanh)
     * @param recurrentActivation the gates' activation (Keras' default sigmoid)
     * @param useBias whether to add a bias
     * @param unitForgetBias whether the bias starts with ones in the forget block (Keras' {@code unit_forget_bias})
     * @param peephole whether the gates see the cell state
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     * @throws NullPointerException if an activation is null
     */
    public LSTMCell(
            int units,
            Activation activation,
            Activation recurrentActivation,
            boolean useBias,
            boolean unitForgetBias,
            boolean peephole,
            String kernelInit,
            String recurrentInit,
            String biasInit) {
        super("LSTMCell", units, kernelInit, recurrentInit, biasInit);
        this.activation = Objects.requireNonNull(activation, "activation");
        this.recurrentActivation = Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        this.useBias = useBias;
        this.unitForgetBias = unitForgetBias;
        this.peephole = peephole;
    }

    /**
     * Rebuilds the cell from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "units" (required), "activation", "recurrent_activation", "use_bias", "unit_forget_bias", "use_peepholes", "kernel_initializer", "recurrent_initializer", "bias_initializer"
     * @return a new, unbuilt cell
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static LSTMCell fromConfig(ConfigMap c) {
        return read(c.allowOnly(KEYS));
    }

    static LSTMCell read(ConfigMap c) {
        return new LSTMCell(
                c.intValue("units"),
                Activation.byName(c.string("activation", "tanh")),
                Activation.byName(c.string("recurrent_activation", "sigmoid")),
                c.boolValue("use_bias", true),
                c.boolValue("unit_forget_bias", true),
                c.boolValue("use_peepholes", false),
                c.string("kernel_initializer", "glorot_uniform"),
                c.string("recurrent_initializer", "orthogonal"),
                c.string("bias_initializer", "zeros"));
    }

    static final String[] KEYS = {
        "units",
        "activation",
        "recurrent_activation",
        "use_bias",
        "unit_forget_bias",
        "use_peepholes",
        "kernel_initializer",
        "recurrent_initializer",
        "bias_initializer"
    };

    /**
     * Whether the gates see the cell state.
     *
     * @return true with peephole connections
     */
    public boolean peephole() {
        return peephole;
    }

    /**
     * Two states: h, then c.
     *
     * @return 2
     */
    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        requireFeatures(in);
        kernel = addWeight("kernel", Shape.of(in.last(), 4 * units), RecurrentInit.byName(kernelInit), rng, true);
        recurrentKernel = addWeight(
                "recurrent_kernel", Shape.of(units, 4 * units), RecurrentInit.byName(recurrentInit), rng, true);
        if (useBias) {
            Initializer b = RecurrentInit.byName(biasInit);
            bias = addWeight(
                    "bias",
                    Shape.of(4 * units),
                    unitForgetBias ? (s, r) -> RecurrentInit.unitForgetBias(b.create(s, r), units) : b,
                    rng,
                    true);
        }
        if (peephole) {
            Initializer g = Initializer.glorotUniform();
            peepI = addWeight("input_gate_peephole_weights", Shape.of(units), g, rng, true);
            peepF = addWeight("forget_gate_peephole_weights", Shape.of(units), g, rng, true);
            peepO = addWeight("output_gate_peephole_weights", Shape.of(units), g, rng, true);
        }
    }

    @Override
    public Tensor[] step(Tensor x, Tensor hin, Tensor[] states) {
        int u = units;
        Tensor z = NNOps.linear(x, kernel.tensor(), useBias ? bias.tensor() : null)
                .add(hin.matmul(recurrentKernel.tensor()));
        Tensor c = states[1];
        Tensor zi = z.slice(1, 0, u),
                zf = z.slice(1, u, 2 * u),
                zg = z.slice(1, 2 * u, 3 * u),
                zo = z.slice(1, 3 * u, 4 * u);
        if (peephole) {
            zi = zi.add(c.mul(peepI.tensor()));
            zf = zf.add(c.mul(peepF.tensor()));
        }
        Activation act = activation, gate = recurrentActivation;
        Tensor c2 = gate.apply(zf).mul(c).add(gate.apply(zi).mul(act.apply(zg)));
        if (peephole) zo = zo.add(c2.mul(peepO.tensor()));
        return new Tensor[] {gate.apply(zo).mul(act.apply(c2)), c2};
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
        if (peephole || activation != Activation.TANH || recurrentActivation != Activation.SIGMOID)
            return unrolled(x, init, mask, recMask, reverse, returnSequences, withStates);
        return RecurrentOps.lstm(
                x,
                init == null ? null : init[0],
                init == null ? null : init[1],
                kernel.tensor(),
                recurrentKernel.tensor(),
                useBias ? bias.tensor() : null,
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
        c.put("unit_forget_bias", unitForgetBias);
        c.put("use_peepholes", peephole);
        putInitializers(c);
        return c;
    }
}
