package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Gated recurrent unit layer (Cho et al. 2014), as Keras' {@code GRU}: input (batch, steps, features), output
 * (batch, units) or (batch, steps, units) with returnSequences. Weights (Keras names and layout, gates [z r h]):
 * kernel (features, 3u), recurrent_kernel (u, 3u), bias (2, 3u) with {@code resetAfter} (the default, as Keras
 * 2/3) or (3u) without; 3·(u·(features+u)+u) parameters plus 3u for the second bias. Runs as one fused
 * primitive per sequence; see {@link Recurrent} for the sequence options and masking.
 */
public final class GRU extends Recurrent<GRU> {
    public GRU(int units) {
        this(new GRUCell(units), false, false, 0f, 0f);
    }

    public GRU(GRUCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static GRU fromConfig(ConfigMap c) {
        c.allowOnly(keys(GRUCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new GRU(GRUCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    /** A copy with the reset gate applied after (true, default) or before (false) the recurrent product. */
    public GRU withResetAfter(boolean v) {
        return with("reset_after", v);
    }

    /** A copy with another activation for the candidate (and, in the LSTM, the cell output); Keras' default tanh. */
    public GRU withActivation(Activation a) {
        return with("activation", a.kerasName());
    }

    /** A copy with another gate activation; Keras' default sigmoid (hard_sigmoid here is Keras 3's relu6(x + 3) / 6). */
    public GRU withRecurrentActivation(Activation a) {
        return with("recurrent_activation", a.kerasName());
    }

    @Override
    protected GRU rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
