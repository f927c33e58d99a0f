package nabla.losses;

import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * {@code -Σ y·log p} per sample, averaged over the batch, for one-hot (or probability) targets of shape
 * (batch, classes). Probabilities are clipped to [1e-7, 1-1e-7] as Keras does; after a softmax layer the model
 * computes it from the logits instead, which is exact. The sum runs over the last axis and the mean over all the
 * others. Unlike Keras, the predictions are not renormalized to sum to 1 before the logarithm. PyTorch's
 * {@code CrossEntropyLoss} corresponds to the logits form ({@link #fromLogits}); name "categorical_crossentropy".
 */
public final class CategoricalCrossEntropy extends Loss {
    static final float EPSILON = 1e-7f;

    /** The categorical cross-entropy (it has no settings). */
    public CategoricalCrossEntropy() {}

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        Tensor p = yPred.maximum(Tensor.scalar(EPSILON)).minimum(Tensor.scalar(1 - EPSILON));
        return Tensor.of(yTrue).mul(p.log()).sum(false, -1).mean().neg();
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
     * The cross-entropy of softmax(logits), by log-sum-exp ({@link NNOps#softmaxCrossEntropy}).
     *
     * @param yTrue the target distributions (batch, classes)
     * @param logits the logits (batch, classes)
     * @return the mean loss over the batch, a scalar tensor
     * @throws IllegalArgumentException when the shapes differ or are not (batch, classes)
     */
    @Override
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        checkShapes(yTrue, logits);
        return NNOps.softmaxCrossEntropy(logits, yTrue);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }
}
