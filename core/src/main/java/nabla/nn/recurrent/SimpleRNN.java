package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Fully recurrent layer, as Keras' {@code SimpleRNN}: {@code h_t = act(x_t·W + h_{t−1}·U + b)}, input (batch,
 * steps, features), output (batch, units) or (batch, steps, units) with returnSequences; u·(features+u)+u
 * parameters. Runs as one fused primitive per sequence; see {@link Recurrent} for the sequence options.
 * {@link #irnn} gives the identity-initialised ReLU variant (Le, Jaitly and Hinton 2015).
 */
public final class SimpleRNN extends Recurrent<SimpleRNN> {
    public SimpleRNN(int units) {
        this(units, Activation.TANH);
    }

    public SimpleRNN(int units, Activation activation) {
        this(new SimpleRNNCell(units, activation, true, "glorot_uniform", "orthogonal", "zeros"), false, false, 0f, 0f);
    }

    public SimpleRNN(SimpleRNNCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /**
     * IRNN: ReLU activation, identity recurrent kernel, zero bias and input weights from N(0, 0.001²), as in Le
     * et al. and Keras' IRNN example.
     */
    public static SimpleRNN irnn(int units) {
        return new SimpleRNN(new SimpleRNNCell(units, Activation.RELU, true, "random_normal(0.001)", "identity", "zeros"), false, false, 0f, 0f);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static SimpleRNN fromConfig(ConfigMap c) {
        c.allowOnly(keys(SimpleRNNCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new SimpleRNN(SimpleRNNCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    @Override
    protected SimpleRNN rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
