/**
 * Convolution layers, as Keras': {@link nabla.nn.conv.Conv1D} over sequences (batch, steps, channels),
 * {@link nabla.nn.conv.Conv2D} over images (batch, height, width, channels), and
 * {@link nabla.nn.conv.ZeroPadding2D}.
 *
 * <p>Conventions: data are channels-last (NHWC, Keras' default; PyTorch's NCHW images need a permute) and
 * kernels have Keras' layout (k..., in, filters), so Keras weights load as they are. Output sizes follow Keras
 * and TensorFlow: VALID gives floor((in − kEff) / stride) + 1, SAME gives ceil(in / stride) with the odd extra
 * padding at the bottom/right, explicit padding ({@link nabla.nn.Padding.Explicit}) adds fixed zeros. Defaults as
 * Keras: stride 1, dilation 1, VALID, linear activation, bias on, Glorot-uniform kernel, zero bias. Settings are
 * immutable: {@code withStride}, {@code withPadding}, ... return a changed, unbuilt copy. A wrong input rank, a
 * non-positive setting or an input too small for the window gives an {@link java.lang.IllegalArgumentException}
 * naming the layer and, where it can, the fix (e.g. the Reshape to add). Masks do not pass through. Layers are
 * not thread-safe.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn.internal} (window arithmetic),
 * {@code nabla.nn}, {@code nabla.nn.weights} and the fused convolution ops of {@code nabla.autograd}
 * ({@code ConvOps}), which run im2col + GEMM kernels (or a direct kernel for single-channel inputs).
 */
package nabla.nn.conv;
