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
 * Dot-product attention (Luong-style; Keras' {@code layers.Attention}): for a query (batch, Tq, dim), a value
 * (batch, Tv, dv) and a key (batch, Tv, dim) (the value when not given), the scores are
 * {@code query · keyᵀ} (batch, Tq, Tv), times the trainable scalar weight "scale" (initialized to 1) with
 * {@code use_scale}; the weights are their softmax over the keys and the output is {@code weights · value}
 * (batch, Tq, dv). With {@code score_mode = "concat"} the scores are
 * {@code concat_score_weight · Σ_d tanh(scale·(query_i + key_j))} (the scale only with {@code use_scale}), with a
 * trainable scalar "concat_score_weight" (initialized to 1), as Keras. Masks, the causal mask and the second output
 * as {@link DenseAttention}. Keras' defaults: {@code use_scale=False}, {@code score_mode="dot"},
 * {@code dropout=0}. Weights, in order: "scale" (shape (), with use_scale), "concat_score_weight" (shape (), in
 * concat mode). Saved config keys: "use_scale", "score_mode", "dropout", and Keras' call options
 * "use_causal_mask" and "return_attention_scores".
 */
public final class Attention extends DenseAttention {
    private final boolean useScale;
    private final String scoreMode;
    private Parameter scale;
    private Parameter concatScoreWeight;

    /** Keras' defaults: dot scores, no scale, no causal mask, one output. */
    public Attention() {
        this(false, "dot", false, false);
    }

    private Attention(boolean useScale, String scoreMode, boolean causal, boolean returnScores) {
        if (!scoreMode.equals("dot") && !scoreMode.equals("concat"))
            throw new IllegalArgumentException(
                    "Attention: score_mode must be \"dot\" or \"concat\", got \"" + scoreMode + "\"");
        super(causal, returnScores);
        this.useScale = useScale;
        this.scoreMode = scoreMode;
    }

    /**
     * A copy with or without the trainable scale (Keras' {@code use_scale}).
     *
     * @param useScale whether to create and apply the weight "scale"
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Attention withUseScale(boolean useScale) {
        return keepOptions(new Attention(useScale, scoreMode, useCausalMask(), returnAttentionScores()));
    }

    /**
     * A copy with another score function (Keras' {@code score_mode}).
     *
     * @param scoreMode "dot" or "concat"
     * @return the changed copy
     * @throws IllegalArgumentException if the mode is neither
     * @throws IllegalStateException if this layer is built
     */
    public Attention withScoreMode(String scoreMode) {
        return keepOptions(new Attention(useScale, scoreMode, useCausalMask(), returnAttentionScores()));
    }

    /**
     * A copy that lets each query attend only to keys at or before its step (Keras' {@code use_causal_mask}).
     *
     * @param causal whether to apply the causal mask
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Attention withCausalMask(boolean causal) {
        return keepOptions(new Attention(useScale, scoreMode, causal, returnAttentionScores()));
    }

    /**
     * A copy that has the attention weights (batch, Tq, Tv) as a second output (Keras'
     * {@code return_attention_scores}).
     *
     * @param returnScores whether to return the weights too
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public Attention withReturnAttentionScores(boolean returnScores) {
        return keepOptions(new Attention(useScale, scoreMode, useCausalMask(), returnScores));
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "use_scale" (default false), "score_mode" (default "dot"), "dropout" (must be 0),
     *     "use_causal_mask", "return_attention_scores" (default false); Keras' "causal" is read as
     *     "use_causal_mask"
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid, or the
     *     dropout is not 0
     */
    public static Attention fromConfig(ConfigMap c) {
        c.allowOnly("use_scale", "score_mode", "dropout", "use_causal_mask", "causal", "return_attention_scores");
        requireNoDropout("Attention", c.floatValue("dropout", 0f));
        return new Attention(
                c.boolValue("use_scale", false),
                c.string("score_mode", "dot"),
                c.boolValue("use_causal_mask", c.boolValue("causal", false)),
                c.boolValue("return_attention_scores", false));
    }

    static void requireNoDropout(String type, float dropout) {
        if (dropout != 0f)
            throw new IllegalArgumentException(type + ": attention dropout is not implemented, dropout must be 0, got "
                    + dropout + " (add a Dropout layer after it instead)");
    }

    /**
     * Whether the scores are multiplied by the trainable "scale".
     *
     * @return Keras' {@code use_scale}
     */
    public boolean useScale() {
        return useScale;
    }

    /**
     * The score function.
     *
     * @return "dot" or "concat"
     */
    public String scoreMode() {
        return scoreMode;
    }

    @Override
    protected void create(Shape query, Rng rng) {
        if (query.rank() != 2)
            throw new IllegalArgumentException(
                    describe() + ": the query must be (batch, steps, features), got " + withBatch(query));
        if (useScale) scale = addWeight("scale", Shape.of(), Initializer.ones(), rng, true);
        if (scoreMode.equals("concat"))
            concatScoreWeight = addWeight("concat_score_weight", Shape.of(), Initializer.ones(), rng, true);
    }

    @Override
    Tensor scores(Tensor query, Tensor key) {
        if (scoreMode.equals("dot")) {
            Tensor s = query.matmul(key.transpose());
            return useScale ? s.mul(scale.tensor()) : s;
        }
        int b = query.dim(0), tq = query.dim(1), tv = key.dim(1), d = query.dim(2);
        Tensor sum = query.reshape(b, tq, 1, d).add(key.reshape(b, 1, tv, d));
        if (useScale) sum = sum.mul(scale.tensor());
        return sum.tanh().sum(false, 3).mul(concatScoreWeight.tensor());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        c.put("dropout", 0.0);
        c.put("use_causal_mask", useCausalMask());
        c.put("return_attention_scores", returnAttentionScores());
        return c;
    }
}
