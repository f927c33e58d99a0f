package nabla.nn.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * A fully connected layer (Keras' {@code Dense}, PyTorch's {@code nn.Linear} plus an activation):
 * {@code activation(x · kernel + bias)}. Input (batch, ..., in), output (batch, ..., units): the product runs over
 * the last axis, leading axes are treated as batch. The input size is learned from the first batch. Weights:
 * kernel (in, units) (Keras' layout, the transpose of PyTorch's {@code weight}) and bias (units). Defaults as
 * Keras: linear activation, bias on, Glorot-uniform kernel, zero bias. Saved config keys: "units",
 * "activation", "use_bias", "kernel_initializer", "bias_initializer". With a softmax or sigmoid activation the
 * output carries {@code x · kernel + bias} as its {@link Tensor#logits()}, from which the cross-entropy losses
 * compute themselves (the sigmoid is then applied after the product rather than fused into it).
 */
public final class Dense extends Layer {
    private final int units;
    private final Activation activation;
    private final boolean useBias;
    private final Initializer kernelInit;
    private final Initializer biasInit;
    private Parameter kernel;
    private Parameter bias;

    /**
     * A linear layer (no activation) with Keras' defaults.
     *
     * @param units the output size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public Dense(int units) {
        this(units, Activation.LINEAR);
    }

    /**
     * A layer with an activation and Keras' defaults otherwise.
     *
     * @param units the output size, &gt; 0
     * @param activation applied to {@code x · kernel + bias} (fused into the product's kernel where possible)
     * @throws IllegalArgumentException if {@code units} is not positive
     * @throws NullPointerException if {@code activation} is null
     */
    public Dense(int units, Activation activation) {
        this(units, activation, true, Initializer.glorotUniform(), Initializer.zeros());
    }

    /**
     * A layer with every setting given.
     *
     * @param units the output size, &gt; 0
     * @param activation applied to {@code x · kernel + bias}
     * @param useBias whether to add a bias
     * @param kernelInit the kernel's initializer (Keras' default: {@link Initializer#glorotUniform()})
     * @param biasInit the bias's initializer (Keras' default: {@link Initializer#zeros()})
     * @throws IllegalArgumentException if {@code units} is not positive
     * @throws NullPointerException if an activation or initializer is null
     */
    public Dense(int units, Activation activation, boolean useBias, Initializer kernelInit, Initializer biasInit) {
        if (units <= 0)
            throw new IllegalArgumentException("Dense: units must be a positive integer, got units=" + units);
        super();
        this.units = units;
        this.activation = Objects.requireNonNull(activation, "activation");
        this.useBias = useBias;
        this.kernelInit = Objects.requireNonNull(kernelInit, "kernelInit");
        this.biasInit = Objects.requireNonNull(biasInit, "biasInit");
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "units" (required), "activation", "use_bias", "kernel_initializer", "bias_initializer"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Dense fromConfig(ConfigMap c) {
        c.allowOnly("units", "activation", "use_bias", "kernel_initializer", "bias_initializer");
        return new Dense(
                c.intValue("units"),
                Activation.byName(c.string("activation", "linear")),
                c.boolValue("use_bias", true),
                Initializer.byName(c.string("kernel_initializer", "glorot_uniform")),
                Initializer.byName(c.string("bias_initializer", "zeros")));
    }

    /**
     * A copy with another kernel initializer (unbuilt; this layer is unchanged).
     *
     * @param init the kernel's initializer
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code init} is null
     */
    public Dense withKernelInitializer(Initializer init) {
        return keepOptions(new Dense(units, activation, useBias, init, biasInit));
    }

    /**
     * A copy with or without bias (unbuilt; this layer is unchanged).
     *
     * @param useBias whether to add a bias
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Dense withBias(boolean useBias) {
        return keepOptions(new Dense(units, activation, useBias, kernelInit, biasInit));
    }

    /**
     * The output size.
     *
     * @return the number of units
     */
    public int units() {
        return units;
    }

    /**
     * The activation applied to the output.
     *
     * @return the activation ({@link Activation#LINEAR} for none)
     */
    public Activation activation() {
        return activation;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        if (in.rank() < 1)
            throw new IllegalArgumentException(
                    describe() + ": expected input (batch, ..., features), got a batch of scalars");
        kernel = addWeight("kernel", Shape.of(in.last(), units), kernelInit, rng, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInit, rng, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return NNOps.linear(x, kernel.tensor(), useBias ? bias.tensor() : null, activation);
    }

    @Override
    public Shape outputShape(Shape in) {
        return in.with(-1, units);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("units", units);
        c.put("activation", activation.kerasName());
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInit.name());
        c.put("bias_initializer", biasInit.name());
        return c;
    }
}
