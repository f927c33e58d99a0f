package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Fully recurrent layer, as Keras' {@code SimpleRNN}: {@code h_t = act(x_t·W + h_{t−1}·U + b)}, input (batch,
 * steps, features), output (batch, units) or (batch, steps, units) with returnSequences; u·(features+u)+u
 * parameters (PyTorch's {@code nn.RNN} has a second bias). Weights: kernel (features, u), recurrent_kernel (u, u),
 * bias (u). With tanh, relu, sigmoid or linear it runs as one fused primitive per sequence, otherwise step by
 * step; see {@link Recurrent} for the sequence options and masking. {@link #irnn} gives the
 * identity-initialised ReLU variant (Le, Jaitly and Hinton 2015). Saved config keys: the cell's ("units",
 * "activation", "use_bias", "kernel_initializer", "recurrent_initializer", "bias_initializer") and
 * {@link Recurrent}'s.
 */
public final class SimpleRNN extends Recurrent<SimpleRNN> {
    /**
     * A tanh RNN with Keras' defaults: last output only, forwards, no dropout.
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public SimpleRNN(int units) {
        this(units, Activation.TANH);
    }

    /**
     * As {@link #SimpleRNN(int)} with another activation.
     *
     * @param units the state size, &gt; 0
     * @param activation the activation of {@code x·W + h·U + b}
     * @throws IllegalArgumentException if {@code units} is not positive
     * @throws NullPointerException if {@code activation} is null
     */
    public SimpleRNN(int units, Activation activation) {
        this(new SimpleRNNCell(units, activation, true, "glorot_uniform", "orthogonal", "zeros"), false, false, 0f, 0f);
    }

    /**
     * A simple RNN over {@code cell}.
     *
     * @param cell the unbuilt cell; this layer builds it and uses its weights
     * @param returnSequences whether the output holds every step
     * @param goBackwards whether to run from the last step to the first
     * @param dropout the input drop rate, in [0, 1)
     * @param recurrentDropout the recurrent drop rate, in [0, 1)
     * @throws IllegalArgumentException if a rate is outside [0, 1)
     */
    public SimpleRNN(
            SimpleRNNCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /**
     * IRNN: ReLU activation, identity recurrent kernel, zero bias and input weights from N(0, 0.001²), as in Le
     * et al. and Keras' IRNN example.
     *
     * @param units the state size, &gt; 0
     * @return a new, unbuilt layer (last output only, forwards, no dropout)
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public static SimpleRNN irnn(int units) {
        return new SimpleRNN(
                new SimpleRNNCell(units, Activation.RELU, true, "random_normal(0.001)", "identity", "zeros"),
                false,
                false,
                0f,
                0f);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: {@link SimpleRNNCell}'s keys ("units" required) and "return_sequences", "go_backwards", "dropout", "recurrent_dropout"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static SimpleRNN fromConfig(ConfigMap c) {
        c.allowOnly(keys(SimpleRNNCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new SimpleRNN(
                SimpleRNNCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    @Override
    protected SimpleRNN rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
