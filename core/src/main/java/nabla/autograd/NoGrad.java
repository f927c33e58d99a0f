package nabla.autograd;

/**
 * A scope in which operations record no graph, as {@code torch.no_grad()}:
 * {@code try (var g = NoGrad.enter()) { ... }}. Scopes nest and are per thread; closing restores the mode.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private final int[] depth;
    private boolean closed;

    private NoGrad() {
        this.depth = DEPTH.get();
        depth[0]++;
    }

    /** Enters a no-grad scope; close it (try-with-resources) to leave. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /** True when operations on this thread record gradients. */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
