package nabla.autograd;

import nabla.kernels.ActKind;
import nabla.kernels.Fused;
import nabla.kernels.Gemm;
import nabla.kernels.UnaryOp;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Fused differentiable ops for layers and losses, each one graph node with a hand-written backward: a dense
 * layer (GEMM + bias + activation, what {@code Dense} runs) and the cross-entropies computed from logits (what the
 * losses' {@code fromLogits} run). The loss ops return a scalar tensor, the mean over the rows (over all
 * elements for the binary one); targets and labels are plain arrays, copied when the op runs (a reused batch
 * buffer may change afterwards), and get no gradient.
 */
public final class NNOps {
    private NNOps() {}

    /**
     * {@code act(x·w + b)} for x of shape (..., in), w (in, out), b (out) or null; the result is (..., out). The
     * leading axes of x are treated as one batch axis (as Keras' {@code Dense} on a rank-3 input). Linear, relu
     * and tanh run fused into the GEMM's output pass; any other activation is applied after it as its own op.
     * Sigmoid and softmax are among those, so that the result carries {@code x·w + b} as its
     * {@link Tensor#logits()} and a cross-entropy loss computes itself from them. The weight gradient is written by a GEMM straight into w's gradient buffer (added to what it holds, or
     * overwriting a cleared one), the bias gradient is a column sum added into b's.
     *
     * @param x the input (..., in)
     * @param w the kernel (in, out), Keras' layout (PyTorch's {@code Linear.weight} is its transpose)
     * @param b the bias (out), or null for none; it must have {@code out} elements (not checked)
     * @param act the activation
     * @return {@code act(x·w + b)}, shape (..., out)
     * @throws IllegalArgumentException when x's last axis differs from w's first
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, Activation act) {
        if (act == Activation.SIGMOID) return linear(x, w, b, ActKind.NONE).sigmoid(); // materializes the logits
        return act.afterKernel(linear(x, w, b, act.kernelPart()));
    }

    /**
     * {@code x·w + b}: {@link #linear(Tensor, Tensor, Tensor, Activation)} without an activation.
     *
     * @param x the input (..., in)
     * @param w the kernel (in, out)
     * @param b the bias (out), or null for none
     * @return {@code x·w + b}, shape (..., out)
     * @throws IllegalArgumentException when x's last axis differs from w's first
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, ActKind.NONE);
    }

    static Tensor linear(Tensor x, Tensor w, Tensor b, ActKind act) {
        int in = w.dim(0), out = w.dim(1);
        if (x.shape().last() != in)
            throw new IllegalArgumentException("linear: input " + x.shape() + " does not match weight " + w.shape()
                    + " (last axis " + x.shape().last() + " vs " + in + ")");
        NDArray xv = x.value().contiguous();
        NDArray wv = w.value().contiguous();
        int n = xv.size() / in;
        int[] outDims = x.shape().dims();
        outDims[outDims.length - 1] = out;
        float[] y = new float[n * out];
        Gemm.sgemm(false, false, n, out, in, xv.data(), xv.offset(), in, wv.data(), wv.offset(), out, y, 0, out, false);
        NDArray bv = b == null ? null : b.value().contiguous();
        Fused.biasActivation(y, 0, n, out, bv == null ? null : bv.data(), bv == null ? 0 : bv.offset(), act);
        NDArray result = NDArray.wrap(y, Shape.of(outDims));
        return Tensor.fromOp(
                "linear",
                result,
                g -> {
                    NDArray gc = g.contiguous();
                    float[] gz;
                    if (act == ActKind.NONE)
                        gz = gc.data().length == n * out && gc.offset() == 0 ? gc.data() : gc.toArray();
                    else {
                        gz = new float[n * out];
                        Fused.activationBackward(act, y, 0, gc.data(), gc.offset(), gz, 0, n * out);
                    }
                    if (w.requiresGrad()) {
                        boolean add = w.prepareGradForWrite(); // overwrite a cleared buffer instead of zeroing it first
                        Gemm.sgemm(
                                true,
                                false,
                                in,
                                out,
                                n,
                                xv.data(),
                                xv.offset(),
                                in,
                                gz,
                                0,
                                out,
                                w.gradArray().data(),
                                0,
                                out,
                                add);
                    }
                    if (b != null && b.requiresGrad())
                        Fused.columnSumAccumulate(gz, 0, n, out, b.gradBuffer().data(), 0);
                    if (x.requiresGrad()) {
                        float[] dx = new float[n * in];
                        Gemm.sgemm(false, true, n, in, out, gz, 0, out, wv.data(), wv.offset(), out, dx, 0, in, false);
                        x.accumulate(NDArray.wrap(dx, x.shape()), true);
                    }
                },
                x,
                w,
                b);
    }

    /**
     * Mean over rows of {@code -sum(y * log_softmax(logits))} for logits (n, classes) and targets y of the
     * same shape (one-hot or probabilities), as Keras' {@code categorical_crossentropy(from_logits=True)} or
     * PyTorch's {@code cross_entropy} with probability targets. Stable for any logit size (log-sum-exp); the
     * gradient is (softmax·Σy − y)/n.
     *
     * @param logits the unnormalized scores (n, classes)
     * @param targets the target distribution per row (n, classes)
     * @return the mean loss, a scalar tensor
     * @throws IllegalArgumentException when logits are not rank 2 or the targets' shape differs
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, NDArray targets) {
        return softmaxCrossEntropy(logits, targets, null);
    }

    /**
     * {@link #softmaxCrossEntropy(Tensor, NDArray)} with a weight per row, as Keras' {@code sample_weight} with the
     * {@code sum_over_batch_size} reduction: {@code Σ_r w_r·loss_r / n} (divided by the number of rows, not by the
     * sum of the weights). The gradient of row r is w_r·(softmax·Σy − y)/n. Null weights give exactly the
     * unweighted op, and so do weights that are all 1.
     *
     * @param logits the unnormalized scores (n, classes)
     * @param targets the target distribution per row (n, classes)
     * @param weights n non-negative finite weights, one per row (any shape with n elements, e.g. (n,)), or null
     * @return the weighted mean loss, a scalar tensor
     * @throws IllegalArgumentException when logits are not rank 2, the targets' shape differs, or the weights are
     *     not n non-negative finite values
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, NDArray targets, NDArray weights) {
        if (logits.rank() != 2 || !targets.shape().equals(logits.shape()))
            throw new IllegalArgumentException(
                    "softmax cross-entropy: logits " + logits.shape() + " and targets " + targets.shape()
                            + " must both be (batch, classes); use sparse labels with sparseSoftmaxCrossEntropy");
        int n = logits.dim(0), c = logits.dim(1);
        float[] w = rowWeights("softmax cross-entropy", weights, n, logits.shape());
        NDArray x = logits.value().contiguous();
        float[] yt = targets.contiguous().toArray();
        float[] p = new float[n * c], lse = new float[n];
        float[] xd = x.data();
        int xo = x.offset();
        Fused.softmaxRows(xd, xo, n, c, p, 0, lse);
        double loss = 0;
        for (int r = 0; r < n; r++) {
            double wr = w == null ? 1 : w[r];
            for (int j = 0; j < c; j++) {
                float y = yt[r * c + j];
                // −w·y·log softmax, exact for any logit; w = 1 changes no bit
                if (y != 0) loss += wr * y * ((double) lse[r] - xd[xo + r * c + j]);
            }
        }
        return Tensor.fromOp(
                "softmaxCrossEntropy",
                NDArray.scalar((float) (loss / n)),
                g -> {
                    float scale = g.item() / n;
                    float[] dx = new float[n * c];
                    for (int r = 0; r < n; r++) {
                        float s = w == null ? scale : scale * w[r];
                        float ysum = 0;
                        for (int j = 0; j < c; j++) ysum += yt[r * c + j];
                        for (int j = 0; j < c; j++) dx[r * c + j] = (p[r * c + j] * ysum - yt[r * c + j]) * s;
                    }
                    logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
                },
                logits);
    }

    /**
     * As {@link #softmaxCrossEntropy} with integer class labels given as float values, as Keras'
     * {@code sparse_categorical_crossentropy(from_logits=True)} or PyTorch's {@code cross_entropy} with class
     * indices: the mean over rows of {@code logsumexp(logits[r]) − logits[r, label[r]]}.
     *
     * @param logits the unnormalized scores (n, classes)
     * @param labels n class indices, any shape with n elements (e.g. (n,) or (n, 1)), each an integer in
     *     [0, classes)
     * @return the mean loss, a scalar tensor
     * @throws IllegalArgumentException when logits are not rank 2, the label count differs from n, or a label is
     *     not an integer class index
     */
    public static Tensor sparseSoftmaxCrossEntropy(Tensor logits, NDArray labels) {
        return sparseSoftmaxCrossEntropy(logits, labels, null);
    }

