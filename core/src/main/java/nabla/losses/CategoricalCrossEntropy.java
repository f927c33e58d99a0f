package nabla.losses;

import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.autograd.Activation;
import nabla.tensor.NDArray;

/**
 * {@code -Σ y·log p} per sample, averaged over the batch, for one-hot (or probability) targets of shape
 * (batch, classes). Probabilities are clipped to [1e-7, 1-1e-7] as Keras does; after a softmax layer the model
 * computes it from the logits instead, which is exact.
 */
public final class CategoricalCrossEntropy extends Loss {
    static final float EPSILON = 1e-7f;

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        Tensor p = yPred.maximum(Tensor.scalar(EPSILON)).minimum(Tensor.scalar(1 - EPSILON));
        return Tensor.of(yTrue).mul(p.log()).sum(false, -1).mean().neg();
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SOFTMAX;
    }

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
