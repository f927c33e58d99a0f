/**
 * Recurrent layers, as Keras': the sequence layers {@link nabla.nn.recurrent.SimpleRNN},
 * {@link nabla.nn.recurrent.LSTM} and {@link nabla.nn.recurrent.GRU} (each a {@link nabla.nn.recurrent.Recurrent}
 * over its cell), the cells {@link nabla.nn.recurrent.SimpleRNNCell}, {@link nabla.nn.recurrent.LSTMCell} and
 * {@link nabla.nn.recurrent.GRUCell} (one time step; the base {@link nabla.nn.recurrent.RecurrentCell} for
 * custom cells), and the wrappers {@link nabla.nn.recurrent.Bidirectional} and
 * {@link nabla.nn.recurrent.TimeDistributed}.
 *
 * <p>Conventions: sequences are (batch, steps, features); a sequence layer returns the last h (batch, units), or
 * every step (batch, steps, units) with {@code returnSequences}. Weight names, layouts and gate orders are Keras'
 * (kernel (features, gates·u), recurrent_kernel (u, gates·u), bias; LSTM [i f c o], GRU [z r h]), and so are the
 * defaults (tanh / sigmoid, Glorot-uniform kernel, orthogonal recurrent kernel, zero bias, LSTM unit forget
 * bias, GRU reset-after). With Keras' default activations a whole sequence runs as one fused primitive; other
 * activations and LSTM peepholes run step by step on the same weights. A padding mask (batch, steps) from
 * {@code Embedding(maskZero)} skips padded steps: states carry through them and the sequence output is zero
 * there. Dropout and recurrent dropout act in training only, one mask per sequence from the layer's seed. Settings
 * are immutable: {@code withX} returns a changed, unbuilt copy. Wrong input ranks, invalid rates and unknown
 * initializer names give an {@link java.lang.IllegalArgumentException} naming the layer. Layers are not
 * thread-safe.
 *
 * <p>Place in the library: a layer package; it uses {@code nabla.nn.internal} (recurrent initializers),
 * {@code nabla.nn}, {@code nabla.nn.weights} and the fused sequence ops of {@code nabla.autograd}
 * ({@code RecurrentOps}); the masks it reads come from {@code nabla.nn.core.Embedding} through the models.
 */
package nabla.nn.recurrent;
