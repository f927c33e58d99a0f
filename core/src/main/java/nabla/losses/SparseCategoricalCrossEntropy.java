package nabla.losses;

import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.tensor.InvalidRowException;
import nabla.tensor.NDArray;

/**
 * Categorical cross-entropy with integer class labels of shape (batch,) or (batch, 1), as Keras'
 * {@code sparse_categorical_crossentropy} (and PyTorch's {@code CrossEntropyLoss} with class indices, in the logits
 * form): labels are float values holding class indices in [0, classes), predictions are (batch, classes)
 * probabilities, clipped as {@link CategoricalCrossEntropy} does. With {@code fromLogits} true the predictions are
 * logits; a softmax output carrying its {@link Tensor#logits()} is computed from them automatically (see
 * {@link Loss}). Saved settings {@code {"from_logits": true}} when set.
 */
public final class SparseCategoricalCrossEntropy extends Loss {
    private final boolean fromLogits;

    /** The sparse categorical cross-entropy of probabilities (softmax outputs). */
    public SparseCategoricalCrossEntropy() {
        this(false);
    }

    /**
     * The sparse categorical cross-entropy of probabilities, or of logits (Keras' {@code from_logits}).
     *
     * @param fromLogits true when the predictions are logits (a linear output layer)
     */
    public SparseCategoricalCrossEntropy(boolean fromLogits) {
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

    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        return new CategoricalCrossEntropy().call(oneHot(yTrue, yPred.dim(-1)), yPred);
    }

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        return new CategoricalCrossEntropy().elementwise(oneHot(yTrue, yPred.dim(-1)), yPred);
    }

    /**
     * Accepts labels (batch,) or (batch, 1) for predictions (batch, classes), each label an integer class index in
     * [0, classes).
     *
     * @param yTrue the labels
     * @param yPred the predictions
     * @throws IllegalArgumentException when the predictions are not rank 2 or the labels are not one per row in
     *     one of those shapes
     * @throws InvalidRowException when a label is not a class index (the message names the label, its row and the
     *     number of classes)
     */
    @Override
    protected void checkShapes(NDArray yTrue, Tensor yPred) {
        if (yPred.rank() != 2
                || yTrue.size() != yPred.dim(0)
                || yTrue.rank() > 2
                || (yTrue.rank() == 2 && yTrue.dim(1) != 1))
            throw new IllegalArgumentException(name()
                    + ": expected labels (batch,) for predictions (batch, classes), got labels " + yTrue.shape()
                    + " and predictions " + yPred.shape() + "; for one-hot targets use categorical_crossentropy");
        float[] l = yTrue.toArray();
        for (int i = 0; i < l.length; i++) checkLabel(l[i], i, yPred.dim(1));
    }

    private static void checkLabel(float label, int row, int classes) {
        int c = (int) label;
        if (c != label || c < 0 || c >= classes)
            throw new InvalidRowException(
                    "sparse_categorical_crossentropy: label " + label + " ",
                    row,
                    " is not a class index in [0, " + classes + ") (the output has " + classes + " classes)");
    }

    private static NDArray oneHot(NDArray labels, int classes) {
        float[] l = labels.toArray();
        NDArray y = NDArray.zeros(l.length, classes);
        for (int i = 0; i < l.length; i++) {
            checkLabel(l[i], i, classes);
            y.set(1f, i, (int) l[i]);
        }
        return y;
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
     * The cross-entropy of softmax(logits) against class labels, by log-sum-exp
     * ({@link NNOps#sparseSoftmaxCrossEntropy}).
     *
     * @param yTrue the labels (batch,) or (batch, 1)
     * @param logits the logits (batch, classes)
     * @return the mean loss over the batch, a scalar tensor
     * @throws IllegalArgumentException when the shapes do not fit or a label is not a class index
     */
    @Override
    public Tensor fromLogits(NDArray yTrue, Tensor logits) {
        checkShapes(yTrue, logits);
        return NNOps.sparseSoftmaxCrossEntropy(logits, yTrue);
    }

    /**
     * The weighted cross-entropy of softmax(logits) against class labels
     * ({@link NNOps#sparseSoftmaxCrossEntropy(Tensor, NDArray, NDArray)}).
     *
     * @param yTrue the labels (batch,) or (batch, 1)
     * @param logits the logits (batch, classes)
     * @param sampleWeight the weights (batch)
     * @return the weighted mean loss, a scalar tensor
     * @throws IllegalArgumentException when a label is not a class index
     */
    @Override
    protected Tensor weightedFromLogits(NDArray yTrue, Tensor logits, NDArray sampleWeight) {
        return NNOps.sparseSoftmaxCrossEntropy(logits, yTrue, sampleWeight);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
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
