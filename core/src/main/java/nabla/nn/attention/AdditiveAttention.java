package nabla.nn.attention;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Additive attention (Bahdanau-style; Keras' {@code layers.AdditiveAttention}): for a query (batch, Tq, dim), a
 * value (batch, Tv, dv) and a key (batch, Tv, dim) (the value when not given), the scores are
 * {@code Σ_d scale_d · tanh(query_{i,d} + key_{j,d})} (batch, Tq, Tv), with the trainable weight "scale" of shape
 * (dim,) (Glorot-uniform initialized, as Keras) when {@code use_scale} (Keras' default, true) and 1 otherwise; the
 * weights are their softmax over the keys and the output is {@code weights · value} (batch, Tq, dv). Masks, the
 * causal mask and the second output as {@link DenseAttention}. Saved config keys: "use_scale", "dropout" (must be
 * 0), and Keras' call options "use_causal_mask" and "return_attention_scores".
 */
public final class AdditiveAttention extends DenseAttention {
    private final boolean useScale;
    private Parameter scale;

    /** Keras' defaults: with the trainable scale, no causal mask, one output. */
    public AdditiveAttention() {
        this(true, false, false);
    }

    private AdditiveAttention(boolean useScale, boolean causal, boolean returnScores) {
        super(causal, returnScores);
        this.useScale = useScale;
    }

    /**
     * A copy with or without the trainable scale (Keras' {@code use_scale}).
     *
     * @param useScale whether to create and apply the weight "scale" (dim,)
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public AdditiveAttention withUseScale(boolean useScale) {
        return keepOptions(new AdditiveAttention(useScale, useCausalMask(), returnAttentionScores()));
    }

    /**
     * A copy that lets each query attend only to keys at or before its step (Keras' {@code use_causal_mask}).
     *
     * @param causal whether to apply the causal mask
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public AdditiveAttention withCausalMask(boolean causal) {
        return keepOptions(new AdditiveAttention(useScale, causal, returnAttentionScores()));
    }

    /**
     * A copy that has the attention weights (batch, Tq, Tv) as a second output (Keras'
     * {@code return_attention_scores}).
     *
     * @param returnScores whether to return the weights too
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public AdditiveAttention withReturnAttentionScores(boolean returnScores) {
        return keepOptions(new AdditiveAttention(useScale, useCausalMask(), returnScores));
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "use_scale" (default true), "dropout" (must be 0), "use_causal_mask",
     *     "return_attention_scores" (default false); Keras' "causal" is read as "use_causal_mask"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type, or the dropout is not 0
     */
    public static AdditiveAttention fromConfig(ConfigMap c) {
        c.allowOnly("use_scale", "dropout", "use_causal_mask", "causal", "return_attention_scores");
        Attention.requireNoDropout("AdditiveAttention", c.floatValue("dropout", 0f));
        return new AdditiveAttention(
                c.boolValue("use_scale", true),
                c.boolValue("use_causal_mask", c.boolValue("causal", false)),
                c.boolValue("return_attention_scores", false));
    }

    /**
     * Whether the tanh terms are weighted by the trainable "scale".
     *
     * @return Keras' {@code use_scale}
     */
    public boolean useScale() {
        return useScale;
    }

    @Override
    protected void create(Shape query, Rng rng) {
        if (query.rank() != 2)
            throw new IllegalArgumentException(
                    describe() + ": the query must be (batch, steps, features), got " + withBatch(query));
        if (useScale) scale = addWeight("scale", Shape.of(query.dim(1)), Initializer.glorotUniform(), rng, true);
    }

    @Override
    Tensor scores(Tensor query, Tensor key) {
        int b = query.dim(0), tq = query.dim(1), tv = key.dim(1), d = query.dim(2);
        Tensor t = query.reshape(b, tq, 1, d).add(key.reshape(b, 1, tv, d)).tanh();
        if (useScale) t = t.mul(scale.tensor());
        return t.sum(false, 3);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("use_scale", useScale);
        c.put("dropout", 0.0);
        c.put("use_causal_mask", useCausalMask());
        c.put("return_attention_scores", returnAttentionScores());
        return c;
    }
}
