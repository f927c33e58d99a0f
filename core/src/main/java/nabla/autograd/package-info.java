/**
 * Reverse-mode automatic differentiation on float32 tensors, define-by-run as PyTorch's {@code autograd}.
 *
 * <p>What lives here:
 * <ul>
 *   <li>{@link nabla.autograd.Tensor}: an {@link nabla.tensor.NDArray} value, its gradient and the op that made
 *       it, with fluent versions of the generic ops and {@link nabla.autograd.Tensor#backward()}.</li>
 *   <li>{@link nabla.autograd.Ops}: the generic differentiable ops (broadcasting arithmetic, elementwise math,
 *       reductions, batched matmul, views, concatenation, gathering, softmax).</li>
 *   <li>The fused primitives the layers and losses are built from, each one graph node with a hand-written
 *       backward over the SIMD kernels: {@link nabla.autograd.NNOps} (dense layer, cross-entropies from logits),
 *       {@link nabla.autograd.ConvOps} (convolution, pooling, zero padding), {@link nabla.autograd.RecurrentOps}
 *       (whole-sequence LSTM, GRU, simple RNN), {@link nabla.autograd.NormOps} (batch normalization),
 *       {@link nabla.autograd.EmbeddingOps}, {@link nabla.autograd.ActivationOps} and
 *       {@link nabla.autograd.RegularizationOps}.</li>
 *   <li>{@link nabla.autograd.Activation}: the activations layers accept, by Keras name.</li>
 *   <li>{@link nabla.autograd.Gradients}, the gradients of a scalar with respect to chosen tensors, returned
 *       without touching any tensor's gradient ({@code torch.autograd.grad}, Keras' {@code tape.gradient}), for
 *       custom training steps.</li>
 *   <li>{@link nabla.autograd.NoGrad}, a scope without recording ({@code torch.no_grad()}), and
 *       {@link nabla.autograd.GradCheck}, a finite-difference gradient checker
 *       ({@code torch.autograd.gradcheck}).</li>
 * </ul>
 *
 * <p>Gradients: an op records a graph node only when grad mode is on (no {@code NoGrad} scope on the thread) and
 * one of its inputs requires a gradient; {@code Tensor.param} makes the leaves that do, and a leaf's
 * {@code requiresGrad(boolean)} switches it (freezing a weight). {@code backward()} on a
 * one-element tensor (or {@code backward(seed)} on any) adds the gradients into the leaves, which keep
 * accumulating over passes until {@code zeroGrad()}; the gradients of intermediate results are released after
 * use unless {@code retainGrad()} was called. Broadcast inputs receive their gradient summed back to their own
 * shape. There are no higher-order gradients (backward runs under {@code NoGrad}).
 *
 * <p>Conventions:
 * <ul>
 *   <li>Shapes: the ops take whole batches, batch axis first; images and sequences are channels-last,
 *       (batch, height, width, channels) and (batch, steps, features), and kernels use Keras' layouts. (The
 *       per-sample shapes that layers talk about are these without the batch axis.) Axes may be negative.</li>
 *   <li>Mutation: no op changes its inputs; every op returns a new tensor, whose value may be a view of an
 *       input's storage for the shape ops. Tensors wrap arrays without copying them. Backward rules read the
 *       forward pass's values by reference, so do not change a value in place between a forward pass and its
 *       backward pass.</li>
 *   <li>Errors: bad shapes and arguments throw {@link java.lang.IllegalArgumentException} naming the shapes;
 *       misuse of {@code backward} throws {@link java.lang.IllegalStateException}.</li>
 *   <li>Determinism: no op draws random numbers (dropout masks come from the layers, seeded there; GradCheck's
 *       projection is seeded), and the kernels sum in an order fixed by the shapes and the number of threads
 *       (some weight gradients are split into one partial sum per thread), so the same inputs give the same bits
 *       on every run on a given machine and thread count.</li>
 *   <li>Thread safety: grad mode is per thread. A tensor and its graph are not thread-safe; separate graphs that
 *       share no tensor requiring a gradient may be built and backpropagated on different threads. The ops split
 *       large work over the cores themselves.</li>
 * </ul>
 *
 * <p>Place in the library: autograd sits on {@code nabla.tensor} ({@code NDArray}, {@code Shape}, {@code Rng})
 * and on the kernels, which are not exported: the fused ops here are the public way to reach them. Above it,
 * {@code nabla.nn.weights}, {@code nabla.nn} and the layer packages build their computations from these ops, and
 * {@code nabla.losses}, {@code nabla.optim} and the training loop work on {@code Tensor}s and their gradients.
 */
package nabla.autograd;
