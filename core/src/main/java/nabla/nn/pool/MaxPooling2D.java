package nabla.nn.pool;

import nabla.nn.ConfigMap;
import nabla.nn.Padding;

/**
 * Max pooling over 2-D windows (Keras' {@code MaxPooling2D}): input (batch, height, width, channels), output (batch, outH, outW, channels). Stride defaults to the pool size; padding VALID
 * (out = floor((in − pool) / stride) + 1) or SAME (out = ceil(in / stride); padded taps are ignored). Channels-last,
 * vectorized over the channel axis ({@link nabla.kernels.Pool}).
 */
public final class MaxPooling2D extends PoolBase<MaxPooling2D> {
    /** A square {@code pool}×{@code pool} window with stride {@code pool}. */
    public MaxPooling2D(int pool) {
        this(pool, pool);
    }

    /** A poolH×poolW window with strides equal to it. */
    public MaxPooling2D(int poolH, int poolW) {
        this(new int[] {poolH, poolW}, new int[] {poolH, poolW}, Padding.VALID);
    }

    /** A copy with the same stride along both axes. */
    public MaxPooling2D withStride(int stride) {
        return withStrides(new int[] {stride, stride});
    }

    /** A copy with strides (vertical, horizontal). */
    public MaxPooling2D withStride(int strideH, int strideW) {
        return withStrides(new int[] {strideH, strideW});
    }

    MaxPooling2D(int[] pool, int[] strides, Padding padding) {
        if (pool.length != 2 || strides.length != 2) throw new IllegalArgumentException("MaxPooling2D: pool size and strides need 2 value(s) each");
        super(pool, strides, padding);
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static MaxPooling2D fromConfig(ConfigMap c) {
        PoolBase.Window w = PoolBase.fromConfig(c, 2);
        return new MaxPooling2D(w.pool(), w.strides(), w.padding());
    }

    @Override
    MaxPooling2D copy(int[] pool, int[] strides, Padding padding) {
        return new MaxPooling2D(pool, strides, padding);
    }

    @Override
    boolean isMax() {
        return true;
    }
}
