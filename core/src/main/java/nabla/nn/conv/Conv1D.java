package nabla.nn.conv;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * A 1-D convolution layer (Keras' {@code Conv1D}; PyTorch's {@code nn.Conv1d} on channels-last data) over
 * sequences: input (batch, steps, channels), output (batch, outSteps, filters), kernel (k, channels, filters),
 * bias (filters). Output length, padding (an explicit padding uses its left and right amounts) and defaults as
 * {@link Conv2D}; it runs as a 2-D convolution of height 1 on the same channels-last data (no copy). Masks are
 * not passed on. Saved config keys as {@link Conv2D}'s, with one value per list.
 */
public final class Conv1D extends ConvBase<Conv1D> {
    /**
     * {@code filters} output channels over windows of {@code kernel} steps; linear, stride 1, VALID.
     *
     * @param filters the number of output channels, &gt; 0
     * @param kernel the window length in steps, &gt; 0
     * @throws IllegalArgumentException if {@code filters} or {@code kernel} is not positive
     */
    public Conv1D(int filters, int kernel) {
        this(filters, kernel, Activation.LINEAR);
    }

    /**
     * As {@link #Conv1D(int, int)} with an activation.
     *
     * @param filters the number of output channels, &gt; 0
     * @param kernel the window length in steps, &gt; 0
     * @param activation applied after the bias
     * @throws IllegalArgumentException if {@code filters} or {@code kernel} is not positive
     * @throws NullPointerException if {@code activation} is null
     */
    public Conv1D(int filters, int kernel, Activation activation) {
        this(defaults(1, filters, new int[] {kernel}, activation));
    }

    Conv1D(Settings s) {
        if (s.kernel().length != 1 || s.strides().length != 1 || s.dilation().length != 1)
            throw new IllegalArgumentException("Conv1D: kernel size, strides and dilation need one value each");
        super(s);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "filters" and "kernel_size" (required), "strides", "padding", "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer" (lists of one integer, or one integer)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Conv1D fromConfig(ConfigMap c) {
        return new Conv1D(ConvBase.fromConfig(c, 1));
    }

    @Override
    Conv1D copy(Settings s) {
        return new Conv1D(s);
    }

    /**
     * A copy with another stride (this layer is unchanged).
     *
     * @param stride the step between windows, &gt; 0 (default 1)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code stride} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv1D withStride(int stride) {
        return withStrides(new int[] {stride});
    }

    /**
     * A copy with another dilation (this layer is unchanged): the window's taps are {@code dilation} steps apart,
     * spanning dilation·(k − 1) + 1 steps.
     *
     * @param dilation the gap between taps, &gt; 0 (default 1)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code dilation} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv1D withDilation(int dilation) {
        return withDilations(new int[] {dilation});
    }
}