    /**
     * {@link #sparseSoftmaxCrossEntropy(Tensor, NDArray)} with a weight per row: {@code Σ_r w_r·loss_r / n}, as
     * Keras' {@code sample_weight} with the {@code sum_over_batch_size} reduction. The gradient of row r is w_r
     * times the unweighted one. Null weights give exactly the unweighted op, and so do weights that are all 1.
     *
     * @param logits the unnormalized scores (n, classes)
     * @param labels n class indices, any shape with n elements (e.g. (n,) or (n, 1)), each an integer in
     *     [0, classes)
     * @param weights n non-negative finite weights, one per row (any shape with n elements), or null
     * @return the weighted mean loss, a scalar tensor
     * @throws IllegalArgumentException when logits are not rank 2, the label count differs from n, a label is not
     *     an integer class index, or the weights are not n non-negative finite values
     */
    public static Tensor sparseSoftmaxCrossEntropy(Tensor logits, NDArray labels, NDArray weights) {
        if (logits.rank() != 2 || labels.size() != logits.dim(0))
            throw new IllegalArgumentException("sparse softmax cross-entropy: logits " + logits.shape()
                    + " need one label per row, got labels " + labels.shape());
        int n = logits.dim(0), c = logits.dim(1);
        float[] w = rowWeights("sparse softmax cross-entropy", weights, n, logits.shape());
        float[] lab = labels.toArray();
        int[] cls = new int[n];
        for (int r = 0; r < n; r++) {
            cls[r] = (int) lab[r];
            if (cls[r] != lab[r] || cls[r] < 0 || cls[r] >= c)
                throw new InvalidRowException(
                        "sparse softmax cross-entropy: label " + lab[r] + " ",
                        r,
                        " is not a class index in [0, " + c + ") (the output has " + c + " classes)");
        }
        NDArray x = logits.value().contiguous();
        float[] p = new float[n * c], lse = new float[n];
        Fused.softmaxRows(x.data(), x.offset(), n, c, p, 0, lse);
        double loss = 0;
        for (int r = 0; r < n; r++) {
            double d = (double) lse[r] - x.data()[x.offset() + r * c + cls[r]];
            loss += w == null ? d : w[r] * d;
        }
        return Tensor.fromOp(
                "sparseSoftmaxCrossEntropy",
                NDArray.scalar((float) (loss / n)),
                g -> {
                    float scale = g.item() / n;
                    float[] dx = new float[n * c];
                    for (int r = 0; r < n; r++) {
                        float s = w == null ? scale : scale * w[r];
                        for (int j = 0; j < c; j++) dx[r * c + j] = p[r * c + j] * s;
                        dx[r * c + cls[r]] -= s;
                    }
                    logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
                },
                logits);
    }

