package nabla.losses;

import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * {@code -(y·log p + (1-y)·log(1-p))}, averaged over all elements; p clipped to [1e-7, 1-1e-7] as Keras.
 * After a sigmoid layer the model computes it from the logits instead, which is exact. Targets in [0, 1] (0/1
 * labels or soft targets), same shape as the predictions, e.g. (batch, 1) for one sigmoid output. Keras'
 * {@code binary_crossentropy}; PyTorch's {@code BCELoss} (and {@code BCEWithLogitsLoss} for the logits form).
 */
public final class BinaryCrossEntropy extends Loss {
    /** The binary cross-entropy (it has no settings). */
    public BinaryCrossEntropy() {}

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        float eps = CategoricalCrossEntropy.EPSILON;
        Tensor p = yPred.maximum(Tensor.scalar(eps)).minimum(Tensor.scalar(1 - eps));
        Tensor y = Tensor.of(yTrue);
        Tensor oneMinusY = Tensor.of(yTrue.neg().add(1f));
        return y.mul(p.log()).add(oneMinusY.mul(p.neg().add(1f).log())).mean().neg();
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

    @Override
    public String name() {
        return "binary_crossentropy";
    }
}
