package nabla.train;

import java.util.Map;

/** Reading a monitored value from the epoch logs, shared by the callbacks that watch one. */
final class Monitors {
    private Monitors() {}

    /** The value of {@code monitor}, or an error that lists the available keys. */
    static double value(String who, String monitor, Map<String, Double> logs) {
        Double v = logs.get(monitor);
        if (v == null)
            throw new IllegalArgumentException(
                    who + ": monitored value '" + monitor + "' is not in the epoch logs; available: "
                            + String.join(", ", logs.keySet())
                            + (monitor.startsWith("val_")
                                    ? "; give fit validation data (validationSplit or validationData) or monitor a training value"
                                    : ""));
        return v;
    }

    /** Whether {@code current} beats {@code reference} by more than {@code minDelta} (NaN never does). */
    static boolean improves(double current, double reference, double minDelta, boolean maximize) {
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }
}
