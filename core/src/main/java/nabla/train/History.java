package nabla.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-epoch values of every metric reported by {@link Trainer#fit}, as Keras' {@code History.history}. */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();
    private int epochs;
    private String stopReason;

    void record(Map<String, Double> logs) {
        logs.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        epochs++;
    }

    void stopped(String reason) {
        this.stopReason = reason;
    }

    /** The values of one metric, one per completed epoch; empty if never reported. */
    public List<Double> get(String metric) {
        return Collections.unmodifiableList(values.getOrDefault(metric, List.of()));
    }

    /** The last epoch's value of a metric. */
    public double last(String metric) {
        List<Double> v = values.get(metric);
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("no values for '" + metric + "'; recorded: " + values.keySet());
        return v.get(v.size() - 1);
    }

    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    /** Number of completed epochs. */
    public int epochs() {
        return epochs;
    }

    /** Why training stopped early (NaN loss, early stopping), or null when it ran all epochs. */
    public String stopReason() {
        return stopReason;
    }

    @Override
    public String toString() {
        return "History" + values + (stopReason == null ? "" : " stopped: " + stopReason);
    }
}
