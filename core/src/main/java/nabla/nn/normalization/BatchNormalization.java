package nabla.nn.normalization;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.autograd.NoGrad;
import nabla.autograd.NormOps;
import nabla.autograd.Tensor;
import nabla.kernels.Norm;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.weights.Initializer;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Batch normalization (Ioffe and Szegedy 2015) with Keras' semantics and defaults (axis -1, momentum 0.99,
 * epsilon 1e-3, center and scale on). In training ({@code apply(x, true)}) each feature along {@code axis} is
 * normalized with the batch's mean and biased variance over all other axes, then scaled by gamma and shifted by
 * beta; the moving statistics are updated as {@code moving = moving·momentum + batch·(1 − momentum)}. In
 * evaluation and prediction the moving statistics are used instead. Weights: gamma (ones), beta (zeros),
 * moving_mean (zeros) and moving_variance (ones); the last two are not trainable but are saved with the model.
 * Any input rank &gt;= 1 per sample; output shape = input shape. Features last is the fast path; another axis is
 * moved last and back. The moving statistics are updated in place during every training call (before the
 * backward pass), from the biased batch variance as Keras does; PyTorch's {@code BatchNorm} momentum m
 * corresponds to momentum 1 − m here, and its running variance uses the unbiased estimate. Saved config keys:
 * "axis", "momentum", "epsilon", "center", "scale".
 */
public final class BatchNormalization extends Layer {
    private final int axis;
    private final float momentum;
    private final float epsilon;
    private final boolean center;
    private final boolean scale;
    private Parameter gamma, beta, movingMean, movingVariance;
    private int[] toLast, fromLast;

    /** Keras' defaults: axis -1, momentum 0.99, epsilon 1e-3, center and scale on. */
    public BatchNormalization() {
        this(-1, 0.99f, 1e-3f, true, true);
    }

