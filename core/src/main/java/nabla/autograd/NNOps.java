package nabla.autograd;

import nabla.kernels.UnaryOp;
import nabla.kernels.ActKind;
import nabla.kernels.Fused;
import nabla.kernels.Gemm;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Fused differentiable ops for layers and losses, each a primitive with a hand-written backward: a dense
 * layer (GEMM + bias + activation) and the cross-entropies computed from logits.
 */
public final class NNOps {
    private NNOps() {}

    /**
     * {@code act(x·w + b)} for x of shape (..., in), w (in, out), b (out) or null. The leading axes of x are
     * treated as one batch axis. Weight and bias gradients are accumulated in place by GEMM.
     */
    public static Tensor linear(Tensor x, Tensor w, Tensor b, Activation act) {
        ActKind fused = act.fused();
        Tensor y = linear(x, w, b, fused == null ? ActKind.NONE : fused);
        return fused == null ? act.apply(y) : y;
    }

    /** {@code x·w + b}: {@link #linear(Tensor, Tensor, Tensor, Activation)} without an activation. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, ActKind.NONE);
    }

    static Tensor linear(Tensor x, Tensor w, Tensor b, ActKind act) {
        int in = w.dim(0), out = w.dim(1);
        if (x.shape().last() != in)
            throw new IllegalArgumentException("linear: input " + x.shape() + " does not match weight " + w.shape() + " (last axis " + x.shape().last() + " vs " + in + ")");
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
        return Tensor.fromOp("linear", result, g -> {
            NDArray gc = g.contiguous();
            float[] gz;
            if (act == ActKind.NONE) gz = gc.data().length == n * out && gc.offset() == 0 ? gc.data() : gc.toArray();
            else {
                gz = new float[n * out];
                Fused.activationBackward(act, y, 0, gc.data(), gc.offset(), gz, 0, n * out);
            }
            if (w.requiresGrad()) {
                boolean add = w.prepareGradForWrite(); // overwrite a cleared buffer instead of zeroing it first
                Gemm.sgemm(true, false, in, out, n, xv.data(), xv.offset(), in, gz, 0, out, w.gradArray().data(), 0, out, add);
            }
            if (b != null && b.requiresGrad()) Fused.columnSumAccumulate(gz, 0, n, out, b.gradBuffer().data(), 0);
            if (x.requiresGrad()) {
                float[] dx = new float[n * in];
                Gemm.sgemm(false, true, n, in, out, gz, 0, out, wv.data(), wv.offset(), out, dx, 0, in, false);
                x.accumulate(NDArray.wrap(dx, x.shape()), true);
            }
        }, x, w, b);
    }

    /**
     * Mean over rows of {@code -sum(y * log_softmax(logits))} for logits (n, classes) and targets y of the
     * same shape (one-hot or probabilities). Stable for any logit size; the gradient is (softmax·Σy − y)/n.
     */
    public static Tensor softmaxCrossEntropy(Tensor logits, NDArray targets) {
        if (logits.rank() != 2 || !targets.shape().equals(logits.shape()))
            throw new IllegalArgumentException("softmax cross-entropy: logits " + logits.shape() + " and targets " + targets.shape()
                    + " must both be (batch, classes); use sparse labels with sparseSoftmaxCrossEntropy");
        int n = logits.dim(0), c = logits.dim(1);
        NDArray x = logits.value().contiguous();
        float[] yt = targets.contiguous().toArray();
        float[] p = new float[n * c], lse = new float[n];
        float[] xd = x.data();
        int xo = x.offset();
        Fused.softmaxRows(xd, xo, n, c, p, 0, lse);
        double loss = 0;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < c; j++) {
                float y = yt[r * c + j];
                if (y != 0) loss += y * ((double) lse[r] - xd[xo + r * c + j]); // −y·log softmax, exact for any logit
            }
        }
        return Tensor.fromOp("softmaxCrossEntropy", NDArray.scalar((float) (loss / n)), g -> {
            float scale = g.item() / n;
            float[] dx = new float[n * c];
            for (int r = 0; r < n; r++) {
                float ysum = 0;
                for (int j = 0; j < c; j++) ysum += yt[r * c + j];
                for (int j = 0; j < c; j++) dx[r * c + j] = (p[r * c + j] * ysum - yt[r * c + j]) * scale;
            }
            logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
        }, logits);
    }

    /** As {@link #softmaxCrossEntropy} with integer class labels (n,) given as float values. */
    public static Tensor sparseSoftmaxCrossEntropy(Tensor logits, NDArray labels) {
        if (logits.rank() != 2 || labels.size() != logits.dim(0))
            throw new IllegalArgumentException("sparse softmax cross-entropy: logits " + logits.shape() + " need one label per row, got labels " + labels.shape());
        int n = logits.dim(0), c = logits.dim(1);
        float[] lab = labels.toArray();
        int[] cls = new int[n];
        for (int r = 0; r < n; r++) {
            cls[r] = (int) lab[r];
            if (cls[r] != lab[r] || cls[r] < 0 || cls[r] >= c)
                throw new IllegalArgumentException("sparse softmax cross-entropy: label " + lab[r] + " at row " + r + " is not a class index in [0, " + c + ")");
        }
        NDArray x = logits.value().contiguous();
        float[] p = new float[n * c], lse = new float[n];
        Fused.softmaxRows(x.data(), x.offset(), n, c, p, 0, lse);
        double loss = 0;
        for (int r = 0; r < n; r++) loss += (double) lse[r] - x.data()[x.offset() + r * c + cls[r]];
        return Tensor.fromOp("sparseSoftmaxCrossEntropy", NDArray.scalar((float) (loss / n)), g -> {
            float scale = g.item() / n;
            float[] dx = new float[n * c];
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < c; j++) dx[r * c + j] = p[r * c + j] * scale;
                dx[r * c + cls[r]] -= scale;
            }
            logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
        }, logits);
    }

    /**
     * Mean binary cross-entropy from logits: {@code max(x,0) - x·y + log(1+exp(-|x|))}, exact for any x.
     * The gradient is (sigmoid(x) − y)/N.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, NDArray targets) {
        if (!logits.shape().equals(targets.shape()))
            throw new IllegalArgumentException("binary cross-entropy: predictions " + logits.shape() + " and targets " + targets.shape() + " differ");
        float[] x = logits.value().toArray(), y = targets.toArray();
        int n = x.length;
        double loss = 0;
        for (int i = 0; i < n; i++) loss += Math.max(x[i], 0) - x[i] * y[i] + Math.log1p(Math.exp(-Math.abs(x[i])));
        return Tensor.fromOp("binaryCrossEntropyWithLogits", NDArray.scalar((float) (loss / n)), g -> {
            float scale = g.item() / n;
            float[] dx = new float[n];
            for (int i = 0; i < n; i++) dx[i] = (UnaryOp.sigmoid(x[i]) - y[i]) * scale;
            logits.accumulate(NDArray.wrap(dx, logits.shape()), true);
        }, logits);
    }
}
