package nabla.nn.conv;

import nabla.nn.ConfigMap;
import nabla.autograd.Activation;

/**
 * A 2-D convolution layer (Keras' {@code Conv2D}): {@code activation(conv(x, kernel) + bias)}.
 *
 * <p>Input (batch, height, width, channels), channels-last as Keras; output (batch, outH, outW, filters) with,
 * along each axis, {@code out = floor((in + padBefore + padAfter − kEff) / stride) + 1}, kEff = dilation·(k − 1)
 * + 1, for VALID (no padding) and explicit padding, and {@code out = ceil(in / stride)} for SAME (TensorFlow's
 * split: the odd extra padding goes to the bottom/right). Weights: kernel (kh, kw, channels, filters) (Keras'
 * layout), bias (filters). Defaults as Keras: stride 1, VALID, dilation 1, linear activation, bias on,
 * Glorot-uniform kernel, zero bias.
 *
 * <p>Internal layout: the data stay channels-last (NHWC) end to end. That is the layout in which im2col copies
 * whole channel runs, the GEMM needs no transposes and writes its output already in NHWC, and pooling vectorizes
 * over the contiguous channel axis; see {@link nabla.kernels.Conv}.
 *
 * <pre>{@code new Conv2D(32, 3).withStride(2).withPadding(Padding.SAME).withActivation(Activation.RELU)}</pre>
 */
public final class Conv2D extends ConvBase<Conv2D> {
    /** {@code filters} output channels, a square {@code kernel}×{@code kernel} window. */
    public Conv2D(int filters, int kernel) {
        this(filters, kernel, kernel, Activation.LINEAR);
    }

    /** As {@link #Conv2D(int, int)} with an activation. */
    public Conv2D(int filters, int kernel, Activation activation) {
        this(filters, kernel, kernel, activation);
    }

    /** A kernelH×kernelW window. */
    public Conv2D(int filters, int kernelH, int kernelW, Activation activation) {
        this(defaults(2, filters, new int[] {kernelH, kernelW}, activation));
    }

    Conv2D(Settings s) {
        if (s.kernel().length != 2 || s.strides().length != 2 || s.dilation().length != 2)
            throw new IllegalArgumentException("Conv2D: kernel size, strides and dilation need two values each");
        super(s);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static Conv2D fromConfig(ConfigMap c) {
        return new Conv2D(ConvBase.fromConfig(c, 2));
    }

    @Override
    Conv2D copy(Settings s) {
        return new Conv2D(s);
    }

    /** A copy with the same stride along both axes. */
    public Conv2D withStride(int stride) {
        return withStrides(new int[] {stride, stride});
    }

    /** A copy with strides (vertical, horizontal). */
    public Conv2D withStride(int strideH, int strideW) {
        return withStrides(new int[] {strideH, strideW});
    }

    /** A copy with the same dilation along both axes (atrous convolution). */
    public Conv2D withDilation(int dilation) {
        return withDilations(new int[] {dilation, dilation});
    }

    /** A copy with dilations (vertical, horizontal). */
    public Conv2D withDilation(int dilationH, int dilationW) {
        return withDilations(new int[] {dilationH, dilationW});
    }
}
