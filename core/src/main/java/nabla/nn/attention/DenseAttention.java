package nabla.nn.attention;

import java.util.ArrayList;
import java.util.List;
import nabla.autograd.AttentionOps;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * What {@link Attention} and {@link AdditiveAttention} share (Keras' {@code BaseDenseAttention}): inputs
 * [query (batch, Tq, dim), value (batch, Tv, dv)] or [query, value, key (batch, Tv, dim)], the key defaulting to
 * the value; scores (batch, Tq, Tv) from the query and key (the subclass's formula); a softmax over the keys;
 * the output {@code weights · value} (batch, Tq, dv). Masks as Keras: where the value's mask is 0 (a padded key)
 * and, with {@link #useCausalMask()}, where the key comes after the query (j &gt; i), the score has 1e9 subtracted
 * before the softmax, so its weight is 0 (a query that sees no key at all gets about equal weights, as in
 * Keras); the query's mask sets the output rows of padded queries to 0 and is the output's mask. With
 * {@link #returnAttentionScores()} the layer has a second output, the weights (batch, Tq, Tv). Attention dropout
 * is not implemented (Keras' {@code dropout} must be 0).
 */
public abstract sealed class DenseAttention extends Layer permits Attention, AdditiveAttention {
    /** What Keras subtracts from masked scores in float32. */
    static final float MASKED = 1e9f;

    private final boolean causal;
    private final boolean returnScores;

    /**
     * For the subclasses: the call-time options Keras passes to {@code call}, kept as settings here.
     *
     * @param causal Keras' {@code use_causal_mask}
     * @param returnScores Keras' {@code return_attention_scores}
     */
    DenseAttention(boolean causal, boolean returnScores) {
        this.causal = causal;
        this.returnScores = returnScores;
    }

    /**
     * The output and the attention weights of one call.
     *
     * @param output the attended values (batch, Tq, dv)
     * @param scores the attention weights after the softmax (batch, Tq, Tv)
     */
    public record Result(Tensor output, Tensor scores) {}

    /**
     * Whether a query attends only to keys at or before its own step (Keras' {@code use_causal_mask=True}).
     *
     * @return the flag
     */
    public boolean useCausalMask() {
        return causal;
    }

    /**
     * Whether the layer has the attention weights as a second output (Keras' {@code return_attention_scores}).
     *
     * @return the flag
     */
    public boolean returnAttentionScores() {
        return returnScores;
    }

    /**
     * The scores (batch, Tq, Tv) before masking and softmax.
     *
     * @param query the query (batch, Tq, dim)
     * @param key the key (batch, Tv, dim)
     * @return the scores
     */
    abstract Tensor scores(Tensor query, Tensor key);

    /**
     * Checks the per-sample shapes of the inputs; errors name the layer and the shapes.
     *
     * @param in the inputs' per-sample shapes: query, value and, optionally, key
     * @throws IllegalArgumentException if there are not 2 or 3 inputs, an input is not (batch, steps, features),
     *     the key's and value's steps differ, or the query's and key's features differ
     */
    void check(List<Shape> in) {
        if (in.size() != 2 && in.size() != 3)
            throw new IllegalArgumentException(describe()
                    + ": expected the inputs [query, value] or [query, value, key], got " + in.size() + " inputs");
        Shape q = in.get(0), v = in.get(1), k = in.size() == 3 ? in.get(2) : v;
        for (int i = 0; i < in.size(); i++)
            if (in.get(i).rank() != 2)
                throw new IllegalArgumentException(describe() + ": the " + ROLE[i]
                        + " must be (batch, steps, features), got " + withBatch(in.get(i)));
        if (k.dim(0) != v.dim(0))
            throw new IllegalArgumentException(describe() + ": the key and the value differ in steps, key "
                    + withBatch(k) + " and value " + withBatch(v));
        if (q.dim(1) != k.dim(1))
            throw new IllegalArgumentException(describe() + ": the query and the " + (in.size() == 3 ? "key" : "value")
                    + " differ in features, query " + withBatch(q) + " and " + (in.size() == 3 ? "key " : "value ")
                    + withBatch(k));
    }

    private static final String[] ROLE = {"query", "value", "key"};

    /**
     * Attends without masks: {@link #attend(Tensor, Tensor, Tensor, NDArray, NDArray)} with none.
     *
     * @param query the query (batch, Tq, dim)
     * @param value the value (batch, Tv, dv), also the key
     * @return the output and the weights
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public Result attend(Tensor query, Tensor value) {
        return attend(query, value, null, null, null);
    }

    /**
     * The attention of {@code query} over {@code key}, applied to {@code value}, with Keras' masking (see the class
     * comment); builds the layer on first use.
     *
     * @param query the query (batch, Tq, dim)
     * @param value the value (batch, Tv, dv)
     * @param key the key (batch, Tv, dim), or null for the value
     * @param queryMask the query's padding mask (batch, Tq), or null
     * @param valueMask the value's padding mask (batch, Tv), or null
     * @return the output (batch, Tq, dv) and the weights (batch, Tq, Tv)
     * @throws IllegalArgumentException if the shapes, batch sizes or masks do not fit, or the layer is built for
     *     other shapes
     */
    public Result attend(Tensor query, Tensor value, Tensor key, NDArray queryMask, NDArray valueMask) {
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
        Tensor s = scores(query, key);
        NDArray keep = Masks.keep(b, tq, tv, null, valueMask, null, causal, null);
        Tensor w = AttentionOps.maskedSoftmax(s, keep, MASKED, false);
        Tensor out = w.matmul(value);
        if (queryMask != null) out = out.mul(Tensor.of(Masks.rows(queryMask)));
        return new Result(out, w);
    }

    /**
     * Checks the shapes and builds the layer for the query's shape (the weights depend only on it).
     *
     * @param inputShapes the inputs' per-sample shapes: query, value and, optionally, key
     * @throws IllegalArgumentException if the shapes do not fit, or the layer is built for other shapes
     */
    @Override
    public void buildFor(List<Shape> inputShapes) {
        check(inputShapes);
        build(inputShapes.getFirst());
    }

    /**
     * {@link #attend} at a node of a functional graph.
     *
     * @param inputs [query, value] or [query, value, key]
     * @param masks their masks: the query's and the value's are used (the key's is ignored, as in Keras)
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
                masks.isEmpty() ? null : masks.get(0),
                masks.size() < 2 ? null : masks.get(1));
        return returnScores ? List.of(r.output(), r.scores()) : List.of(r.output());
    }

    /**
     * The query's mask for the output (Keras' {@code compute_mask}), and none for the weights.
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
     * The output's per-sample shape (Tq, dv) and, with {@link #returnAttentionScores()}, the weights' (Tq, Tv).
     *
     * @param inputShapes the inputs' per-sample shapes
     * @return one or two shapes
     * @throws IllegalArgumentException if the shapes do not fit
     */
    @Override
    public List<Shape> outputShapes(List<Shape> inputShapes) {
        check(inputShapes);
        Shape q = inputShapes.get(0), v = inputShapes.get(1);
        Shape out = Shape.of(q.dim(0), v.dim(1));
        return returnScores ? List.of(out, Shape.of(q.dim(0), v.dim(0))) : List.of(out);
    }

    /**
     * Always fails: the layer needs a query and a value ({@link #attend}).
     *
     * @param x unused
     * @param training unused
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    protected Tensor call(Tensor x, boolean training) {
        throw new IllegalStateException(describe()
                + " takes the inputs [query, value] or [query, value, key]: use it in a functional model"
                + " (Functional.call) or call attend, not in a Sequential");
    }

    /**
     * The one-input form of the {@link Layer} contract: {@code sampleShape} (self-attention, the query as value).
     * Use {@link #outputShapes(List)} for the shapes of a call.
     *
     * @param sampleShape a per-sample input shape
     * @return {@code sampleShape}
     */
    @Override
    public Shape outputShape(Shape sampleShape) {
        return sampleShape;
    }
}
