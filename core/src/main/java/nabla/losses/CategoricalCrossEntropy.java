package nabla.losses;

import java.util.Arrays;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;

/**
 * {@code -Σ y·log p} per sample, averaged over the batch, for one-hot (or probability) targets of shape
 * (batch, classes). The sum runs over the last axis and the mean over all the others. Probabilities are clipped to
 * [1e-7, 1-1e-7] as Keras does; unlike Keras, they are not renormalized to sum to 1 before the logarithm.
 *
 * <p>From logits: with {@code fromLogits} true (Keras' {@code from_logits=True}) the predictions are logits, and
 * the loss is the cross-entropy of their softmax, computed exactly by log-sum-exp; predictions that are a softmax
 * output carrying its {@link Tensor#logits()} (a {@code Dense(classes, SOFTMAX)} layer, {@code Activation("softmax")})
 * get the same automatically. PyTorch's {@code CrossEntropyLoss} corresponds to the logits form
 * ({@link #fromLogits(NDArray, Tensor)}); name "categorical_crossentropy", saved settings
 * {@code {"from_logits": true}} when set.
 */
public final class CategoricalCrossEntropy extends Loss {
    static final float EPSILON = 1e-7f;
    private final boolean fromLogits;

    /** The categorical cross-entropy of probabilities (softmax outputs). */
    public CategoricalCrossEntropy() {
        this(false);
    }

    /**
     * The categorical cross-entropy of probabilities, or of logits (Keras' {@code from_logits}).
     *
     * @param fromLogits true when the predictions are logits (a linear output layer)
     */
    public CategoricalCrossEntropy(boolean fromLogits) {
        this.fromLogits = fromLogits;
    }

    /**
     * Whether the predictions are logits.
     *
     * @return the {@code fromLogits} setting
     */
    @Override
    public boolean fromLogits() {
        return fromLogits;
    }

    /**
     * Equal shapes, and targets that are finite and &gt;= 0: a negative target makes the loss unbounded below (from
     * logits) or rewards a wrong class. Rows need not sum to 1 (Keras does not check either; label smoothing and
     * soft labels sum to 1 anyway); a row of zeros adds nothing to the loss.
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @throws IllegalArgumentException when the shapes differ
     * @throws InvalidRowException when a target is negative or not finite (the message names it, its row and its
     *     class)
     */
    @Override
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        super.checkShapes(yTrue, yPred);
        float[] y = yTrue.contiguous().toArray();
        int rows = yTrue.rank() == 0 ? 1 : yTrue.dim(0),
                classes = yTrue.rank() == 0 ? 1 : yTrue.shape().last();
        int per = rows == 0 ? 1 : y.length / rows;
        for (int i = 0; i < y.length; i++)
            if (!(y[i] >= 0) || !Float.isFinite(y[i]))
                throw new InvalidRowException(
                        name() + ": target " + y[i] + " ",
                        i / per,
                        ", class " + i % classes + ", is " + (y[i] < 0 ? "negative" : "not finite")
                                + "; categorical cross-entropy takes one-hot targets or probabilities, each >= 0");
    }

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        Tensor p = yPred.maximum(Tensor.scalar(EPSILON)).minimum(Tensor.scalar(1 - EPSILON));
        return Tensor.of(yTrue).mul(p.log()).sum(false, -1).mean().neg();
    }

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        Tensor p = yPred.maximum(Tensor.scalar(EPSILON)).minimum(Tensor.scalar(1 - EPSILON));
        return Tensor.of(yTrue).mul(p.log()).sum(false, -1).neg();
    }

    /**
     * True for {@link Activation#SOFTMAX} only.
     *
     * @param activation the output layer's activation
     * @return whether it is softmax
     */
    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SOFTMAX;
    }

    /**
     * The cross-entropy of softmax(logits), by log-sum-exp ({@link NNOps#softmaxCrossEntropy}); logits of rank
     * above 2 (batch, steps, classes) are taken as rows of classes, the mean running over all of them.
     *
     * @param yTrue the target distributions (batch, ..., classes)
     * @param logits the logits, same shape
     * @return the mean loss, a scalar tensor
     * @throws IllegalArgumentException when the shapes differ
     */
    @Override
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        checkShapes(yTrue, logits);
        if (logits.rank() == 2) return NNOps.softmaxCrossEntropy(logits, yTrue);
        int c = logits.shape().last();
        return NNOps.softmaxCrossEntropy(logits.reshape(-1, c), yTrue.reshape(-1, c));
    }

    /**
     * The weighted cross-entropy of softmax(logits) ({@link NNOps#softmaxCrossEntropy(Tensor, NDArray, NDArray)}).
     *
     * @param yTrue the target distributions (batch, ..., classes)
     * @param logits the logits, same shape
     * @param sampleWeight the weights (batch)
     * @return the weighted mean loss, a scalar tensor
     * @throws IllegalArgumentException when the logits have no batch axis besides the classes
     */
    @Override
    protected Tensor weightedFromLogits(NDArray yTrue, Tensor logits, NDArray sampleWeight) {
        return weightedSoftmaxCrossEntropy(name(), yTrue, logits, sampleWeight);
    }

    /** The weighted fused cross-entropy of (batch, ..., classes) logits, each sample's rows taking its weight. */
    static Tensor weightedSoftmaxCrossEntropy(String name, NDArray yTrue, Tensor logits, NDArray sampleWeight) {
        if (logits.rank() < 2)
            throw new IllegalArgumentException(
                    name + ": sample weights need predictions (batch, ..., classes), got " + logits.shape());
        if (logits.rank() == 2) return NNOps.softmaxCrossEntropy(logits, yTrue, sampleWeight);
        int c = logits.shape().last(),
                batch = logits.dim(0),
                rows = logits.shape().size() / c;
        return NNOps.softmaxCrossEntropy(
                logits.reshape(-1, c), yTrue.reshape(-1, c), repeatEach(sampleWeight, batch, rows / batch));
    }

    /** Each of the n weights repeated {@code times} times in a row, shape (n·times). */
    static NDArray repeatEach(NDArray w, int n, int times) {
        float[] d = w.toArray(), out = new float[n * times];
        for (int i = 0; i < n; i++) Arrays.fill(out, i * times, (i + 1) * times, d[i]);
        return NDArray.of(out, n * times);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    /**
     * {@code {"from_logits": true}} when the predictions are logits, else no settings.
     *
     * @return the settings
     */
    @Override
    public Map<String, Object> config() {
        return fromLogitsConfig(fromLogits);
    }
}
