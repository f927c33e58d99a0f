package nabla.losses;

import java.util.Map;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * The Huber loss, as Keras' {@code Huber(delta)}: for each element with error {@code d = yPred − yTrue},
 * {@code ½·d²} where {@code |d| ≤ delta} and {@code delta·(|d| − ½·delta)} beyond, averaged over all elements;
 * squared near zero, absolute (robust to outliers) far out. Written as {@code ½·q² + delta·(|d| − q)} with
 * {@code q = min(|d|, delta)}, whose gradient is continuous. PyTorch's {@code HuberLoss(delta)} is the same; its
 * {@code SmoothL1Loss(beta)} is this divided by beta. Name "huber" (alias "huber_loss"); delta is saved with the
 * model ({@link #config()}).
 */
public final class Huber extends Loss {
    private final float delta;

    /** With Keras' (and PyTorch's) default delta of 1. */
    public Huber() {
        this(1f);
    }

    /**
     * With the given threshold between the squared and the absolute regime.
     *
     * @param delta the threshold, in the units of the targets; positive and finite
     * @throws IllegalArgumentException when delta is not positive and finite
     */
    public Huber(float delta) {
        if (!(delta > 0) || !Float.isFinite(delta))
            throw new IllegalArgumentException("Huber: delta must be positive and finite, got " + delta);
        this.delta = delta;
    }

    /**
     * The threshold between the squared and the absolute regime.
     *
     * @return delta
     */
    public float delta() {
        return delta;
    }

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        Tensor a = yPred.sub(Tensor.of(yTrue)).abs();
        Tensor q = a.minimum(Tensor.of(NDArray.scalar(delta)));
        return q.mul(q).mul(0.5f).add(a.sub(q).mul(delta));
    }

    @Override
    public String name() {
        return "huber";
    }

    /**
     * {@code {"delta": delta}}, the delta as a double.
     *
     * @return the settings
     */
    @Override
    public Map<String, Object> config() {
        return Map.of("delta", (double) delta);
    }
}
