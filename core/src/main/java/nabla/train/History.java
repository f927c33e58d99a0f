package nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch values of every metric reported by {@link Trainer#fit}, as Keras' {@code History.history}: one list per
 * key of the epoch logs ("loss", the metrics, "val_" ones, what callbacks added), one value per recorded epoch.
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;
    private String stopReason;

    /** An empty history; {@link Trainer#fit} fills the one it returns. */
    public History() {}

    void record(Map<String, Double> logs) {
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        epochs++;
    }

    void stopped(String reason) {
        this.stopReason = reason;
    }

    /**
     * The values of one metric, one per epoch in which it was reported.
     *
     * @param metric a log key, e.g. "loss" or "val_accuracy"
     * @return an unmodifiable view, empty if the key was never reported
     */
    public List<Double> get(String metric) {
        return Collections.unmodifiableList(values.getOrDefault(metric, List.of()));
    }

    /**
     * The last value of a metric.
     *
     * @param metric a log key, e.g. "val_loss"
     * @return its value in the last epoch that reported it
     * @throws IllegalArgumentException if the key was never reported (the message lists the recorded keys)
     */
    public double last(String metric) {
        List<Double> v = values.get(metric);
        if (v == null || v.isEmpty())
            throw new IllegalArgumentException("no values for '" + metric + "'; recorded: " + values.keySet());
        return v.get(v.size() - 1);
    }

    /**
     * Every metric's values.
     *
     * @return a new map, in the order the keys first appeared, of unmodifiable copies of the lists
     */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    /**
     * The number of recorded epochs: those that reached {@code onEpochEnd} (not one that ended in a NaN loss).
     *
     * @return the epoch count
     */
    public int epochs() {
        return epochs;
    }

    /**
     * Why training stopped early.
     *
     * @return the reason (NaN loss, early stopping, target reached, ...), or null when it ran all epochs
     */
    public String stopReason() {
        return stopReason;
    }

    @Override
    public String toString() {
        return (stopReason == null ? "" : "stopped early: " + stopReason + "\n") + "History" + values;
    }
}
