package nabla.nn.pool;

import nabla.nn.ConfigMap;
import nabla.nn.Padding;

/**
 * Max pooling over windows of steps (Keras' {@code MaxPooling1D}): input (batch, steps, channels), output (batch, outSteps, channels). Stride defaults to the pool size; padding VALID
 * (out = floor((in − pool) / stride) + 1) or SAME (out = ceil(in / stride); padded taps are ignored). Channels-last,
 * vectorized over the channel axis ({@link nabla.kernels.Pool}).
 */
public final class MaxPooling1D extends PoolBase<MaxPooling1D> {
    /** Windows of {@code pool} steps with stride {@code pool}. */
    public MaxPooling1D(int pool) {
        this(new int[] {pool}, new int[] {pool}, Padding.VALID);
    }

    /** A copy with another stride. */
    public MaxPooling1D withStride(int stride) {
        return withStrides(new int[] {stride});
    }

    MaxPooling1D(int[] pool, int[] strides, Padding padding) {
        if (pool.length != 1 || strides.length != 1) throw new IllegalArgumentException("MaxPooling1D: pool size and strides need 1 value(s) each");
        super(pool, strides, padding);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static MaxPooling1D fromConfig(ConfigMap c) {
        PoolBase.Window w = PoolBase.fromConfig(c, 1);
        return new MaxPooling1D(w.pool(), w.strides(), w.padding());
    }

    @Override
    MaxPooling1D copy(int[] pool, int[] strides, Padding padding) {
        return new MaxPooling1D(pool, strides, padding);
    }

    @Override
    boolean isMax() {
        return true;
    }
}
