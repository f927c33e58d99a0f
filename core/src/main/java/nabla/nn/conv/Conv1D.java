package nabla.nn.conv;

import nabla.nn.ConfigMap;
import nabla.autograd.Activation;

/**
 * A 1-D convolution layer (Keras' {@code Conv1D}) over sequences: input (batch, steps, channels), output
 * (batch, outSteps, filters), kernel (k, channels, filters), bias (filters). Output length, padding (an explicit
 * padding uses its left and right amounts) and defaults as {@link Conv2D}; it runs as a 2-D convolution of
 * height 1 on the same channels-last data (no copy).
 */
public final class Conv1D extends ConvBase<Conv1D> {
    /** {@code filters} output channels over windows of {@code kernel} steps. */
    public Conv1D(int filters, int kernel) {
        this(filters, kernel, Activation.LINEAR);
    }

    public Conv1D(int filters, int kernel, Activation activation) {
        this(defaults(1, filters, new int[] {kernel}, activation));
    }

    Conv1D(Settings s) {
        if (s.kernel().length != 1 || s.strides().length != 1 || s.dilation().length != 1)
            throw new IllegalArgumentException("Conv1D: kernel size, strides and dilation need one value each");
        super(s);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static Conv1D fromConfig(ConfigMap c) {
        return new Conv1D(ConvBase.fromConfig(c, 1));
    }

    @Override
    Conv1D copy(Settings s) {
        return new Conv1D(s);
    }

    public Conv1D withStride(int stride) {
        return withStrides(new int[] {stride});
    }

    public Conv1D withDilation(int dilation) {
        return withDilations(new int[] {dilation});
    }
}
