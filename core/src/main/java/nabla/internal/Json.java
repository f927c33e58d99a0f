package nabla.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values, on Jackson's streaming core (the library's one third-party dependency): objects are
 * {@code LinkedHashMap<String, Object>} (insertion order kept), arrays {@code List<Object>}, strings
 * {@code String}, booleans {@code Boolean}, null {@code null}, integers {@code Long} (or {@code BigInteger} past
 * 64 bits) and other numbers {@code BigDecimal}, so that a saved float reads back bit for bit
 * ({@code BigDecimal.floatValue} rounds once); a negative zero ({@code -0.0}, which a BigDecimal cannot hold) is the
 * {@code Double} -0.0. Duplicate keys are an error; Jackson's read constraints bound
 * nesting depth, number and string lengths.
 */
public final class Json {
    private Json() {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A JSON syntax error; the message is Jackson's, without the source excerpt. */
    public static final class SyntaxException extends IOException {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Parses one JSON value; trailing content other than whitespace is an error. */
    public static Object parse(byte[] json) throws SyntaxException {
        return parse(() -> FACTORY.createParser(json));
    }

    /** Parses one JSON value from a string. */
    public static Object parse(String json) throws SyntaxException {
        return parse(() -> FACTORY.createParser(json));
    }

    /** Opens a parser over the input. */
    private interface Source {
        JsonParser open() throws IOException;
    }

    private static Object parse(Source source) throws SyntaxException {
        try (JsonParser p = source.open()) {
            return parseDocument(p);
        } catch (JsonProcessingException e) {
            throw new SyntaxException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SyntaxException(e.getMessage(), e);
        }
    }

    private static Object parseDocument(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) throw new SyntaxException("no content", null);
        Object v = value(p, t);
        if (p.nextToken() != null) throw new SyntaxException("content after the end of the JSON value", null);
        return v;
    }

    // iterative would avoid deep recursion, but Jackson's nesting limit (1,000 levels) bounds the depth first
    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    m.put(key, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) l.add(value(p, e));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return number(p, t);
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new SyntaxException("unexpected token " + t, null);
        }
    }

    /**
     * The number at the parser. Jackson converts the text only when asked, and refuses a decimal whose exponent does
     * not fit an int (1E99999999999) with a NumberFormatException: a problem of the text like any other.
     */
    private static Object number(JsonParser p, JsonToken t) throws IOException {
        try {
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal d = p.getDecimalValue();
                // a BigDecimal has no negative zero, so -0.0 (a float Nabla wrote) would read back as 0.0
                return d.signum() == 0 && p.getText().startsWith("-") ? (Object) (-0.0) : d;
            }
            return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getBigIntegerValue()
                    : (Object) p.getLongValue();
        } catch (NumberFormatException e) {
            String text = p.getText();
            if (text.length() > 40) text = text.substring(0, 37) + "...";
            throw new SyntaxException(
                    "the number " + text + " at " + p.currentTokenLocation().offsetDescription()
                            + " is out of range (its exponent is too large)",
                    e);
        }
    }

    /**
     * Writes {@code value} (maps with string keys, lists, arrays of primitives, strings, numbers, booleans, null) as
     * UTF-8 JSON, indented when {@code pretty}.
     *
     * @throws IllegalArgumentException naming the first value that is not one of those
     */
    public static byte[] write(Object value, boolean pretty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (pretty) g.useDefaultPrettyPrinter();
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }

    /** {@code value} as compact JSON text, for messages. */
    public static String text(Object value) {
        return new String(write(value, false), StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case Byte b -> g.writeNumber(b);
            case Float f -> g.writeNumber(f);
            case Double d -> g.writeNumber(d);
            case BigDecimal d -> g.writeNumber(d);
            case BigInteger i -> g.writeNumber(i);
            case Character c -> g.writeString(String.valueOf(c));
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k))
                        throw new IllegalArgumentException("a map key is not a string: " + e.getKey());
                    g.writeFieldName(k);
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case Iterable<?> it -> {
                g.writeStartArray();
                for (Object o : it) write(g, o);
                g.writeEndArray();
            }
            case int[] a -> {
                g.writeStartArray();
                for (int x : a) g.writeNumber(x);
                g.writeEndArray();
            }
            case long[] a -> {
                g.writeStartArray();
                for (long x : a) g.writeNumber(x);
                g.writeEndArray();
            }
            case float[] a -> {
                g.writeStartArray();
                for (float x : a) g.writeNumber(x);
                g.writeEndArray();
            }
            case double[] a -> {
                g.writeStartArray();
                for (double x : a) g.writeNumber(x);
                g.writeEndArray();
            }
            case Object[] a -> {
                g.writeStartArray();
                for (Object x : a) write(g, x);
                g.writeEndArray();
            }
            default ->
                throw new IllegalArgumentException(
                        "value of type " + v.getClass().getName() + " is not JSON: " + v);
        }
    }
}
