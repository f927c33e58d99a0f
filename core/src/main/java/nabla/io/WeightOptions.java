package nabla.io;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import nabla.nn.Layer;
import nabla.nn.weights.Constraint;
import nabla.nn.weights.Regularizer;

/**
 * The saved regularizers and constraints of a layer ({@link Layer#savedConfig()} keys "&lt;weight&gt;_regularizer",
 * "activity_regularizer", "&lt;weight&gt;_constraint"), split from its own configuration and set back on a rebuilt
 * layer, so every layer type round-trips them without knowing about them.
 */
final class WeightOptions {
    private WeightOptions() {}

    /** Removes the option keys from {@code config} and returns them. */
    static Map<String, Object> extract(Map<String, Object> config) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, Object>> it = config.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> e = it.next();
            if (e.getKey().endsWith("_regularizer") || e.getKey().endsWith("_constraint")) {
                options.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        return options;
    }

    /** {@code layer} with the extracted options set (a copy when there are any). */
    static Layer apply(Layer layer, Map<String, Object> options) {
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String key = e.getKey();
            if (!(e.getValue() instanceof String s))
                throw new IllegalArgumentException(layer.type() + " config: '" + key
                        + "' must be a string such as \"l2(0.01)\", got " + e.getValue());
            if (key.equals("activity_regularizer")) layer = layer.withActivityRegularizer(Regularizer.byName(s));
            else if (key.endsWith("_regularizer"))
                layer = layer.withRegularizer(
                        key.substring(0, key.length() - "_regularizer".length()), Regularizer.byName(s));
            else
                layer = layer.withConstraint(
                        key.substring(0, key.length() - "_constraint".length()), Constraint.byName(s));
        }
        return layer;
    }
}
