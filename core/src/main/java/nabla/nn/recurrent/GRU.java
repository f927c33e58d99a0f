package nabla.nn.recurrent;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * Gated recurrent unit layer (Cho et al. 2014), as Keras' {@code GRU}: input (batch, steps, features), output
 * (batch, units) or (batch, steps, units) with returnSequences. Weights (Keras names and layout, gates [z r h]):
 * kernel (features, 3u), recurrent_kernel (u, 3u), bias (2, 3u) with {@code resetAfter} (the default, as Keras
 * 2/3; PyTorch's {@code nn.GRU} computes this form too, with gates ordered [r z n]) or (3u) without;
 * 3·(u·(features+u)+u) parameters plus 3u for the second bias. With the default activations (tanh, sigmoid) it runs as one fused primitive per sequence,
 * otherwise step by step ({@link GRUCell}); see {@link Recurrent} for the sequence options and masking. Saved
 * config keys: the cell's ("units", "activation", "recurrent_activation", "use_bias", "reset_after",
 * "kernel_initializer", "recurrent_initializer", "bias_initializer") and {@link Recurrent}'s.
 */
public final class GRU extends Recurrent<GRU> {
    /**
     * A GRU with Keras' defaults: reset after, last output only, forwards, no dropout.
     *
     * @param units the state size, &gt; 0
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public GRU(int units) {
        this(new GRUCell(units), false, false, 0f, 0f);
    }

    /**
     * A GRU over {@code cell}.
     *
     * @param cell the unbuilt cell; this layer builds it and uses its weights
     * @param returnSequences whether the output holds every step
     * @param goBackwards whether to run from the last step to the first
     * @param dropout the input drop rate, in [0, 1)
     * @param recurrentDropout the recurrent drop rate, in [0, 1)
     * @throws IllegalArgumentException if a rate is outside [0, 1)
     */
    public GRU(GRUCell cell, boolean returnSequences, boolean goBackwards, float dropout, float recurrentDropout) {
        super(cell, returnSequences, goBackwards, dropout, recurrentDropout);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: {@link GRUCell}'s keys ("units" required) and "return_sequences", "go_backwards", "dropout", "recurrent_dropout"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static GRU fromConfig(ConfigMap c) {
        c.allowOnly(keys(GRUCell.KEYS));
        SeqOptions o = SeqOptions.read(c);
        return new GRU(GRUCell.read(c), o.returnSequences(), o.goBackwards(), o.dropout(), o.recurrentDropout());
    }

    /**
     * A copy with the reset gate applied after (true, default) or before (false) the recurrent product; the bias
     * shape changes with it (see {@link GRUCell}).
     *
     * @param v whether to reset after the recurrent product
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public GRU withResetAfter(boolean v) {
        return with("reset_after", v);
    }

    /**
     * A copy with another activation for the candidate state; Keras' default tanh.
     *
     * @param a the activation; anything but tanh runs the per-step path
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public GRU withActivation(Activation a) {
        return with("activation", a.kerasName());
    }

    /**
     * A copy with another gate activation; Keras' default sigmoid (hard_sigmoid here is Keras 3's relu6(x + 3) / 6).
     *
     * @param a the activation of the update and reset gates; anything but sigmoid runs the per-step path
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public GRU withRecurrentActivation(Activation a) {
        return with("recurrent_activation", a.kerasName());
    }

    @Override
    protected GRU rebuild(ConfigMap c) {
        return fromConfig(c);
    }
}
