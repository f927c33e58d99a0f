package nabla.nn;

import nabla.autograd.Activation;
import nabla.autograd.Tensor;

/**
 * A layer whose output is an activation (softmax or sigmoid) of logits it can also return directly, so that a
 * loss can fuse the two into one numerically stable op (softmax + cross-entropy, sigmoid + binary CE). When the
 * last layer of a model implements it and the model's loss fuses with its activation, training steps compute the
 * loss from {@link #logits} instead of applying the layer (so no activity penalty is recorded for that layer);
 * evaluation and prediction apply it as usual.
 */
public interface LogitsOutput {
    /**
     * The activation that {@code call} applies last.
     *
     * @return the activation ({@link Activation#LINEAR} when there is none)
     */
    Activation outputActivation();

    /**
     * The layer's output before that activation. A layer with weights builds on first use, as {@code apply}
     * does.
     *
     * @param x the input batch
     * @param training true in training, false in evaluation and prediction
     * @return the logits, of the output's shape
     * @throws IllegalArgumentException if {@code x}'s per-sample shape does not fit a layer with weights
     */
    Tensor logits(Tensor x, boolean training);
}
