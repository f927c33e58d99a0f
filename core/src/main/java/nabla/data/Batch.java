package nabla.data;

import nabla.tensor.NDArray;

/**
 * One mini-batch from a {@link DataLoader}: inputs {@code x} of shape (size, ...), targets {@code y} of shape
 * (size, ...), its position {@code index} in the epoch (0-based) and {@code size}, the number of samples.
 * The arrays are the loader's reusable buffers: valid only until the next batch is taken, and not to be written.
 */
public record Batch(NDArray x, NDArray y, int index, int size) {}
