package nabla.nn.attention;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.AttentionOps;
import nabla.autograd.Tensor;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Multi-head attention (Vaswani et al. 2017; Keras' {@code layers.MultiHeadAttention}) with Keras' weight layout.
 * For a query (batch, Tq, dq), a value (batch, Tv, dv) and a key (batch, Tv, dk) (the value when not given), each
 * head h projects them, {@code Q = query·Wq[:, h, :] + bq[h]} (key_dim features, likewise K, and V with value_dim),
 * computes the weights {@code softmax(Q·Kᵀ / sqrt(key_dim))} (batch, heads, Tq, Tv) over the keys, and the heads'
 * outputs {@code weights·V} are projected back, {@code Σ_h O_h·Wo[h] + bo}, to (batch, Tq, output_shape), the
 * query's features by default. Weights, in Keras' order: "query_kernel" (dq, heads, key_dim), "query_bias" (heads,
 * key_dim), "key_kernel" (dk, heads, key_dim), "key_bias", "value_kernel" (dv, heads, value_dim), "value_bias"
 * (heads, value_dim), "output_kernel" (heads, value_dim, out), "output_bias" (out,); no biases without
 * {@code use_bias}. Kernels are Glorot-uniform with Keras' fans, biases zeros. Runs as batched matrix products
 * over all heads at once; the masked softmax is one fused op ({@link AttentionOps#maskedSoftmax}).
 *
 * <p>Masks as Keras: a query may attend to a key unless the query's padding mask is 0 at it, the value's (or
 * key's) mask is 0 at the key, the causal mask hides it (the key comes after the query, with
 * {@code use_causal_mask}), or an explicit attention mask (batch, Tq, Tv) given to {@link #attend} is 0 there;
 * hidden pairs get 1e9 subtracted before the softmax and a weight of exactly 0 after it (Keras' {@code Softmax}
 * with a mask), so a query that may attend to nothing gets zero weights and the output bias. The output's mask
 * is the query's. With {@code return_attention_scores} the weights are a second output. Keras'
 * {@code attention_axes} must be null (attention over the steps axis of (batch, steps, features) inputs) and
 * {@code dropout} 0.
 */
public final class MultiHeadAttention extends Layer {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    private final boolean useBias;
    private final int outputDim; // 0: the query's features
    private final boolean causal;
    private final boolean returnScores;
    private List<Shape> builtShapes;
    private List<Shape> pendingShapes;
    private Parameter qk, qb, kk, kb, vk, vb, ok, ob;

    /**
     * Keras' defaults: value_dim = key_dim, biases, the query's features out, no causal mask, one output.
     *
     * @param numHeads the number of heads
     * @param keyDim the size of each head's query and key
     * @throws IllegalArgumentException if a size is not positive
     */
    public MultiHeadAttention(int numHeads, int keyDim) {
        this(numHeads, keyDim, keyDim, true, 0, false, false);
    }

    private MultiHeadAttention(
            int numHeads,
            int keyDim,
            int valueDim,
            boolean useBias,
            int outputDim,
            boolean causal,
            boolean returnScores) {
        if (numHeads < 1 || keyDim < 1 || valueDim < 1 || outputDim < 0)
            throw new IllegalArgumentException("MultiHeadAttention: num_heads, key_dim, value_dim and output_shape"
                    + " must be positive, got " + numHeads + ", " + keyDim + ", " + valueDim + ", "
                    + (outputDim == 0 ? "null" : outputDim));
        super();
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.useBias = useBias;
        this.outputDim = outputDim;
        this.causal = causal;
        this.returnScores = returnScores;
    }

    /**
     * A copy with another size of each head's value (Keras' {@code value_dim}).
     *
     * @param valueDim the size
     * @return the changed copy
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if this layer is built
     */
    public MultiHeadAttention withValueDim(int valueDim) {
        return keepOptions(
                new MultiHeadAttention(numHeads, keyDim, valueDim, useBias, outputDim, causal, returnScores));
    }

    /**
     * A copy with or without the projections' biases (Keras' {@code use_bias}).
     *
     * @param useBias whether to add biases
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public MultiHeadAttention withUseBias(boolean useBias) {
        return keepOptions(
                new MultiHeadAttention(numHeads, keyDim, valueDim, useBias, outputDim, causal, returnScores));
    }

    /**
     * A copy with another number of output features (Keras' {@code output_shape} as one integer).
     *
     * @param outputShape the features of the output, or 0 for the query's (Keras' null)
     * @return the changed copy
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if this layer is built
     */
    public MultiHeadAttention withOutputShape(int outputShape) {
        return keepOptions(
                new MultiHeadAttention(numHeads, keyDim, valueDim, useBias, outputShape, causal, returnScores));
    }

    /**
     * A copy that lets each query attend only to keys at or before its step (Keras' {@code use_causal_mask}).
     *
     * @param causal whether to apply the causal mask
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public MultiHeadAttention withCausalMask(boolean causal) {
        return keepOptions(
                new MultiHeadAttention(numHeads, keyDim, valueDim, useBias, outputDim, causal, returnScores));
    }

    /**
     * A copy that has the attention weights (batch, heads, Tq, Tv) as a second output (Keras'
     * {@code return_attention_scores}).
     *
     * @param returnScores whether to return the weights too
     * @return the changed copy
     * @throws IllegalStateException if this layer is built
     */
    public MultiHeadAttention withReturnAttentionScores(boolean returnScores) {
        return keepOptions(
                new MultiHeadAttention(numHeads, keyDim, valueDim, useBias, outputDim, causal, returnScores));
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "num_heads", "key_dim" (required), "value_dim" (default key_dim), "use_bias"
     *     (default true), "output_shape" (null or one integer), "dropout" (must be 0), "attention_axes" (must be
     *     null), "use_causal_mask", "return_attention_scores" (default false)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid, or an
     *     unsupported option is set
     */
    public static MultiHeadAttention fromConfig(ConfigMap c) {
        c.allowOnly(
                "num_heads",
                "key_dim",
                "value_dim",
                "use_bias",
                "output_shape",
                "dropout",
                "attention_axes",
                "use_causal_mask",
                "return_attention_scores");
        Attention.requireNoDropout("MultiHeadAttention", c.floatValue("dropout", 0f));
        if (!c.isNull("attention_axes"))
            throw new IllegalArgumentException("MultiHeadAttention: only attention_axes = null (attention over the"
                    + " steps of (batch, steps, features) inputs) is supported, got " + c);
        int keyDim = c.intValue("key_dim");
        int[] out = c.isNull("output_shape") ? new int[0] : c.intArray("output_shape", 1, null);
        return new MultiHeadAttention(
                c.intValue("num_heads"),
                keyDim,
                c.isNull("value_dim") ? keyDim : c.intValue("value_dim"),
                c.boolValue("use_bias", true),
                out.length == 0 ? 0 : out[0],
                c.boolValue("use_causal_mask", false),
                c.boolValue("return_attention_scores", false));
    }

    /**
     * The number of heads.
     *
     * @return Keras' {@code num_heads}
     */
    public int numHeads() {
        return numHeads;
    }

    /**
     * The size of each head's query and key.
     *
     * @return Keras' {@code key_dim}
     */
    public int keyDim() {
        return keyDim;
    }

    /**
     * The size of each head's value.
     *
     * @return Keras' {@code value_dim}
     */
    public int valueDim() {
        return valueDim;
    }

    /**
     * Whether the projections have biases.
     *
     * @return Keras' {@code use_bias}
     */
    public boolean useBias() {
        return useBias;
    }

    /**
     * The output's features as set.
     *
     * @return Keras' {@code output_shape}, or 0 for the query's features (Keras' null)
     */
    public int outputShapeSetting() {
        return outputDim;
    }

    /**
     * Whether a query attends only to keys at or before its step.
     *
     * @return Keras' {@code use_causal_mask}
     */
    public boolean useCausalMask() {
        return causal;
    }

    /**
     * Whether the weights are a second output.
     *
     * @return Keras' {@code return_attention_scores}
     */
    public boolean returnAttentionScores() {
        return returnScores;
    }

    /**
     * The output and the attention weights of one call.
     *
     * @param output the output (batch, Tq, out)
     * @param scores the attention weights after the softmax (batch, heads, Tq, Tv)
     */
    public record Result(Tensor output, Tensor scores) {}

    private static final String[] ROLE = {"query", "value", "key"};

    private void check(List<Shape> in) {
        if (in.size() != 2 && in.size() != 3)
            throw new IllegalArgumentException(describe()
                    + ": expected the inputs [query, value] or [query, value, key], got " + in.size() + " inputs");
        for (int i = 0; i < in.size(); i++)
            if (in.get(i).rank() != 2)
                throw new IllegalArgumentException(describe() + ": the " + ROLE[i]
                        + " must be (batch, steps, features) (attention_axes = null), got " + withBatch(in.get(i)));
        Shape v = in.get(1), k = in.size() == 3 ? in.get(2) : v;
        if (k.dim(0) != v.dim(0))
            throw new IllegalArgumentException(describe() + ": the key and the value differ in steps, key "
                    + withBatch(k) + " and value " + withBatch(v));
    }

    private static List<Shape> full(List<Shape> in) {
        return in.size() == 3 ? in : List.of(in.get(0), in.get(1), in.get(1));
    }

    /**
     * Checks the shapes and creates the weights for them (query, value and key features).
     *
     * @param inputShapes the per-sample shapes of the query, the value and, optionally, the key
     * @throws IllegalArgumentException if the shapes do not fit, or the layer is built for other shapes
     */
    @Override
    public void buildFor(List<Shape> inputShapes) {
        check(inputShapes);
        List<Shape> f = full(inputShapes);
        if (isBuilt()) {
            if (!builtShapes.get(0).equals(f.get(0))
                    || builtShapes.get(1).dim(1) != f.get(1).dim(1)
                    || builtShapes.get(2).dim(1) != f.get(2).dim(1))
                throw new IllegalArgumentException(describe() + ": built for query " + withBatch(builtShapes.get(0))
                        + ", value " + withBatch(builtShapes.get(1)) + " and key " + withBatch(builtShapes.get(2))
                        + ", got query " + withBatch(f.get(0)) + ", value " + withBatch(f.get(1)) + " and key "
                        + withBatch(f.get(2)));
            return;
        }
        pendingShapes = f;
        try {
            build(f.get(0));
        } finally {
            pendingShapes = null;
        }
        builtShapes = f;
    }

    @Override
    protected void create(Shape query, Rng rng) {
        List<Shape> shapes = pendingShapes != null ? pendingShapes : List.of(query, query, query); // self-attention
        if (query.rank() != 2)
            throw new IllegalArgumentException(describe()
                    + ": the query must be (batch, steps, features) (attention_axes = null), got " + withBatch(query));
        int dq = query.dim(1), dv = shapes.get(1).dim(1), dk = shapes.get(2).dim(1);
        int out = outputDim == 0 ? dq : outputDim;
        Initializer glorot = Initializer.glorotUniform(), zeros = Initializer.zeros();
        qk = addWeight("query_kernel", Shape.of(dq, numHeads, keyDim), glorot, rng, true);
        if (useBias) qb = addWeight("query_bias", Shape.of(numHeads, keyDim), zeros, rng, true);
        kk = addWeight("key_kernel", Shape.of(dk, numHeads, keyDim), glorot, rng, true);
        if (useBias) kb = addWeight("key_bias", Shape.of(numHeads, keyDim), zeros, rng, true);
        vk = addWeight("value_kernel", Shape.of(dv, numHeads, valueDim), glorot, rng, true);
        if (useBias) vb = addWeight("value_bias", Shape.of(numHeads, valueDim), zeros, rng, true);
        ok = addWeight("output_kernel", Shape.of(numHeads, valueDim, out), glorot, rng, true);
        if (useBias) ob = addWeight("output_bias", Shape.of(out), zeros, rng, true);
        builtShapes = shapes;
    }

    /** x (batch, T, d) → (batch, heads, T, size) through kernel (d, heads, size) and bias (heads, size). */
    private Tensor project(Tensor x, Parameter kernel, Parameter bias, int size) {
        int b = x.dim(0), t = x.dim(1), d = x.dim(2);
        Tensor y = x.matmul(kernel.tensor().reshape(d, numHeads * size));
        if (bias != null) y = y.add(bias.tensor().reshape(numHeads * size));
        return y.reshape(b, t, numHeads, size).permute(0, 2, 1, 3);
    }

    /**
     * Attends without masks: {@link #attend(Tensor, Tensor, Tensor, NDArray, NDArray, NDArray, NDArray)} with none.
     *
     * @param query the query (batch, Tq, dq)
     * @param value the value (batch, Tv, dv), also the key
     * @return the output and the weights
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public Result attend(Tensor query, Tensor value) {
        return attend(query, value, null, null, null, null, null);
    }

    /**
     * Multi-head attention of {@code query} over {@code key}, applied to {@code value}, with Keras' masking (see the
     * class comment); builds the layer on first use.
     *
     * @param query the query (batch, Tq, dq)
     * @param value the value (batch, Tv, dv)
     * @param key the key (batch, Tv, dk), or null for the value
     * @param attentionMask Keras' {@code attention_mask} (batch, Tq, Tv): nonzero where a query may attend to a key;
     *     or null
     * @param queryMask the query's padding mask (batch, Tq), or null
     * @param valueMask the value's padding mask (batch, Tv), or null
     * @param keyMask the key's padding mask (batch, Tv), or null
     * @return the output (batch, Tq, out) and the weights (batch, heads, Tq, Tv)
     * @throws IllegalArgumentException if the shapes, batch sizes or masks do not fit, or the layer is built for
     *     other shapes
     */
    public Result attend(
            Tensor query,
            Tensor value,
            Tensor key,
            NDArray attentionMask,
            NDArray queryMask,
            NDArray valueMask,
            NDArray keyMask) {
        boolean ownKey = key != null;
        if (key == null) key = value;
        List<Tensor> ins = List.of(query, value, key);
        for (int i = 0; i < 3; i++)
            if (ins.get(i).rank() != 3)
                throw new IllegalArgumentException(describe() + ": the " + ROLE[i]
                        + " must be (batch, steps, features), got " + ins.get(i).shape());
        if (value.dim(0) != query.dim(0) || key.dim(0) != query.dim(0))
            throw new IllegalArgumentException(describe() + ": the inputs differ in batch size, query " + query.shape()
                    + ", value " + value.shape() + ", key " + key.shape());
        List<Shape> shapes =
                new ArrayList<>(List.of(query.shape().dropFirst(), value.shape().dropFirst()));
        if (ownKey) shapes.add(key.shape().dropFirst());
        buildFor(shapes);
        int b = query.dim(0), tq = query.dim(1), tv = value.dim(1);
        Masks.checkSteps(this, "query", queryMask, b, tq);
        Masks.checkSteps(this, "value", valueMask, b, tv);
        Masks.checkSteps(this, "key", keyMask, b, tv);
        if (attentionMask != null
                && (attentionMask.rank() != 3
                        || attentionMask.dim(0) != b
                        || attentionMask.dim(1) != tq
                        || attentionMask.dim(2) != tv))
            throw new IllegalArgumentException(describe() + ": the attention mask " + attentionMask.shape()
                    + " does not fit; expected (batch, Tq, Tv) = (" + b + ", " + tq + ", " + tv + ")");
        Tensor q = project(query, qk, qb, keyDim).mul((float) (1.0 / Math.sqrt(keyDim)));
        Tensor k = project(key, kk, kb, keyDim);
        Tensor v = project(value, vk, vb, valueDim);
        Tensor s = q.matmul(k.transpose()); // (b, heads, tq, tv)
        NDArray keep = Masks.keep(b, tq, tv, queryMask, valueMask, keyMask, causal, attentionMask);
        Tensor w = AttentionOps.maskedSoftmax(s, keep, DenseAttention.MASKED, true);
        Tensor o = w.matmul(v).permute(0, 2, 1, 3).reshape(b, tq, numHeads * valueDim);
        int out = ok.shape().dim(2);
        Tensor y = o.matmul(ok.tensor().reshape(numHeads * valueDim, out));
        if (ob != null) y = y.add(ob.tensor());
        return new Result(y, w);
    }

    /**
     * {@link #attend} at a node of a functional graph, with the inputs' padding masks.
     *
     * @param inputs [query, value] or [query, value, key]
     * @param masks their masks
     * @param training unused: no dropout
     * @return the output and, with {@link #returnAttentionScores()}, the weights
     * @throws IllegalArgumentException if the inputs do not fit
     */
    @Override
    public List<Tensor> applyAll(List<Tensor> inputs, List<NDArray> masks, boolean training) {
        if (inputs.size() != 2 && inputs.size() != 3)
            throw new IllegalArgumentException(describe()
                    + ": expected the inputs [query, value] or [query, value, key], got " + inputs.size() + " inputs");
        Result r = attend(
                inputs.get(0),
                inputs.get(1),
                inputs.size() == 3 ? inputs.get(2) : null,
                null,
                masks.isEmpty() ? null : masks.get(0),
                masks.size() < 2 ? null : masks.get(1),
                masks.size() < 3 ? null : masks.get(2));
        return returnScores ? List.of(r.output(), r.scores()) : List.of(r.output());
    }

    /**
     * The query's mask for the output, and none for the weights.
     *
     * @param inputs the input batches
     * @param masks their masks
     * @return the query's mask (possibly null), then null for the weights with {@link #returnAttentionScores()}
     */
    @Override
    public List<NDArray> computeMasks(List<Tensor> inputs, List<NDArray> masks) {
        List<NDArray> out = new ArrayList<>(2);
        out.add(masks.isEmpty() ? null : masks.getFirst());
        if (returnScores) out.add(null);
        return out;
    }

    /**
     * The output's per-sample shape (Tq, out) and, with {@link #returnAttentionScores()}, the weights' (heads, Tq,
     * Tv).
     *
     * @param inputShapes the inputs' per-sample shapes
     * @return one or two shapes
     * @throws IllegalArgumentException if the shapes do not fit
     */
    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        check(inputShapes);
        Shape q = inputShapes.get(0), v = inputShapes.get(1);
        Shape out = Shape.of(q.dim(0), outputDim == 0 ? q.dim(1) : outputDim);
        return returnScores ? List.of(out, Shape.of(numHeads, q.dim(0), v.dim(0))) : List.of(out);
    }

    /**
     * Self-attention of a single input (query = value = key), e.g. in a {@code Sequential}.
     *
     * @param x the input (batch, steps, features)
     * @param training unused
     * @return the output
     */
    @Override
    protected Tensor call(Tensor x, boolean training) {
        return attend(x, x).output();
    }

    /**
     * Self-attention of a single input with its padding mask as the query's and the value's.
     *
     * @param x the input (batch, steps, features)
     * @param mask its padding mask (batch, steps)
     * @param training unused
     * @return the output
     */
    @Override
    protected Tensor call(Tensor x, NDArray mask, boolean training) {
        return attend(x, x, null, null, mask, mask, null).output();
    }

    /**
     * The input's mask (self-attention keeps the query's mask).
     *
     * @param x the input batch
     * @param mask its mask, or null
     * @return {@code mask}
     */
    @Override
    public NDArray computeMask(Tensor x, NDArray mask) {
        return mask;
    }

    /**
     * The output's per-sample shape for self-attention of one input (steps, out).
     *
     * @param sampleShape the input's per-sample shape
     * @return the output's per-sample shape
     * @throws IllegalArgumentException if the input is not (batch, steps, features)
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        return outputShapes(List.of(sampleShape, sampleShape)).getFirst();
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", 0.0);
        c.put("use_bias", useBias);
        c.put("output_shape", outputDim == 0 ? null : outputDim);
        c.put("attention_axes", null);
        c.put("use_causal_mask", causal);
        c.put("return_attention_scores", returnScores);
        return c;
    }
}
