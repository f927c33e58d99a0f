/**
 * Normalization layers: {@link nabla.nn.normalization.BatchNormalization}, with Keras' semantics, defaults
 * (axis -1, momentum 0.99, epsilon 1e-3) and weights (gamma, beta, moving_mean, moving_variance).
 *
 * <p>Conventions: the output has the input's shape. Applied with {@code training} true the layer normalizes with
 * the batch's statistics and updates its moving statistics in place; otherwise it uses the moving statistics and
 * changes nothing. The moving statistics are weights that are saved but not trainable. Settings are immutable;
 * bad settings or an axis outside the input give an {@link java.lang.IllegalArgumentException} naming the layer.
 * Not thread-safe (training calls update state).
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn}, {@code nabla.nn.weights} and the fused
 * batch-normalization op of {@code nabla.autograd} ({@code NormOps}).
 */
package nabla.nn.normalization;
