package nabla.losses;

import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.autograd.Activation;
import nabla.tensor.NDArray;

/**
 * {@code -(y·log p + (1-y)·log(1-p))}, averaged over all elements; p clipped to [1e-7, 1-1e-7] as Keras.
 * After a sigmoid layer the model computes it from the logits instead, which is exact.
 */
public final class BinaryCrossEntropy extends Loss {
    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        float eps = CategoricalCrossEntropy.EPSILON;
        Tensor p = yPred.maximum(Tensor.scalar(eps)).minimum(Tensor.scalar(1 - eps));
        Tensor y = Tensor.of(yTrue);
        Tensor oneMinusY = Tensor.of(yTrue.neg().add(1f));
        return y.mul(p.log()).add(oneMinusY.mul(p.neg().add(1f).log())).mean().neg();
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SIGMOID;
    }

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
