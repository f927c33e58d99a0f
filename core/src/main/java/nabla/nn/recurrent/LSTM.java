package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber 1997), as Keras' {@code LSTM}: input (batch, steps,
 * features), output (batch, units) or (batch, steps, units) with returnSequences. Weights (Keras names and
 * layout, gates [i f c o]): kernel (features, 4u), recurrent_kernel (u, 4u), bias (4u); 4·(u·(features+u)+u)
 * parameters. Defaults: tanh / sigmoid, Glorot-uniform kernel, orthogonal recurrent kernel, unit forget bias.
 * Runs as one fused primitive per sequence; see {@link Recurrent} for the sequence options and masking.
 */
public final class LSTM extends Recurrent<LSTM> {
    public LSTM(int units) {
        this(new LSTMCell(units), false, false, 0f, 0f);
    }

    /** An LSTM over {@code cell} (e.g. {@code new LSTMCell(64, true, true, true, ...)} for peepholes). */
    public LSTM(LSTMCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static LSTM fromConfig(ConfigMap c) {
        c.allowOnly(keys(LSTMCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new LSTM(LSTMCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    /** A copy with or without peephole connections (the generic per-step path). */
    public LSTM withPeephole(boolean v) {
        return with("use_peepholes", v);
    }

    public LSTM withUnitForgetBias(boolean v) {
        return with("unit_forget_bias", v);
    }

    /** A copy with another activation for the candidate (and, in the LSTM, the cell output); Keras' default tanh. */
    public LSTM withActivation(Activation a) {
        return with("activation", a.kerasName());
    }

    /** A copy with another gate activation; Keras' default sigmoid (hard_sigmoid here is Keras 3's relu6(x + 3) / 6). */
    public LSTM withRecurrentActivation(Activation a) {
        return with("recurrent_activation", a.kerasName());
    }

    @Override
    protected LSTM rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
