package nabla.losses;

import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;

/**
 * {@code -(y·log p + (1-y)·log(1-p))}, averaged over all elements; p clipped to [1e-7, 1-1e-7] as Keras. Targets
 * in [0, 1] (0/1 labels or soft targets), same shape as the predictions, e.g. (batch, 1) for one sigmoid output.
 * With {@code fromLogits} true (Keras' {@code from_logits=True}) the predictions are logits and the loss is
 * computed from them exactly as {@code max(x,0) − x·y + log(1 + e^−|x|)}; a sigmoid output carrying its
 * {@link Tensor#logits()} (a {@code Dense(1, SIGMOID)} layer) gets the same automatically. Keras'
 * {@code binary_crossentropy}; PyTorch's {@code BCELoss} (and {@code BCEWithLogitsLoss} for the logits form).
 * Saved settings {@code {"from_logits": true}} when set.
 */
public final class BinaryCrossEntropy extends Loss {
    private final boolean fromLogits;

    /** The binary cross-entropy of probabilities (sigmoid outputs). */
    public BinaryCrossEntropy() {
        this(false);
    }

    /**
     * The binary cross-entropy of probabilities, or of logits (Keras' {@code from_logits}).
     *
     * @param fromLogits true when the predictions are logits (a linear output layer)
     */
    public BinaryCrossEntropy(boolean fromLogits) {
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
     * Equal shapes, and targets in [0, 1]: outside it the loss has no minimum (a target of 5 trains towards a
     * negative loss).
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @throws IllegalArgumentException when the shapes differ or a target is outside [0, 1] (the message names it
     *     and its row)
     */
    @Override
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        super.checkShapes(yTrue, yPred);
        float[] y = yTrue.contiguous().toArray();
        int per = yTrue.rank() == 0 || yTrue.dim(0) == 0 ? 1 : y.length / yTrue.dim(0);
        for (int i = 0; i < y.length; i++)
            if (!(y[i] >= 0f && y[i] <= 1f))
                throw new InvalidRowException(
                        name() + ": target " + y[i] + " ",
                        i / per,
                        " is outside [0, 1]; binary cross-entropy takes 0/1 labels or probabilities");
    }

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        float eps = CategoricalCrossEntropy.EPSILON;
        Tensor p = yPred.maximum(Tensor.scalar(eps)).minimum(Tensor.scalar(1 - eps));
        Tensor y = Tensor.of(yTrue);
        Tensor oneMinusY = Tensor.of(yTrue.neg().add(1f));
        return y.mul(p.log()).add(oneMinusY.mul(p.neg().add(1f).log())).mean().neg();
    }

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        float eps = CategoricalCrossEntropy.EPSILON;
        Tensor p = yPred.maximum(Tensor.scalar(eps)).minimum(Tensor.scalar(1 - eps));
        Tensor y = Tensor.of(yTrue);
        Tensor oneMinusY = Tensor.of(yTrue.neg().add(1f));
        return y.mul(p.log()).add(oneMinusY.mul(p.neg().add(1f).log())).neg();
    }

    /**
     * True for {@link Activation#SIGMOID} only.
     *
     * @param activation the output layer's activation
     * @return whether it is sigmoid
     */
    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SIGMOID;
    }

    /**
     * The binary cross-entropy of sigmoid(logits), computed stably as
     * {@code max(x,0) − x·y + log(1 + e^−|x|)} ({@link NNOps#binaryCrossEntropyWithLogits}).
     *
     * @param yTrue the targets, same shape as the logits
     * @param logits the logits
     * @return the mean loss over all elements, a scalar tensor
     * @throws IllegalArgumentException when the shapes differ
     */
    @Override
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        checkShapes(yTrue, logits);
        return NNOps.binaryCrossEntropyWithLogits(logits, yTrue);
    }

    /**
     * The weighted binary cross-entropy of sigmoid(logits)
     * ({@link NNOps#binaryCrossEntropyWithLogits(Tensor, NDArray, NDArray)}).
     *
     * @param yTrue the targets, same shape as the logits
     * @param logits the logits (batch, ...)
     * @param sampleWeight the weights (batch)
     * @return the weighted mean loss, a scalar tensor
     */
    @Override
    protected Tensor weightedFromLogits(NDArray yTrue, Tensor logits, NDArray sampleWeight) {
        return NNOps.binaryCrossEntropyWithLogits(logits, yTrue, sampleWeight);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
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
