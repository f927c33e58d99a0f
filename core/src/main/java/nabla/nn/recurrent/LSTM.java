package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber 1997), as Keras' {@code LSTM}: input (batch, steps,
 * features), output (batch, units) or (batch, steps, units) with returnSequences. Weights (Keras names and
 * layout, gates [i f c o]): kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u); 4·(u·(features+u)+u)
 * parameters (one bias, as Keras; PyTorch's {@code nn.LSTM} has two and orders its gates [i f g o] too, with
 * transposed weights). Defaults: tanh / sigmoid, Glorot-uniform kernel, orthogonal recurrent kernel, unit forget
 * bias. With those activations and no peepholes it runs as one fused primitive per sequence, otherwise step by
 * step ({@link LSTMCell}); see {@link Recurrent} for the sequence options and masking. Saved config keys: the
 * cell's ("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias", "use_peepholes",
 * "kernel_initializer", "recurrent_initializer", "bias_initializer") and {@link Recurrent}'s.
 */
public final class LSTM extends Recurrent<LSTM> {
    /**
     * An LSTM with Keras' defaults: last output only, forwards, no dropout.
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public LSTM(int units) {
        this(new LSTMCell(units), false, false, 0f, 0f);
    }

    /**
     * An LSTM over {@code cell} (e.g. {@code new LSTMCell(64, true, true, true, ...)} for peepholes).
     *
     * @param cell the unbuilt cell; this layer builds it and uses its weights
     * @param returnSequences whether the output holds every step
     * @param goBackwards whether to run from the last step to the first
     * @param dropout the input drop rate, in [0, 1)
     * @param recurrentDropout the recurrent drop rate, in [0, 1)
     * @throws IllegalArgumentException if a rate is outside [0, 1)
     */
    public LSTM(LSTMCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: {@link LSTMCell}'s keys ("units" required) and "return_sequences", "go_backwards", "dropout", "recurrent_dropout"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static LSTM fromConfig(ConfigMap c) {
        c.allowOnly(keys(LSTMCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new LSTM(LSTMCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    /**
     * A copy with or without peephole connections (the generic per-step path; see {@link LSTMCell}).
     *
     * @param v whether the gates see the cell state (default false)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public LSTM withPeephole(boolean v) {
        return with("use_peepholes", v);
    }

    /**
     * A copy with or without Keras' unit forget bias: ones in the forget block of the initial bias (Jozefowicz et
     * al. 2015).
     *
     * @param v whether to start the forget bias at 1 (default true)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public LSTM withUnitForgetBias(boolean v) {
        return with("unit_forget_bias", v);
    }

    /**
     * A copy with another activation for the candidate and the cell output; Keras' default tanh.
     *
     * @param a the activation; anything but tanh runs the per-step path
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public LSTM withActivation(Activation a) {
        return with("activation", a.kerasName());
    }

    /**
     * A copy with another gate activation; Keras' default sigmoid (hard_sigmoid here is Keras 3's relu6(x + 3) / 6).
     *
     * @param a the activation of the input, forget and output gates; anything but sigmoid runs the per-step path
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public LSTM withRecurrentActivation(Activation a) {
        return with("recurrent_activation", a.kerasName());
    }

    @Override
    protected LSTM rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