    /**
     * A batch normalization with every setting given.
     *
     * @param axis the feature axis, counted with the batch axis as Keras (1 is the first per-sample axis; -1 the
     *     last, the default); checked against the input when the layer is built
     * @param momentum the moving statistics' decay, in [0, 1] (Keras' default 0.99)
     * @param epsilon added to the variance, &gt; 0 (Keras' default 1e-3; PyTorch's 1e-5)
     * @param center whether to add the learned offset beta
     * @param scale whether to multiply by the learned scale gamma
     * @throws IllegalArgumentException if {@code axis} is 0 (the batch axis), {@code momentum} is outside
     *     [0, 1] or {@code epsilon} is not positive
     */
    public BatchNormalization(int axis, float momentum, float epsilon, boolean center, boolean scale) {
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + momentum);
        if (!(epsilon > 0))
            throw new IllegalArgumentException("BatchNormalization: epsilon must be positive, got " + epsilon);
        if (axis == 0)
            throw new IllegalArgumentException(
                    "BatchNormalization: axis 0 is the batch axis; give the feature axis (e.g. -1)");
        super();
        this.axis = axis;
        this.momentum = momentum;
        this.epsilon = epsilon;
        this.center = center;
        this.scale = scale;
    }

    /**
     * Rebuilds the layer from its saved {@link #config()} (Keras' {@code from_config}).
     *
     * @param c the saved config: "axis", "momentum", "epsilon", "center", "scale" (all optional)
     * @return a new, unbuilt layer
     * @throws IllegalArgumentException if a key is unknown, a value has the wrong type or is invalid
     */
    public static BatchNormalization fromConfig(ConfigMap c) {
        c.allowOnly("axis", "momentum", "epsilon", "center", "scale");
        return new BatchNormalization(
                c.intValue("axis", -1),
                c.floatValue("momentum", 0.99f),
                c.floatValue("epsilon", 1e-3f),
                c.boolValue("center", true),
                c.boolValue("scale", true));
    }

    /**
     * The moving mean (built layers only), one value per feature; not trainable.
     *
     * @return the weight "moving_mean", or null while unbuilt
     */
    public Parameter movingMean() {
        return movingMean;
    }

    /**
     * The moving variance (built layers only), one value per feature; not trainable.
     *
     * @return the weight "moving_variance", or null while unbuilt
     */
    public Parameter movingVariance() {
        return movingVariance;
    }

    @Override
    protected void create(Shape in, Rng rng) {
        int rank = in.rank() + 1;
        int ax = axis < 0 ? axis + rank : axis;
        if (in.rank() < 1 || ax < 1 || ax >= rank)
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is not a feature axis of input "
                    + withBatch(in) + "; use -1 (features last) or 1.." + (rank - 1));
        int c = in.dim(ax - 1);
        Shape s = Shape.of(c);
        if (scale) gamma = addWeight("gamma", s, Initializer.ones(), rng, true);
        if (center) beta = addWeight("beta", s, Initializer.zeros(), rng, true);
        movingMean = addWeight("moving_mean", s, Initializer.zeros(), rng, false);
        movingVariance = addWeight("moving_variance", s, Initializer.ones(), rng, false);
        if (ax != rank - 1) {
            toLast = new int[rank];
            fromLast = new int[rank];
            for (int i = 0, j = 0; i < rank; i++) if (i != ax) toLast[j++] = i;
            toLast[rank - 1] = ax;
            for (int i = 0; i < rank; i++) fromLast[toLast[i]] = i;
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor xl = toLast == null ? x : x.permute(toLast);
        Tensor y =
                training && isTrainable() ? trainForward(xl) : inferenceForward(xl); // frozen: inference mode, as Keras
        return toLast == null ? y : y.permute(fromLast);
    }

    private Tensor trainForward(Tensor x) {
        int c = movingMean.size();
        float[] mean = new float[c], var = new float[c];
        Tensor y = NormOps.batchNorm(
                x, gamma == null ? null : gamma.tensor(), beta == null ? null : beta.tensor(), epsilon, mean, var);
        float[] mm = movingMean.value().data(), mv = movingVariance.value().data();
        for (int j = 0; j < c; j++) {
            mm[j] = mm[j] * momentum + mean[j] * (1 - momentum);
            mv[j] = mv[j] * momentum + var[j] * (1 - momentum);
        }
        return y;
    }

    private Tensor inferenceForward(Tensor x) {
        int c = movingMean.size();
        float[] mm = movingMean.value().data(), mv = movingVariance.value().data();
        float[] invStd = new float[c];
        for (int j = 0; j < c; j++) invStd[j] = (float) (1.0 / Math.sqrt((double) mv[j] + epsilon));
        boolean needsGrad = NoGrad.isGradEnabled()
                && (x.requiresGrad() || gamma != null && gamma.trainable() || beta != null && beta.trainable());
        if (!needsGrad) { // one fused pass: y = x·(γ/σ) + (β − μ·γ/σ)
            float[] sc = new float[c], sh = new float[c];
            for (int j = 0; j < c; j++) {
                sc[j] = (gamma == null ? 1f : gamma.value().data()[j]) * invStd[j];
                sh[j] = (beta == null ? 0f : beta.value().data()[j]) - mm[j] * sc[j];
            }
            NDArray xv = x.value().contiguous();
            float[] y = new float[xv.size()];
            Norm.affine(xv.data(), xv.offset(), xv.size() / c, c, sc, sh, y, 0);
            return Tensor.of(NDArray.wrap(y, x.shape()));
        }
        Tensor y = x.sub(Tensor.of(NDArray.wrap(mm.clone(), Shape.of(c))))
                .mul(Tensor.of(NDArray.wrap(invStd, Shape.of(c))));
        if (gamma != null) y = y.mul(gamma.tensor());
        if (beta != null) y = y.add(beta.tensor());
        return y;
    }

    @Override
    public Shape outputShape(Shape in) {
        return in;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }
}
