/**
 * Pooling layers, as Keras': {@link nabla.nn.pool.MaxPooling1D}, {@link nabla.nn.pool.MaxPooling2D},
 * {@link nabla.nn.pool.AveragePooling1D}, {@link nabla.nn.pool.AveragePooling2D} (windows, with strides that
 * default to the pool size) and the global {@link nabla.nn.pool.GlobalMaxPooling1D},
 * {@link nabla.nn.pool.GlobalMaxPooling2D}, {@link nabla.nn.pool.GlobalAveragePooling1D},
 * {@link nabla.nn.pool.GlobalAveragePooling2D} (one value per channel: (batch, channels)).
 *
 * <p>Conventions: inputs are channels-last, (batch, steps, channels) for the 1-D layers and (batch, height,
 * width, channels) for the 2-D ones; each channel is pooled on its own. Padding is VALID (the default) or SAME;
 * with SAME the edge windows pool over their real taps only (a max ignores the padding, an average divides by the
 * taps it has, as TensorFlow). No weights; masks are not used and not passed on. Settings are immutable:
 * {@code withStride} and {@code withPadding} return a changed, unbuilt copy. A wrong input rank, a non-positive
 * size or an input smaller than the window gives an {@link java.lang.IllegalArgumentException} naming the layer.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn.internal} (window arithmetic),
 * {@code nabla.nn} and the pooling ops of {@code nabla.autograd} ({@code ConvOps}).
 */
package nabla.nn.pool;
