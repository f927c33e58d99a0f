/**
 * Merging layers, as Keras': {@link nabla.nn.merge.Merge} with the modes Add, Subtract, Multiply, Average,
 * Maximum, Minimum (elementwise over inputs of one shape) and Concatenate (along an axis), for residual
 * connections and parallel towers, and {@link nabla.nn.merge.Dot} (the batched dot product of two inputs, as
 * attention scores; it runs through {@code Functional.call} and {@link nabla.nn.merge.Dot#dot}, and passes no
 * mask on).
 *
 * <p>Conventions: a merge takes a list of inputs, so it is used in a functional model
 * ({@code nabla.models.Functional.merge}, {@code Functional.add}, ...), not in a {@code Sequential}, and runs
 * through {@link nabla.nn.merge.Merge#merge} rather than {@code apply}. Shapes are per sample (Concatenate's axis
 * counts the batch axis, as Keras: 1 is the first per-sample axis, -1 the last). Inputs that do not fit give an
 * {@link java.lang.IllegalArgumentException} naming the layer and every input's shape. No weights; the masks of
 * the inputs are combined by logical and. Immutable.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn} and the generic ops of
 * {@code nabla.autograd}; {@code nabla.models.Functional} runs it.
 */
package nabla.nn.merge;
