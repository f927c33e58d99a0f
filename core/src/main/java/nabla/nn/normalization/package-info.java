/**
 * Normalization layers: {@link nabla.nn.normalization.BatchNormalization}, with Keras' semantics, defaults
 * (axis -1, momentum 0.99, epsilon 1e-3) and weights (gamma, beta, moving_mean, moving_variance), and
 * {@link nabla.nn.normalization.LayerNormalization} (per-sample statistics over an axis; axis -1, epsilon 1e-3,
 * weights gamma and beta; the same in training and inference).
 *
 * <p>Conventions: the output has the input's shape. Applied with {@code training} true the layer normalizes with
 * the batch's statistics and updates its moving statistics in place; otherwise it uses the moving statistics and
 * changes nothing. The moving statistics are weights that are saved but not trainable. Settings are immutable;
 * bad settings or an axis outside the input give an {@link java.lang.IllegalArgumentException} naming the layer.
 * Not thread-safe (training calls update state). Layer normalization keeps no state and passes masks on.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn}, {@code nabla.nn.weights} and the fused
 * batch- and layer-normalization ops of {@code nabla.autograd} ({@code NormOps}).
 */
package nabla.nn.normalization;
