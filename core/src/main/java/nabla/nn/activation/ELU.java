package nabla.nn.activation;

import nabla.nn.ConfigMap;
import nabla.nn.SameShapeLayer;
import java.util.Map;
import nabla.autograd.ActivationOps;
import nabla.autograd.Tensor;

/** ELU as a layer: {@code x > 0 ? x : alpha·(eˣ − 1)}, any input shape, output the same shape; Keras default alpha 1. */
public final class ELU extends SameShapeLayer {
    private final float alpha;

    public ELU() {
        this(1f);
    }

    public ELU(float alpha) {
        if (!Float.isFinite(alpha)) throw new IllegalArgumentException("ELU: alpha must be a finite number, got " + alpha);
        super();
        this.alpha = alpha;
    }

    /** Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}). */
    public static ELU fromConfig(ConfigMap c) {
        return new ELU(c.allowOnly("alpha").floatValue("alpha", 1f));
    }

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
