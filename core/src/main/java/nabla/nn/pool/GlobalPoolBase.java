package nabla.nn.pool;

import java.util.Map;
import nabla.autograd.ConvOps;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.internal.Windows;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * The global pooling layers: one max or mean per channel over all spatial positions, giving (batch, channels).
 * No weights, no config keys; masks are not used (padded steps count) and not passed on.
 */
abstract sealed class GlobalPoolBase extends Layer
        permits GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalMaxPooling1D, GlobalMaxPooling2D {
    private final int rank;
    private final boolean max;

    GlobalPoolBase(int rank, boolean max) {
        this.rank = rank;
        this.max = max;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        Windows.checkInput(this, rank, in);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return max ? ConvOps.globalMaxPool(x) : ConvOps.globalAvgPool(x);
    }

    @Override
    public Shape outputShape(Shape in) {
        Windows.checkInput(this, rank, in);
        return Shape.of(in.last());
    }

    @Override
    public Map<String, Object> config() {
        return Map.of();
    }
}
