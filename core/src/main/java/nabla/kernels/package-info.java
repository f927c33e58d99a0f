/**
 * (Not exported.) The numerical kernels: allocation-free loops over {@code float[]} with explicit offsets and
 * strides, vectorized with the JDK's Vector API ({@code jdk.incubator.vector}; this is the only package that
 * imports it). GEMM ({@link nabla.kernels.Gemm}), convolution as patch matrix plus GEMM ({@link nabla.kernels.Conv})
 * and direct ({@link nabla.kernels.DirectConv}), pooling ({@link nabla.kernels.Pool}), elementwise loops and
 * reductions ({@link nabla.kernels.Elementwise}), fused bias plus activation ({@link nabla.kernels.Fused}),
 * activations ({@link nabla.kernels.Activations}), batch normalization ({@link nabla.kernels.Norm}), recurrent gate
 * math ({@link nabla.kernels.RecurrentGates}), optimizer updates and gradient clipping
 * ({@link nabla.kernels.Updates}, {@link nabla.kernels.AdaptiveUpdates}, {@link nabla.kernels.GradClip}), the
 * deterministic vector exp/tanh/sigmoid ({@link nabla.kernels.VMath}), the fork-join helper
 * ({@link nabla.kernels.Parallel}) and the buffer pool ({@link nabla.kernels.Workspace}).
 *
 * <p><b>Contract.</b> Callers validate shapes and arguments; kernels trust the numbers they are given (offsets,
 * lengths, strides, {@link nabla.kernels.ConvShape}) and check nothing beyond what Java's array bounds checks
 * catch. Data is row-major, images channels-last (NHWC) with Keras' (kh, kw, in, out) kernels, and recurrent gate
 * blocks in Keras' order. Outputs are written into caller-owned arrays (which the kernels either overwrite or
 * accumulate into, as each method says); steady-state calls allocate nothing (per-thread scratch buffers grow once
 * and are reused).
 *
 * <p><b>Determinism.</b> For the same inputs and the same thread count ({@link nabla.kernels.Parallel#threads()}),
 * a kernel gives the same bits on every run, whatever the JIT tier: work is cut into fixed blocks, partial sums are
 * kept per block and combined in a fixed order (a different thread count can cut differently and change the last
 * bits), and exp/tanh/sigmoid use {@link nabla.kernels.VMath}'s polynomials of exactly rounded operations rather
 * than the Vector API's intrinsics.
 *
 * <p><b>Threads.</b> Large operations split their work over all cores through {@link nabla.kernels.Parallel}
 * (persistent daemon workers; a call made while the pool is busy runs inline on its caller, so nesting never
 * deadlocks). Kernels may be called from several threads at once on different outputs.
 *
 * <p><b>Layers.</b> The bottom of the module, beside {@code nabla.internal}: it depends on nothing else in Nabla.
 * {@code nabla.tensor}, {@code nabla.autograd} and {@code nabla.optim} call it; it is not part of the public API
 * and may change without notice.
 */
package nabla.kernels;
