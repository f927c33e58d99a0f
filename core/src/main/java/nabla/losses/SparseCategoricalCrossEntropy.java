package nabla.losses;

import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.autograd.Activation;
import nabla.tensor.NDArray;

/** Categorical cross-entropy with integer class labels of shape (batch,) or (batch, 1). */
public final class SparseCategoricalCrossEntropy extends Loss {
    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        return new CategoricalCrossEntropy().call(oneHot(yTrue, yPred.dim(-1)), yPred);
    }

    @Override
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        if (yPred.rank() != 2 || yTrue.size() != yPred.dim(0) || yTrue.rank() > 2 || (yTrue.rank() == 2 && yTrue.dim(1) != 1))
            throw new IllegalArgumentException(name() + ": expected labels (batch,) for predictions (batch, classes), got labels "
                    + yTrue.shape() + " and predictions " + yPred.shape() + "; for one-hot targets use categorical_crossentropy");
    }

    private static NDArray oneHot(NDArray labels, int classes) {
        float[] l = labels.toArray();
        NDArray y = NDArray.zeros(l.length, classes);
        for (int i = 0; i < l.length; i++) {
            int c = (int) l[i];
            if (c != l[i] || c < 0 || c >= classes)
                throw new IllegalArgumentException("sparse_categorical_crossentropy: label " + l[i] + " at row " + i + " is not a class index in [0, " + classes + ")");
            y.set(1f, i, c);
        }
        return y;
    }

    @Override
    public boolean fusesWith(Activation activation) {
        return activation == Activation.SOFTMAX;
    }

    @Override
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        checkShapes(yTrue, logits);
        return NNOps.sparseSoftmaxCrossEntropy(logits, yTrue);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }
}
