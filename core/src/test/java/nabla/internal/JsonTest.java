package nabla.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Json}: values, round trips, and bad text refused as a {@link Json.SyntaxException} only. */
class JsonTest {
    @Test
    void valuesReadAsPlainJavaValuesAndWriteBack() throws Json.SyntaxException {
        Object v = Json.parse("{\"a\": [1, 18446744073709551616, 0.1, true, null, \"x\"]}");
        List<Object> a = List.of(1L, new BigInteger("18446744073709551616"), new BigDecimal("0.1"), true, "x");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> got = (List<?>) m.get("a");
        assertEquals(6, got.size());
        assertEquals(a.subList(0, 4), got.subList(0, 4));
        assertEquals(null, got.get(4));
        assertEquals(v, Json.parse(Json.write(v, false)));
    }

    @Test
    void aNumberWhoseExponentIsOutOfRangeIsASyntaxErrorNamingIt() {
        // found by the fuzz tests (SafeTensorsFuzzTest): Jackson's NumberFormatException escaped every loader
        for (String json : List.of("[1E66666666666666666666]", "{\"x\": 0.1e-2147483647}", "-1e2147483649")) {
            Json.SyntaxException e = assertThrows(Json.SyntaxException.class, () -> Json.parse(json), json);
            assertTrue(
                    e.getMessage().startsWith("the number ") && e.getMessage().contains("out of range"),
                    e.getMessage());
        }
        Json.SyntaxException e =
                assertThrows(Json.SyntaxException.class, () -> Json.parse("[1E" + "6".repeat(200) + "]"));
        assertTrue(e.getMessage().length() < 120, e.getMessage());
    }

    @Test
    void aNegativeZeroReadsBackWithItsSign() throws Json.SyntaxException {
        // found by the fuzz tests (JsonFuzzTest): BigDecimal has no -0, so a saved -0.0f read back as +0.0f
        List<?> l = (List<?>) Json.parse(Json.write(new float[] {-0f, 0f, -0.5f}, false));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(((Number) l.get(0)).floatValue()));
        assertEquals(new BigDecimal("0.0"), l.get(1));
        assertEquals(new BigDecimal("-0.5"), l.get(2));
        assertEquals(0L, ((List<?>) Json.parse("[-0]")).getFirst(), "an integer has no negative zero");
        assertEquals(-0.0, ((List<?>) Json.parse("[-0e7]")).getFirst());
    }

    @Test
    void largeExponentsThatFitReadAsDecimals() throws Json.SyntaxException {
        assertEquals(new BigDecimal("1E+999999999"), ((List<?>) Json.parse("[1E999999999]")).getFirst());
    }
}
