package nabla.nn.conv;

import nabla.autograd.Activation;
import nabla.nn.ConfigMap;

/**
 * A 2-D convolution layer (Keras' {@code Conv2D}): {@code activation(conv(x, kernel) + bias)}.
 *
 * <p>Input (batch, height, width, channels), channels-last as Keras; output (batch, outH, outW, filters) with,
 * along each axis, {@code out = floor((in + padBefore + padAfter − kEff) / stride) + 1}, kEff = dilation·(k − 1)
 * + 1, for VALID (no padding) and explicit padding, and {@code out = ceil(in / stride)} for SAME (TensorFlow's
 * split: the odd extra padding goes to the bottom/right). Weights: kernel (kh, kw, channels, filters) (Keras'
 * layout; PyTorch's {@code weight} is (filters, channels, kh, kw)), bias (filters). Defaults as Keras: stride 1,
 * VALID, dilation 1, linear activation, bias on, Glorot-uniform kernel, zero bias. Saved config keys: "filters",
 * "kernel_size", "strides", "padding" ({@link nabla.nn.Padding#configValue()}), "dilation_rate", "activation",
 * "use_bias", "kernel_initializer", "bias_initializer".
 *
 * <p>Internal layout: the data stay channels-last (NHWC) end to end. That is the layout in which im2col copies
 * whole channel runs, the GEMM needs no transposes and writes its output already in NHWC, and pooling vectorizes
 * over the contiguous channel axis; see {@link nabla.kernels.Conv}.
 *
 * <pre>{@code new Conv2D(32, 3).withStride(2).withPadding(Padding.SAME).withActivation(Activation.RELU)}</pre>
 */
public final class Conv2D extends ConvBase<Conv2D> {
    /**
     * {@code filters} output channels, a square {@code kernel}×{@code kernel} window; linear, stride 1, VALID.
     *
     * @param filters the number of output channels, &gt; 0
     * @param kernel the window's height and width, &gt; 0
     * @throws IllegalArgumentException if {@code filters} or {@code kernel} is not positive
     */
    public Conv2D(int filters, int kernel) {
        this(filters, kernel, kernel, Activation.LINEAR);
    }

    /**
     * As {@link #Conv2D(int, int)} with an activation.
     *
     * @param filters the number of output channels, &gt; 0
     * @param kernel the window's height and width, &gt; 0
     * @param activation applied after the bias
     * @throws IllegalArgumentException if {@code filters} or {@code kernel} is not positive
     * @throws NullPointerException if {@code activation} is null
     */
    public Conv2D(int filters, int kernel, Activation activation) {
        this(filters, kernel, kernel, activation);
    }

    /**
     * A kernelH×kernelW window.
     *
     * @param filters the number of output channels, &gt; 0
     * @param kernelH the window's height, &gt; 0
     * @param kernelW the window's width, &gt; 0
     * @param activation applied after the bias
     * @throws IllegalArgumentException if {@code filters} or a kernel size is not positive
     * @throws NullPointerException if {@code activation} is null
     */
    public Conv2D(int filters, int kernelH, int kernelW, Activation activation) {
        this(defaults(2, filters, new int[] {kernelH, kernelW}, activation));
    }

    Conv2D(Settings s) {
        if (s.kernel().length != 2 || s.strides().length != 2 || s.dilation().length != 2)
            throw new IllegalArgumentException("Conv2D: kernel size, strides and dilation need two values each");
        super(s);
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "filters" and "kernel_size" (required), "strides", "padding", "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer" (lists of two integers, or one integer for both axes)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static Conv2D fromConfig(ConfigMap c) {
        return new Conv2D(ConvBase.fromConfig(c, 2));
    }

    @Override
    Conv2D copy(Settings s) {
        return new Conv2D(s);
    }

    /**
     * A copy with the same stride along both axes (this layer is unchanged).
     *
     * @param stride the step between windows, &gt; 0 (default 1)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code stride} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv2D withStride(int stride) {
        return withStrides(new int[] {stride, stride});
    }

    /**
     * A copy with strides (vertical, horizontal) (this layer is unchanged).
     *
     * @param strideH the step between windows down the rows, &gt; 0
     * @param strideW the step between windows along a row, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv2D withStride(int strideH, int strideW) {
        return withStrides(new int[] {strideH, strideW});
    }

    /**
     * A copy with the same dilation along both axes (atrous convolution; this layer is unchanged).
     *
     * @param dilation the gap between taps, &gt; 0 (default 1)
     * @return the changed copy
     * @throws IllegalArgumentException if {@code dilation} is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv2D withDilation(int dilation) {
        return withDilations(new int[] {dilation, dilation});
    }

    /**
     * A copy with dilations (vertical, horizontal) (this layer is unchanged).
     *
     * @param dilationH the gap between taps down the rows, &gt; 0
     * @param dilationW the gap between taps along a row, &gt; 0
     * @return the changed copy
     * @throws IllegalArgumentException if a dilation is not positive
     * @throws IllegalStateException if this layer is built
     */
    public Conv2D withDilation(int dilationH, int dilationW) {
        return withDilations(new int[] {dilationH, dilationW});
    }
}