    /**
     * Mean binary cross-entropy from logits: {@code max(x,0) - x·y + log(1+exp(-|x|))}, exact for any x, averaged
     * over all N elements, as Keras' {@code binary_crossentropy(from_logits=True)} or PyTorch's
     * {@code binary_cross_entropy_with_logits}. The gradient is (sigmoid(x) − y)/N.
     *
     * @param logits the unnormalized scores, any shape
     * @param targets the targets in [0, 1] (0/1 labels or soft targets), same shape
     * @return the mean loss, a scalar tensor
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, NDArray targets) {
        return binaryCrossEntropyWithLogits(logits, targets, null);
    }

    /**
     * {@link #binaryCrossEntropyWithLogits(Tensor, NDArray)} with a weight per sample (per index of the first
     * axis), as Keras' {@code sample_weight} with the {@code sum_over_batch_size} reduction: each sample's loss is
     * the mean over its elements, and the result is {@code Σ_i w_i·loss_i / batch}, which is the sum over all N
     * elements of the element's loss times its sample's weight, divided by N. The gradient of an element is its
     * sample's weight times the unweighted one. Null weights give exactly the unweighted op, and so do weights
     * that are all 1.
     *
     * @param logits the unnormalized scores (batch, ...), rank at least 1 when weighted
     * @param targets the targets in [0, 1] (0/1 labels or soft targets), same shape
     * @param weights batch non-negative finite weights (any shape with batch elements, e.g. (batch,)), or null
     * @return the weighted mean loss, a scalar tensor
     * @throws IllegalArgumentException when the shapes differ, or the weights are not one non-negative finite
     *     value per sample
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, NDArray targets, NDArray weights) {
        if (!logits.shape().equals(targets.shape()))
            throw new IllegalArgumentException("binary cross-entropy: predictions " + logits.shape() + " and targets "
                    + targets.shape() + " differ");
        if (weights != null && logits.rank() == 0)
            throw new IllegalArgumentException(
                    "binary cross-entropy: sample weights need predictions with a batch " + "axis, got a scalar");
        float[] w = rowWeights("binary cross-entropy", weights, weights == null ? 0 : logits.dim(0), logits.shape());
        float[] x = logits.value().toArray(), y = targets.toArray();
        int n = x.length, per = w == null || w.length == 0 ? 1 : n / w.length;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double l = Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
            loss += w == null ? l : w[i / per] * l;
        }
        return Tensor.fromOp(
                "binaryCrossEntropyWithLogits",
                NDArray.scalar((float) (loss / n)),
                g -> {
                    float scale = g.item() / n;
                    float[] dx = new float[n];
                    for (int i = 0; i < n; i++)
                        dx[i] = (UnaryOp.sigmoid(x[i]) - y[i]) * (w == null ? scale : scale * w[i / per]);
                    logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
                },
                logits);
    }

    /** The weights as n floats (null for none), checked: n values, each finite and non-negative. */
    private static float[] rowWeights(String op, NDArray weights, int n, Shape predictions) {
        if (weights == null) return null;
        if (weights.size() != n)
            throw new IllegalArgumentException(op + ": sample weights " + weights.shape() + " do not fit predictions "
                    + predictions + ": expected one weight per row, (" + n + ",)");
        float[] w = weights.toArray();
        for (int i = 0; i < n; i++)
            if (!(w[i] >= 0) || !Float.isFinite(w[i]))
                throw new InvalidRowException(op + ": sample weight " + w[i] + " ", i, " is not a finite value >= 0");
        return w;
    }
}
