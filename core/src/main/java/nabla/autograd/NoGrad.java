package nabla.autograd;

/**
 * A scope in which operations record no graph, as {@code torch.no_grad()}:
 * {@code try (var g = NoGrad.enter()) { ... }}. Scopes nest and are per thread; closing restores the mode.
 * Inside one, every op returns a constant ({@code requiresGrad()} false) and keeps nothing for a backward pass,
 * which saves the memory and time of recording: models evaluate and predict in one, and {@link Tensor#backward()}
 * runs in one. Other threads are not affected.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private final int[] depth;
    private boolean closed;

    private NoGrad() {
        this.depth = DEPTH.get();
        depth[0]++;
    }

    /**
     * Enters a no-grad scope on the calling thread; close it (try-with-resources) to leave.
     *
     * @return the scope, to be closed
     */
    public static NoGrad enter() {
        return new NoGrad();
    }

    /**
     * True when operations on this thread record gradients, i.e. no {@code NoGrad} scope is open on it.
     *
     * @return whether grad mode is on for this thread
     */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    /**
     * Leaves the scope: grad mode is on again once every scope entered on the thread has been closed. Closing twice
     * does nothing the second time.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            depth[0]--;
        }
    }
}
