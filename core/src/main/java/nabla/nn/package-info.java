/**
 * The layer abstraction every layer package builds on: {@link nabla.nn.Layer} (lazy build, final
 * {@code apply}, {@code withX} copies, saved config), {@link nabla.nn.SameShapeLayer} (weightless layers whose
 * output has the input's shape), {@link nabla.nn.Parameter} (a named weight), {@link nabla.nn.ConfigMap} (typed
 * reading of saved configs), and {@link nabla.nn.Padding} (VALID, SAME, explicit).
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Shapes.</b> Batches have the batch axis first; a layer's input, output and weight-building shapes
 *       ({@code build}, {@code outputShape}, {@code inputShape}) are per-sample shapes, which exclude it, as
 *       Keras' {@code input_shape}. Images are channels-last (batch, height, width, channels), sequences
 *       (batch, steps, features). Weights use Keras' names and layouts (kernel (in, out), bias, recurrent_kernel,
 *       gamma, beta, moving_mean, ...), so saved weights are keyed {@code layerName.weightName}.</li>
 *   <li><b>Building.</b> A layer creates its weights on its first {@code apply} (or {@code build}), for the
 *       per-sample shape it sees, and then accepts only that shape (any batch size).</li>
 *   <li><b>Mutation.</b> Every {@code withX} method returns a changed, unbuilt copy and leaves the receiver
 *       unchanged; it fails with {@link java.lang.IllegalStateException} on a built layer. {@code named} and
 *       {@code seeded} set the receiver's name and seed and return it. Weights change in place: optimizers,
 *       constraints and batch normalization's moving statistics update {@link nabla.nn.Parameter#value()}.</li>
 *   <li><b>Errors.</b> Bad arguments and shapes give an {@link java.lang.IllegalArgumentException} whose message
 *       names the layer ({@code Layer.describe()}: "Dense 'dense_1'"), the shape with its batch axis and, where
 *       there is one, the fix; a null argument a {@link java.lang.NullPointerException} naming it.</li>
 *   <li><b>Determinism.</b> Each layer draws its initial weights and its random masks and noise from a
 *       {@link nabla.tensor.Rng} seeded by its seed; models set the seed from their own and the layer's position,
 *       so the same model and seed give the same initial weights and the same masks.</li>
 *   <li><b>Thread-safety.</b> Layers are not thread-safe: {@code apply} builds on first use and some layers
 *       change state on every training call. {@link nabla.nn.ConfigMap} and {@link nabla.nn.Padding} are
 *       immutable.</li>
 * </ul>
 *
 * <h2>Place in the library</h2>
 * The layer packages ({@code nabla.nn.core}, {@code nabla.nn.conv}, {@code nabla.nn.pool},
 * {@code nabla.nn.recurrent}, {@code nabla.nn.normalization}, {@code nabla.nn.activation},
 * {@code nabla.nn.merge}) extend these types; their shared helpers live in the non-exported
 * {@code nabla.nn.internal}. This package uses {@code nabla.nn.weights} (initializers, regularizers,
 * constraints), {@code nabla.autograd} and {@code nabla.tensor}. Models ({@code nabla.models}) own and run layers,
 * and {@code nabla.io} saves them by {@code type()} and {@code savedConfig()} and rebuilds them with their static
 * {@code fromConfig(ConfigMap)}.
 */
package nabla.nn;
