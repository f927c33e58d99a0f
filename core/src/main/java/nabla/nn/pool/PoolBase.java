package nabla.nn.pool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.autograd.ConvOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.internal.Windows;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * What the max and average pooling layers share: pool size, strides (default: the pool size, as Keras),
 * padding (VALID or SAME), output-size arithmetic, the saved form (keys "pool_size", "strides", "padding"). No
 * weights; masks are not passed on. Settings are immutable; {@code withX} returns an unbuilt copy and leaves the
 * receiver unchanged.
 *
 * @param <T> the concrete layer, which the {@code withX} methods return
 */
abstract sealed class PoolBase<T extends PoolBase<T>> extends Layer
        permits MaxPooling1D, MaxPooling2D, AveragePooling1D, AveragePooling2D {
    final int[] pool;
    final int[] strides;
    final Padding padding;

    PoolBase(int[] pool, int[] strides, Padding padding) {
        super();
        String owner = getClass().getSimpleName();
        Windows.positive(owner, "pool size", pool);
        Windows.positive(owner, "strides", strides);
        if (!(Objects.requireNonNull(padding, "padding") instanceof Padding.Valid)
                && !(padding instanceof Padding.Same))
            throw new IllegalArgumentException(owner + ": padding must be VALID or SAME, got " + padding.configValue());
        this.pool = pool.clone();
        this.strides = strides.clone();
        this.padding = padding;
    }

    abstract T copy(int[] pool, int[] strides, Padding padding);

    abstract boolean isMax();

    /**
     * A copy with another padding (this layer is unchanged).
     *
     * @param padding {@link Padding#VALID} (the default) or {@link Padding#SAME}; with SAME the windows at the
     *     edges pool over their real taps only
     * @return the changed copy
     * @throws IllegalArgumentException if {@code padding} is explicit
     * @throws IllegalStateException if this layer is built
     * @throws NullPointerException if {@code padding} is null
     */
    public T withPadding(Padding padding) {
        return keepOptions(copy(pool, strides, padding));
    }

    T withStrides(int[] strides) {
        return keepOptions(copy(pool, strides, padding));
    }

    @Override
    protected void create(Shape in, Rng rng) {
        outputShape(in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Shape in = x.shape().dropFirst();
        int rank = pool.length;
        int[] h = Windows.resolve(padding, rank, rank - 1, in.dim(rank - 1), pool[rank - 1], strides[rank - 1], 1);
        if (rank == 1)
            return isMax()
                    ? ConvOps.maxPool1d(x, pool[0], strides[0], h[0], h[1])
                    : ConvOps.avgPool1d(x, pool[0], strides[0], h[0], h[1]);
        int[] v = Windows.resolve(padding, 2, 0, in.dim(0), pool[0], strides[0], 1);
        return isMax()
                ? ConvOps.maxPool2d(x, pool[0], pool[1], strides[0], strides[1], v[0], v[1], h[0], h[1])
                : ConvOps.avgPool2d(x, pool[0], pool[1], strides[0], strides[1], v[0], v[1], h[0], h[1]);
    }

    @Override
    public Shape outputShape(Shape in) {
        int[] ones = new int[pool.length];
        Arrays.fill(ones, 1);
        return Windows.outputShape(
                this, in, pool, strides, ones, padding, in.rank() == pool.length + 1 ? in.last() : 0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("pool_size", Windows.list(pool));
        c.put("strides", Windows.list(strides));
        c.put("padding", padding.configValue());
        return c;
    }

    /** A pooling window as saved: size, strides and padding. */
    record Window(int[] pool, int[] strides, Padding padding) {}

    /** {pool, strides, padding} read back from {@link #config()} for a rank-{@code rank} layer. */
    static Window fromConfig(ConfigMap c, int rank) {
        c.allowOnly("pool_size", "strides", "padding");
        int[] pool = c.intArray("pool_size", rank, null);
        return new Window(pool, c.intArray("strides", rank, pool), Padding.fromConfig(c.string("padding", "valid")));
    }
}
