package nabla.nn;

import nabla.autograd.Activation;

import nabla.autograd.Tensor;

/**
 * A layer whose output is an activation (softmax or sigmoid) of logits it can also return directly, so that a
 * loss can fuse the two into one numerically stable op (softmax + cross-entropy, sigmoid + binary CE).
 */
public interface LogitsOutput {
    /** The activation that {@code call} applies last. */
    Activation outputActivation();

    /** The layer's output before that activation. */
    Tensor logits(Tensor x, boolean training);
}
