package nabla.kernels;

/** Activations that kernels can fuse into a preceding matrix product. */
public enum ActKind {
    NONE,
    RELU,
    SIGMOID,
    TANH
}
