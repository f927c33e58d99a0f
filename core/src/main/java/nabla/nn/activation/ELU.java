package nabla.nn.activation;

import java.util.Map;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;

/**
 * ELU as a layer (Keras' {@code ELU}, PyTorch's {@code nn.ELU}): {@code x > 0 ? x : alpha·(eˣ − 1)}, any input
 * shape, output the same shape, no weights; Keras default alpha 1. Saved config key: "alpha".
 */
public final class ELU extends SameShapeLayer {
    private final float alpha;

    /** Alpha 1 (Keras' and PyTorch's default). */
    public ELU() {
        this(1f);
    }

    /**
     * An ELU with another alpha.
     *
     * @param alpha the scale of the negative part, finite
     * @throws IllegalArgumentException if {@code alpha} is infinite or NaN
     */
    public ELU(float alpha) {
        if (!Float.isFinite(alpha))
            throw new IllegalArgumentException("ELU: alpha must be a finite number, got " + alpha);
        super();
        this.alpha = alpha;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "alpha" (default 1)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static ELU fromConfig(ConfigMap c) {
        return new ELU(c.allowOnly("alpha").floatValue("alpha", 1f));
    }

    /**
     * The scale of the negative part.
     *
     * @return alpha
     */
    public float alpha() {
        return alpha;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return ActivationOps.elu(x, alpha);
    }

    @Override
    public Map<String, Object> config() {
        return config("alpha", alpha);
    }
}
