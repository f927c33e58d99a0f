/**
 * Float32 n-dimensional arrays without gradients: {@link nabla.tensor.Shape} (an immutable tuple of dimensions),
 * {@link nabla.tensor.NDArray} (NumPy's {@code ndarray} for one dtype, float32) and {@link nabla.tensor.Rng} (the
 * explicit seeded random source every random initializer, shuffle and dropout mask draws from).
 *
 * <p><b>Conventions.</b> Arrays are row-major (C order); shapes list the outermost axis first, and batch data puts
 * the sample axis first, as Keras and PyTorch do (images are channels-last: (batch, height, width, channels)).
 * Negative axis arguments count from the end. Elementwise operations broadcast by NumPy's rules. An array is a
 * view (shape, strides, offset) over a {@code float[]}: the view operations (reshape of contiguous data, permute,
 * transpose, slice, squeeze, unsqueeze, broadcastTo) share storage, every other operation returns a new contiguous
 * array, and only the methods named {@code set}, {@code assign}, {@code fill} and {@code ...InPlace} write into an
 * existing one (see {@link nabla.tensor.NDArray} for the exact list).
 *
 * <p><b>Errors.</b> Invalid shapes, axes and arguments throw {@link java.lang.IllegalArgumentException} naming the
 * shapes involved; element indices out of range throw {@link java.lang.IndexOutOfBoundsException}. A value refused
 * in one row of a batch (by a loss, metric or layer above) is an {@link nabla.tensor.InvalidRowException}, which
 * the training loop re-says with the sample's index in the caller's arrays. Creating an
 * array throws {@link java.lang.IllegalStateException} with the fix when the JVM lacks the Vector API module
 * ({@code --add-modules jdk.incubator.vector} on the class path; the module path adds it by itself).
 *
 * <p><b>Determinism and threads.</b> The same seed gives the same random numbers on every run and machine, and on
 * a given machine the kernels give the same bits for the same inputs on every run. Shapes are immutable and thread-safe; arrays and
 * generators are not synchronized: share an array between threads only for reading, and give each thread its own
 * generator ({@link nabla.tensor.Rng#split()}).
 *
 * <p><b>Layers.</b> This package sits at the bottom of the public API: {@code nabla.autograd} builds the
 * differentiable {@code Tensor} on it, and everything above (layers, losses, optimizers, models, save/load) passes
 * data as {@code NDArray}. Below it are only the module's non-exported packages: {@code nabla.kernels} (the
 * vectorized loops and the GEMM behind the math) and {@code nabla.internal}.
 */
package nabla.tensor;
