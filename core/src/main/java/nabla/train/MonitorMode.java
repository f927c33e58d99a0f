package nabla.train;

/**
 * Whether a monitored value should go down ({@link #MIN}) or up ({@link #MAX}); {@link #AUTO} decides from the
 * name, as Keras' {@code mode="auto"}.
 */
public enum MonitorMode {
    /**
     * From the name, without its "val_" prefix: minimized when it ends with "loss", contains "error" or is "mae",
     * "mse" or "rmse"; otherwise maximized when it contains "acc", "auc", "precision" or "recall"; any other name is
     * an error (as Keras 3, which cannot tell either).
     */
    AUTO,
    /** The value should go down (losses, errors). */
    MIN,
    /** The value should go up (accuracies, AUC, precision, recall). */
    MAX;

    /**
     * Whether {@code monitor} is maximized under this mode.
     *
     * @param who the callback's name, for the error message
     * @param monitor the monitored log key
     * @return true when larger values are better
     * @throws IllegalArgumentException when AUTO cannot tell from the name
     */
    public boolean maximizes(String who, String monitor) {
        if (this != AUTO) return this == MAX;
        String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        if (m.endsWith("loss") || m.contains("error") || m.equals("mae") || m.equals("mse") || m.equals("rmse"))
            return false;
        if (m.contains("acc") || m.contains("auc") || m.contains("precision") || m.contains("recall")) return true;
        throw new IllegalArgumentException(who + ": cannot tell whether '" + monitor
                + "' should be minimized or maximized; pass MonitorMode.MIN or MonitorMode.MAX");
    }
}
