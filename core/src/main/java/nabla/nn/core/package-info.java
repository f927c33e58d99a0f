/**
 * The core layers: {@link nabla.nn.core.Dense} (fully connected), {@link nabla.nn.core.Embedding} (ids to
 * vectors, with an optional padding mask), {@link nabla.nn.core.ActivationLayer} (an activation as a layer),
 * {@link nabla.nn.core.Flatten}, {@link nabla.nn.core.Reshape}, {@link nabla.nn.core.Permute} and
 * {@link nabla.nn.core.RepeatVector} (per-sample shape changes),
 * {@link nabla.nn.core.Dropout} and {@link nabla.nn.core.GaussianNoise} (training-only regularizers), as Keras'
 * layers of the same names, with their defaults, weight names and config keys.
 *
 * <p>Conventions (those of {@link nabla.nn.Layer}): shapes exclude the batch axis where they are per sample;
 * layers build their weights on first use and then accept only that per-sample shape; {@code withX} returns a
 * changed, unbuilt copy; bad arguments and shapes give an {@link java.lang.IllegalArgumentException} naming the
 * layer. Dropout and GaussianNoise act only when applied with {@code training} true and draw from the layer's
 * seeded random source, so runs repeat; in evaluation and prediction they are the identity. Each layer's static
 * {@code fromConfig} reads back its {@code config()}. Layers are not thread-safe.
 *
 * <p>Place in the library: a layer package beside {@code nabla.nn.conv}, {@code nabla.nn.pool},
 * {@code nabla.nn.recurrent}, {@code nabla.nn.normalization}, {@code nabla.nn.activation} and
 * {@code nabla.nn.merge}; it uses {@code nabla.nn.internal}, {@code nabla.nn}, {@code nabla.nn.weights},
 * {@code nabla.autograd} and {@code nabla.tensor}, and is used by the models, losses and training loop above.
 */
package nabla.nn.core;
