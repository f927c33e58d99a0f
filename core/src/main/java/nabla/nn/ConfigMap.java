package nabla.nn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Typed read access to a saved configuration (a layer's or an optimizer's {@code config()} after a trip through
 * JSON): what the layers' {@code fromConfig} methods read. Numbers may arrive as any {@link Number} type; a
 * missing required key, a value of the wrong type (a null value included) or a key the reader does not know
 * ({@link #allowOnly}) gives an {@link IllegalArgumentException} naming the owner and the key. The readers with a
 * default return it only when the key is absent. Read-only; the key set is copied at construction.
 */
public final class ConfigMap {
    private final String owner;
    private final Map<String, Object> values;

    /**
     * Wraps {@code values} (a shallow copy).
     *
     * @param owner what the values configure, for messages, e.g. "Dense config"
     * @param values the configuration, as read from JSON
     * @throws NullPointerException if either argument is null
     */
    public ConfigMap(String owner, Map<String, ?> values) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.values = new LinkedHashMap<>(Objects.requireNonNull(values, "values"));
    }

    /**
     * Fails on any key not in {@code known}: a key from a newer version (or a typo) must not be silently ignored.
     *
     * @param known the keys the reader understands (none for a layer without settings)
     * @return this map, for chaining
     * @throws IllegalArgumentException naming the first unknown key and listing the known ones
     */
    public ConfigMap allowOnly(String... known) {
        List<String> k = Arrays.asList(known);
        for (String key : values.keySet())
            if (!k.contains(key))
                throw new IllegalArgumentException(owner + " has unknown key '" + key + "'; known: "
                        + (known.length == 0 ? "none" : String.join(", ", new TreeSet<>(k))));
        return this;
    }

    /**
     * A required integer.
     *
     * @param key the key
     * @return the value
     * @throws IllegalArgumentException if the key is missing or its value is not an integer that fits in an
     *     {@code int} (a JSON number with a fraction or exponent, such as 3.0, is not one)
     */
    public int intValue(String key) {
        return toInt(key, require(key));
    }

    /**
     * An optional integer.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not an integer that fits in an {@code int}
     */
    public int intValue(String key, int defaultValue) {
        return values.containsKey(key) ? toInt(key, values.get(key)) : defaultValue;
    }

    /**
     * {@code count} integers: a single integer (repeated), or a list of {@code count} integers, nested lists
     * flattened (Keras' {@code ((top, bottom), (left, right))}). A missing key gives {@code defaultValue}, or fails
     * when that is null.
     *
     * @param key the key
     * @param count how many integers the caller needs (e.g. 2 for a 2-D kernel size)
     * @param defaultValue the values when the key is absent (copied), or null to make the key required
     * @return a new array of {@code count} integers
     * @throws IllegalArgumentException if the key is missing and there is no default, or the value is neither an
     *     integer nor a (nested) list of {@code count} integers
     */
    public int[] intArray(String key, int count, int[] defaultValue) {
        if (!values.containsKey(key) && defaultValue != null) return defaultValue.clone();
        Object v = require(key);
        List<Object> flat = new ArrayList<>();
        flatten(v, flat);
        int[] out = new int[count];
        if (flat.size() == 1 && !(v instanceof List<?>)) Arrays.fill(out, toInt(key, flat.get(0)));
        else if (flat.size() != count) throw wrongType(key, v, count + " integers");
        else for (int i = 0; i < count; i++) out[i] = toInt(key, flat.get(i));
        return out;
    }

    /**
     * A required list of integers of any length.
     *
     * @param key the key
     * @return a new array of the list's values
     * @throws IllegalArgumentException if the key is missing, or its value is not a list of integers
     */
    public int[] intList(String key) {
        Object v = require(key);
        if (!(v instanceof List<?> l)) throw wrongType(key, v, "a list of integers");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(key, l.get(i));
        return out;
    }

    private static void flatten(Object v, List<Object> into) {
        if (v instanceof List<?> l) for (Object o : l) flatten(o, into);
        else into.add(v);
    }

    /**
     * An optional number, as float (a decimal is rounded once, to the nearest float). Required keys pass
     * {@code Float.NaN} as the default and let the constructor reject it.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not a number
     */
    public float floatValue(String key, float defaultValue) {
        if (!values.containsKey(key)) return defaultValue;
        Object v = values.get(key);
        // BigDecimal.floatValue rounds the decimal once, correctly; going through double could round twice.
        if (v instanceof BigDecimal b) return b.floatValue();
        if (v instanceof Number n) return n.floatValue();
        throw wrongType(key, v, "a number");
    }

    /**
     * An optional boolean.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not {@code true} or {@code false}
     */
    public boolean boolValue(String key, boolean defaultValue) {
        if (!values.containsKey(key)) return defaultValue;
        Object v = values.get(key);
        if (v instanceof Boolean b) return b;
        throw wrongType(key, v, "true or false");
    }

    /**
     * A required string.
     *
     * @param key the key
     * @return the value
     * @throws IllegalArgumentException if the key is missing or its value is not a string
     */
    public String string(String key) {
        Object v = require(key);
        if (v instanceof String s) return s;
        throw wrongType(key, v, "a string");
    }

    /**
     * An optional string.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent
     * @return the value, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not a string
     */
    public String string(String key, String defaultValue) {
        return values.containsKey(key) ? string(key) : defaultValue;
    }

    /**
     * An optional list of integers of any length.
     *
     * @param key the key
     * @param defaultValue the value when the key is absent (returned as it is, not copied; may be null)
     * @return a new array of the list's values, or {@code defaultValue}
     * @throws IllegalArgumentException if the value is not a list of integers
     */
    public int[] intList(String key, int[] defaultValue) {
        if (!values.containsKey(key)) return defaultValue;
        Object v = values.get(key);
        if (!(v instanceof List<?> l)) throw wrongType(key, v, "a list of integers");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = toInt(key, l.get(i));
        return out;
    }

    /**
     * Whether a key is absent or holds JSON null (Keras writes {@code "output_shape": null} for a default).
     *
     * @param key the key
     * @return true when the key is missing or its value is null
     */
    public boolean isNull(String key) {
        return values.get(key) == null;
    }

    /**
     * A required nested configuration (a JSON object), e.g. the wrapped layer of a Bidirectional.
     *
     * @param key the key
     * @return the nested map, as stored (not copied)
     * @throws IllegalArgumentException if the key is missing or its value is not an object
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String key) {
        Object v = require(key);
        if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw wrongType(key, v, "an object");
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalArgumentException(owner + " is missing the required key '" + key + "'");
        return v;
    }

    private int toInt(String key, Object v) {
        boolean integral = v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || (v instanceof BigInteger b && b.bitLength() < 64);
        if (integral) {
            long l = ((Number) v).longValue();
            if (l == (int) l) return (int) l;
        }
        throw wrongType(key, v, "an integer");
    }

    private IllegalArgumentException wrongType(String key, Object v, String expected) {
        return new IllegalArgumentException(owner + ": '" + key + "' must be " + expected + ", got " + v);
    }

    @Override
    public String toString() {
        return owner + " " + values;
    }
}
