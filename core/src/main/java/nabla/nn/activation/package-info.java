/**
 * Activation layers with settings or weights of their own, as Keras': {@link nabla.nn.activation.ELU} and
 * {@link nabla.nn.activation.LeakyReLU} (a fixed parameter), {@link nabla.nn.activation.PReLU} (learned slopes)
 * and {@link nabla.nn.activation.Maxout} (the maximum of learned linear pieces), and
 * {@link nabla.nn.activation.Softmax} (softmax along any axis, honouring padding masks). Plain activations (relu,
 * softmax, ...) are {@link nabla.autograd.Activation} values, applied by a layer's {@code activation} argument or
 * by {@code nabla.nn.core.ActivationLayer}.
 *
 * <p>Conventions: ELU, LeakyReLU and PReLU keep the input's shape; Maxout maps (batch, ..., in) to (batch, ...,
 * units). Defaults follow Keras (ELU alpha 1, LeakyReLU slope 0.3, PReLU slopes from zero). Settings are
 * immutable ({@code withX} returns a changed, unbuilt copy); invalid settings give an
 * {@link java.lang.IllegalArgumentException}. Layers are not thread-safe.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn}, {@code nabla.nn.weights} and the
 * activation ops of {@code nabla.autograd} ({@code ActivationOps}).
 */
package nabla.nn.activation;
