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
 * One step of a fully recurrent layer, as Keras' {@code SimpleRNNCell}: {@code h' = act(x·W + h·U + b)} with
 * kernel (features, u), recurrent_kernel (u, u), bias (u); tanh by default. Defaults as Keras: Glorot-uniform
 * kernel, orthogonal recurrent kernel, zero bias. With tanh, relu, sigmoid or linear the whole sequence runs as
 * one fused primitive ({@link RecurrentOps#simpleRnn}); other activations run the generic per-step path. Saved
 * config keys: "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer",
 * "bias_initializer".
 */
public final class SimpleRNNCell extends RecurrentCell {
    private final Activation activation;
    private final boolean useBias;
    private Parameter kernel, recurrentKernel, bias;

    /**
     * A tanh cell with Keras' defaults.
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public SimpleRNNCell(int units) {
        this(units, Activation.TANH, true, "glorot_uniform", "orthogonal", "zeros");
    }

    /**
     * A cell with every setting given.
     *
     * @param units the state size, &gt; 0
     * @param activation the activation of {@code x·W + h·U + b} (Keras' default tanh)
     * @param useBias whether to add a bias
     * @param kernelInit the input kernel's initializer name (Keras' default "glorot_uniform")
     * @param recurrentInit the recurrent kernel's initializer name (Keras' default "orthogonal"; IRNN:
     *     "identity")
     * @param biasInit the bias's initializer name (Keras' default "zeros")
     * @throws IllegalArgumentException if {@code units} is not positive or an initializer name is unknown
     * @throws NullPointerException if {@code activation} is null
     */
    public SimpleRNNCell(
            int units,
            Activation activation,
            boolean useBias,
            String kernelInit,
            String recurrentInit,
            String biasInit) {
        super("SimpleRNNCell", units, kernelInit, recurrentInit, biasInit);
        this.activation = Objects.requireNonNull(activation, "activation");
        this.useBias = useBias;
    }

    /**
     * Rebuilds the cell from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "units" (required), "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer"
     * @return a new, unbuilt cell
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static SimpleRNNCell fromConfig(ConfigMap c) {
        return read(c.allowOnly(KEYS));
    }

    static SimpleRNNCell read(ConfigMap c) {
        return new SimpleRNNCell(
                c.intValue("units"),
                Activation.byName(c.string("activation", "tanh")),
                c.boolValue("use_bias", true),
                c.string("kernel_initializer", "glorot_uniform"),
                c.string("recurrent_initializer", "orthogonal"),
                c.string("bias_initializer", "zeros"));
    }

    static final String[] KEYS = {
        "units", "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer"
    };

    @Override
    protected void create(Shape in, Rng rng) {
        requireFeatures(in);
        kernel = addWeight("kernel", Shape.of(in.last(), units), RecurrentInit.byName(kernelInit), rng, true);
        recurrentKernel =
                addWeight("recurrent_kernel", Shape.of(units, units), RecurrentInit.byName(recurrentInit), rng, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), RecurrentInit.byName(biasInit), rng, true);
    }

    @Override
    public Tensor[] step(Tensor x, Tensor hin, Tensor[] states) {
        Tensor z = NNOps.linear(x, kernel.tensor(), useBias ? bias.tensor() : null)
                .add(hin.matmul(recurrentKernel.tensor()));
        return new Tensor[] {activation.apply(z)};
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
        if (!RecurrentOps.fusesSimpleRnn(activation))
            return unrolled(x, init, mask, recMask, reverse, returnSequences, withStates);
        return RecurrentOps.simpleRnn(
                x,
                init == null ? null : init[0],
                kernel.tensor(),
                recurrentKernel.tensor(),
                useBias ? bias.tensor() : null,
                activation,
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
        c.put("use_bias", useBias);
        putInitializers(c);
        return c;
    }
}
