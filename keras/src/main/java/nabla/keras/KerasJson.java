package nabla.keras;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.io.CorruptModelFileException;

/**
 * JSON as plain Java values (maps keep their order, lists, strings, {@link Long} or {@link BigInteger} integers,
 * {@link BigDecimal} decimals, booleans, null) on Jackson's streaming parser, iteratively (no recursion, so a deeply
 * nested hostile document cannot overflow the stack), with Jackson's read constraints bounding nesting and the
 * lengths of strings and numbers.
 */
final class KerasJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(200)
                    .maxNumberLength(400)
                    .maxStringLength(16 << 20)
                    .build())
            .build();

    private KerasJson() {}

    /** Parses {@code bytes}; {@code where} names the file (and entry) in the error. */
    static Object parse(byte[] bytes, String where) throws CorruptModelFileException {
        try (JsonParser p = FACTORY.createParser(bytes)) {
            Deque<Object> stack = new ArrayDeque<>();
            Deque<String> keys = new ArrayDeque<>();
            Object root = null;
            boolean done = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (done) throw new CorruptModelFileException(where, "holds more than one JSON value");
                Object value;
                switch (t) {
                    case START_OBJECT -> {
                        stack.push(new LinkedHashMap<String, Object>());
                        continue;
                    }
                    case START_ARRAY -> {
                        stack.push(new ArrayList<Object>());
                        continue;
                    }
                    case FIELD_NAME -> {
                        keys.push(p.currentName());
                        continue;
                    }
                    case END_OBJECT, END_ARRAY -> value = stack.pop();
                    case VALUE_STRING -> value = p.getText();
                    case VALUE_NUMBER_INT -> {
                        BigInteger b = p.getBigIntegerValue();
                        value = b.bitLength() < 64 ? (Object) b.longValue() : b;
                    }
                    case VALUE_NUMBER_FLOAT -> value = p.getDecimalValue();
                    case VALUE_TRUE -> value = Boolean.TRUE;
                    case VALUE_FALSE -> value = Boolean.FALSE;
                    case VALUE_NULL -> value = null;
                    default -> throw new CorruptModelFileException(where, "holds an unexpected JSON token " + t);
                }
                if (stack.isEmpty()) {
                    root = value;
                    done = true;
                } else if (stack.peek() instanceof List<?> l) {
                    @SuppressWarnings("unchecked")
                    List<Object> list = (List<Object>) l;
                    list.add(value);
                } else {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> map = (Map<String, Object>) stack.peek();
                    map.put(keys.pop(), value);
                }
            }
            if (!done) throw new CorruptModelFileException(where, "is empty or ends in the middle of its JSON");
            return root;
        } catch (JsonProcessingException e) {
            throw new CorruptModelFileException(where, "is not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new CorruptModelFileException(where, "cannot be read as JSON (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code value} (maps, lists, strings, numbers, booleans, null) as UTF-8 JSON. */
    static byte[] write(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        switch (v) {
            case null -> g.writeNull();
            case String s -> g.writeString(s);
            case Boolean b -> g.writeBoolean(b);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Float f -> {
                if (!Float.isFinite(f)) throw new IllegalArgumentException("not a finite number: " + f);
                g.writeNumber(f);
            }
            case Double d -> {
                if (!Double.isFinite(d)) throw new IllegalArgumentException("not a finite number: " + d);
                g.writeNumber(d);
            }
            case BigDecimal d -> g.writeNumber(d);
            case BigInteger b -> g.writeNumber(b);
            case Map<?, ?> m -> {
                g.writeStartObject();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    write(g, e.getValue());
                }
                g.writeEndObject();
            }
            case List<?> l -> {
                g.writeStartArray();
                for (Object o : l) write(g, o);
                g.writeEndArray();
            }
            case int[] a -> {
                g.writeStartArray();
                for (int x : a) g.writeNumber(x);
                g.writeEndArray();
            }
            default ->
                throw new IllegalArgumentException(
                        "not a JSON value: " + v.getClass().getName());
        }
    }
}
