package nabla.train;

/**
 * Whether a monitored value should go down ({@link #MIN}) or up ({@link #MAX}); {@link #AUTO} decides from the
 * name, as Keras' {@code mode="auto"}.
 */
public enum MonitorMode {
    /** From the name (without "val_"): minimized when it ends with "loss" or names an error (mae, mse, rmse, *error); maximized for accuracy, auc, precision and recall. */
    AUTO,
    MIN,
    MAX;

    /**
     * Whether {@code monitor} is maximized under this mode.
     *
     * @throws IllegalArgumentException when AUTO cannot tell from the name
     */
    public boolean maximizes(String who, String monitor) {
        if (this != AUTO) return this == MAX;
        String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (m.endsWith("loss") || m.contains("error") || m.equals("mae") || m.equals("mse") || m.equals("rmse")) return false;
        if (m.contains("acc") || m.contains("auc") || m.contains("precision") || m.contains("recall")) return true;
        throw new IllegalArgumentException(who + ": cannot tell whether '" + monitor
                + "' should be minimized or maximized; pass MonitorMode.MIN or MonitorMode.MAX");
    }
}
