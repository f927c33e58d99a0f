package nabla.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    /** 8-byte little-endian length, the header bytes as given (padding included), then the data. */
    static byte[] file(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    static byte[] bytes(SafeTensors st) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        st.writeTo(out);
        return out.toByteArray();
    }

    /**
     * The reference implementation's serializer test vector (huggingface/safetensors, bindings/python/tests/
     * test_simple.py, test_serialization): compact JSON, header padded with spaces so the data starts at a multiple
     * of 8. That test uses I32 zeros; all-zero data is the same bytes in F32, so only "I32" becomes "F32".
     */
    @Test
    void writesTheReferenceImplementationsBytes() throws Exception {
        byte[] expected =
                file("{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ", new byte[16]);
        assertEquals('@', expected[0]); // 64, as in the reference vector
        assertArrayEquals(expected, bytes(new SafeTensors(Map.of("test", NDArray.zeros(2, 2)))));
        // With metadata: "__metadata__" first (as the reference serializer orders it), 95 bytes of JSON + 1 space.
        String json =
                "{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
        assertEquals(95, json.length());
        assertArrayEquals(
                file(json + " ", new byte[16]),
                bytes(new SafeTensors(Map.of("test1", NDArray.zeros(2, 2)), Map.of("framework", "pt"))));
    }

    /** The reference's "load with metadata" vector: header length 102 (7 spaces of padding, data not 8-aligned). */
    @Test
    void readsTheReferenceImplementationsMetadataVector() throws Exception {
        byte[] ref = file(
                "{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}       ",
                new byte[16]);
        assertEquals('f', ref[0]);
        SafeTensors st = SafeTensors.read(ByteBuffer.wrap(ref), "ref");
        assertEquals(Map.of("framework", "pt"), st.metadata());
        assertArrayEquals(new float[4], st.tensors().get("test1").toArray());
    }

    @Test
    void writesLittleEndianFloatsAtTheOffsetsOfTheHeader() throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("a", NDArray.of(new float[] {1f, -2f}, 2));
        t.put("b", NDArray.scalar(0.5f));
        String json =
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}";
        String header = json + " ".repeat((8 - json.length() % 8) % 8);
        byte[] data = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0, 0, 0, 0, 0x3F}; // 1.0f, -2.0f, 0.5f little-endian
        assertArrayEquals(file(header, data), bytes(new SafeTensors(t)));
    }

    @Test
    void readsAHandwrittenFileWithSpacesAndTensorsOutOfOffsetOrder() throws Exception {
        String header =
                "{ \"__metadata__\" : {\"format\": \"pt\"}, \"w\": {\"dtype\": \"F32\", \"shape\": [1, 2], \"data_offsets\": [4, 12]},"
                        + " \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]} }";
        byte[] data = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(7f)
                .putFloat(1.5f)
                .putFloat(-3f)
                .array();
        SafeTensors st = SafeTensors.read(ByteBuffer.wrap(file(header, data)), "hand.safetensors");
        assertEquals(Map.of("format", "pt"), st.metadata());
        assertEquals(List.of("w", "b"), List.copyOf(st.tensors().keySet()));
        assertEquals(Shape.of(1, 2), st.tensors().get("w").shape());
        assertArrayEquals(new float[] {1.5f, -3f}, st.tensors().get("w").toArray());
        assertArrayEquals(new float[] {7f}, st.tensors().get("b").toArray());
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("layer.kernel", NDArray.arange(24).reshape(2, 3, 4));
        t.put("transposed", NDArray.arange(6).reshape(2, 3).transpose()); // a non-contiguous view
        t.put("scalar", NDArray.scalar(Float.MIN_VALUE));
        t.put("empty", NDArray.zeros(0, 3));
        t.put("specials", NDArray.of(new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MAX_VALUE}, 4));
        Path p = dir.resolve("t.safetensors");
        new SafeTensors(t, Map.of("k", "v")).write(p);
        assertEquals(0, Files.size(p) % 4);
        SafeTensors back = SafeTensors.read(p);
        assertEquals(Map.of("k", "v"), back.metadata());
        assertEquals(List.copyOf(t.keySet()), List.copyOf(back.tensors().keySet()));
        for (String k : t.keySet()) {
            assertEquals(t.get(k).shape(), back.tensors().get(k).shape(), k);
            float[] a = t.get(k).toArray(), b = back.tensors().get(k).toArray();
            for (int i = 0; i < a.length; i++)
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), k + "[" + i + "]");
        }
    }

    @Test
    void refusesOtherDtypesNamingTensorAndDtype() throws Exception {
        // The reference implementation's older test vector (no header padding), an I32 tensor.
        byte[] ref = file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]);
        Path p = dir.resolve("int.safetensors");
        Files.write(p, ref);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertTrue(
                e.getMessage().startsWith(p.toString() + ": ")
                        && e.getMessage().contains("'test'")
                        && e.getMessage().contains("I32")
                        && e.getMessage().contains("F32"),
                e.getMessage());
    }

    @Test
    void missingFileNamesIt() {
        Path p = dir.resolve("nope.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SafeTensors.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    private static final String GOOD =
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";

    private void assertCorrupt(byte[] bytes, String... fragments) throws Exception {
        Path p = dir.resolve("bad.safetensors");
        Files.write(p, bytes);
        ModelFileException e = assertThrows(ModelFileException.class, () -> SafeTensors.read(p));
        assertInstanceOf(CorruptModelFileException.class, e, e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }

    @Test
    void corruptFilesGiveMessagesNamingFileAndProblem() throws Exception {
        byte[] good = file(GOOD, new byte[12]);
        SafeTensors.read(ByteBuffer.wrap(good), "good"); // the base case is valid

        assertCorrupt(Arrays.copyOf(good, good.length - 4), "'b'", "truncated");
        assertCorrupt(Arrays.copyOf(good, 5), "too short");
        assertCorrupt(Arrays.copyOf(good, 40), "header length", "truncated");
        byte[] huge = good.clone();
        huge[7] = 0x7F;
        assertCorrupt(huge, "header length");
        assertCorrupt(
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]", new byte[8]), "not valid JSON");
        assertCorrupt(file("[1, 2]  ", new byte[0]), "does not start with '{'");
        assertCorrupt(file(GOOD.replace("[8,12]", "[4,8]"), new byte[12]), "overlap");
        assertCorrupt(
                file(GOOD.replace("[8,12]", "[8,16]"), new byte[16]),
                "'b'",
                "8 bytes",
                "needs 4"); // size ≠ prod(shape)·4
        assertCorrupt(
                file(GOOD.replace("[8,12]", "[12,16]").replace("[1]", "[1]"), new byte[16]), "belong to no tensor");
        assertCorrupt(file(GOOD, new byte[16]), "trailing bytes");
        assertCorrupt(file(GOOD.replace("[2]", "[-2]"), new byte[12]), "invalid shape");
        assertCorrupt(
                file(GOOD.replace("\"F32\",\"shape\":[1]", "\"Q7\",\"shape\":[1]"), new byte[12]),
                "unknown dtype 'Q7'");
        assertCorrupt(file(GOOD.replace("\"b\":", "\"a\":"), new byte[12]), "Duplicate field 'a'");
        assertCorrupt(file("{\"__metadata__\":{\"n\":1}}", new byte[0]), "__metadata__");
    }
}
