/**
 * Not exported: helpers shared by the layer packages and by nothing else. {@code Windows} holds the window
 * arithmetic of the convolution and pooling layers (output sizes, VALID / SAME / explicit padding resolved to
 * amounts before and after, TensorFlow's split) and their input checks and messages; {@code RecurrentInit}
 * resolves the initializer names the recurrent layers and {@code Embedding} save (Keras' "orthogonal",
 * "identity", "uniform", "random_normal(std)", then {@code Initializer.byName}) and sets the LSTM's unit forget
 * bias.
 *
 * <p>Contract: static methods without state of their own (only {@code RecurrentInit.unitForgetBias} changes its
 * argument, in place); errors are {@link java.lang.IllegalArgumentException}s, and those of {@code Windows} name
 * the layer they were called for. Nothing here is API: the module does not export the package, so it may change
 * with the layers that use it.
 *
 * <p>Place in the library: used by {@code nabla.nn.core}, {@code nabla.nn.conv}, {@code nabla.nn.pool} and
 * {@code nabla.nn.recurrent}; uses {@code nabla.nn}, {@code nabla.nn.weights}, {@code nabla.autograd} and
 * {@code nabla.tensor}.
 */
package nabla.nn.internal;
