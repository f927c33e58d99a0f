/**
 * What shapes a layer's weights apart from its computation: {@link nabla.nn.weights.Initializer} (initial values:
 * Glorot, He and LeCun uniform and normal, orthogonal, identity, constant, random uniform and normal),
 * {@link nabla.nn.weights.Regularizer} (L1, L2 and L1+L2 penalties added to the loss) and
 * {@link nabla.nn.weights.Constraint} (max-norm and non-negativity projections applied after each optimizer
 * step), with Keras' names, formulas and defaults.
 *
 * <p>Conventions: all three are immutable values that layers may share. Each has a saved form
 * ({@code name()}, e.g. "glorot_uniform", "l2(0.01)", "max_norm(2.0,0)") that its static {@code byName} reads
 * back, failing with an {@link java.lang.IllegalArgumentException} that lists the known names; invalid factors
 * fail the same way when the object is made. Initializers draw only from the {@link nabla.tensor.Rng} they are
 * given, so a layer's seed fixes its weights. Regularizers and constraints are attached to a layer's weights by
 * name ({@code Layer.withRegularizer}, {@code withKernelConstraint}, ...); models add the penalties and apply the
 * constraints for trainable weights.
 *
 * <p>Place in the library: used by {@code nabla.nn} and the layer packages; uses only {@code nabla.autograd} and
 * {@code nabla.tensor}.
 */
package nabla.nn.weights;
