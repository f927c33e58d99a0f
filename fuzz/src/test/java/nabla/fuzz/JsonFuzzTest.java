package nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.internal.Json;

/**
 * {@code nabla.internal.Json}, the parser under the model, safetensors and tokenizer readers (not exported by
 * nabla.core; the fuzz tests run on the class path, where it is reachable): bytes either parse or are refused with
 * its {@link Json.SyntaxException}; what parses writes back and parses to the same value (numbers by value, a negative
 * zero kept).
 */
class JsonFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/nabla/fuzz/model.dict")
    void parse(byte[] data) throws Exception {
        Watchdog.run("JsonFuzzTest", data, () -> check(data));
    }

    private static void check(byte[] data) {
        Object v;
        try {
            v = Json.parse(data);
        } catch (Json.SyntaxException e) {
            return;
        }
        Object back;
        try {
            back = Json.parse(Json.write(v, false));
        } catch (Json.SyntaxException e) {
            throw new AssertionError("Json.write produced text that Json.parse refuses", e);
        }
        if (!same(v, back)) throw new AssertionError("written and parsed again: " + v + " vs " + back);
    }

    /**
     * Equal values, numbers compared by value and by the sign of a zero (a decimal with an integral value, such as
     * 3.4E8, writes as 340253238 and reads back as a Long).
     */
    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y)
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0
                    && negativeZero(x) == negativeZero(y);
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) return false;
            for (Map.Entry<?, ?> e : x.entrySet()) if (!same(e.getValue(), y.get(e.getKey()))) return false;
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) return false;
            for (int i = 0; i < x.size(); i++) if (!same(x.get(i), y.get(i))) return false;
            return true;
        }
        return Objects.equals(a, b);
    }

    private static boolean negativeZero(Number n) {
        return n instanceof Double d && Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
    }
}
