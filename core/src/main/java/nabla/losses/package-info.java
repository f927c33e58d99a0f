/**
 * Loss functions, one class per loss, with Keras names and semantics: {@link nabla.losses.MeanSquaredError},
 * {@link nabla.losses.MeanAbsoluteError}, {@link nabla.losses.Huber}, {@link nabla.losses.CategoricalCrossEntropy},
 * {@link nabla.losses.SparseCategoricalCrossEntropy} and {@link nabla.losses.BinaryCrossEntropy}, all extending
 * {@link nabla.losses.Loss}. {@link nabla.losses.Loss#byName} and {@link nabla.losses.Loss#fromConfig} find them
 * by the names {@code Model.compile} takes and model files store.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@code compute(yTrue, yPred)} takes the targets as a plain {@link nabla.tensor.NDArray} (no gradient) and
 *       the predictions as a {@link nabla.autograd.Tensor}, batch axis first, and returns a scalar tensor: the mean
 *       over the batch (over all elements for the elementwise losses), as Keras' default
 *       {@code "sum_over_batch_size"} reduction, so it does not grow with the batch size.</li>
 *   <li>Shapes: targets and predictions have the same shape, except for sparse categorical cross-entropy, whose
 *       labels are (batch,) or (batch, 1) class indices for (batch, classes) predictions. Mismatches throw
 *       {@link java.lang.IllegalArgumentException} naming both shapes and the loss to use instead.</li>
 *   <li>Cross-entropies from probabilities clip them to [1e-7, 1 − 1e-7] as Keras does. When the predictions are
 *       a softmax over the last axis (categorical losses) or a sigmoid (binary) that carries its logits
 *       ({@link nabla.autograd.Tensor#logits()}: softmax and sigmoid ops, {@code Dense} and {@code Activation}
 *       layers ending in them), {@code compute} uses the logits instead, through one fused op, exact for any logit
 *       and without clipping, in training and evaluation alike, as Keras 3 does; with {@code fromLogits = true}
 *       (Keras' {@code from_logits=True}) the predictions are the logits themselves.</li>
 *   <li>Sample weights: {@code compute(yTrue, yPred, sampleWeight)} with one weight per sample gives
 *       {@code Σ w_i·loss_i / batch}, a sample's loss being its mean over its non-batch axes;
 *       {@link nabla.losses.Loss#classWeights} makes the weights of Keras' {@code class_weight}.</li>
 *   <li>Losses are immutable and stateless: an instance may be shared between models and threads. Huber's delta
 *       and the cross-entropies' {@code from_logits} are their settings ({@code config()}), saved with a compiled
 *       model.</li>
 *   <li>Custom losses extend {@link nabla.losses.Loss} (see its class comment) and are found by name once
 *       registered with {@link nabla.losses.Loss#register}.</li>
 * </ul>
 *
 * <p>Place in the library: losses are built from the ops of {@code nabla.autograd} (and its fused
 * cross-entropies in {@code NNOps}) on {@code nabla.tensor} arrays; they use nothing from the layers. Above
 * them, {@code nabla.train} and {@code nabla.models} call them in the training loop, and {@code nabla.io} saves
 * their names and settings.
 */
package nabla.losses;
