package nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nabla.data.CorruptDataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tokenizer's JSON cannot make the reader allocate more than it holds; errors name their source. */
class TokenizerJsonBoundsTest {
    @TempDir
    Path dir;

    private static String withWordIndex(String wordIndex) {
        return "{\"class_name\": \"Tokenizer\", \"config\": {\"word_index\": " + wordIndex + "}}";
    }

    @Test
    void aHugeWordIndexIsRefusedBeforeAllocatingIt() {
        // 60 bytes that allocated two arrays of two billion entries (an OutOfMemoryError)
        String json = withWordIndex("{\"a\": 2000000000}");
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json));
        assertEquals(
                "Tokenizer.fromJson: field config.word_index index of \"a\" is 2000000000, but word_index has 1"
                        + " entry; Keras numbers the words 1 to 1",
                e.getMessage());
    }

    @Test
    void twoWordsWithOneIndexAreRefused() {
        // the second word silently replaced the first
        String json = withWordIndex("{\"a\": 1, \"b\": 1}");
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json));
        assertEquals(
                "Tokenizer.fromJson: field config.word_index index 1 is given to both \"a\" and \"b\"; each word needs"
                        + " its own",
                e.getMessage());
    }

    @Test
    void errorsNameTheSourceGiven() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> Tokenizer.fromJson("{\"class_name\": 7}", "m.nabla!/assets/tokenizer.json"));
        assertEquals("m.nabla!/assets/tokenizer.json: field class_name expected \"Tokenizer\", got 7", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{", "t.json"));
        assertTrue(e.getMessage().startsWith("t.json: tokenizer JSON is not valid JSON ("), e.getMessage());
    }

    @Test
    void aLongQuotedValueIsCutInTheMessage() {
        String name = "x".repeat(10_000);
        var e = assertThrows(
                IllegalArgumentException.class, () -> Tokenizer.fromJson("{\"class_name\": \"" + name + "\"}"));
        assertTrue(e.getMessage().length() < 200, e.getMessage().length() + " characters");
    }

    @Test
    void textBeyondTheLimitIsRefusedWithoutParsing() {
        String json = withWordIndex("{}") + " ".repeat(64 << 20);
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(json, "big.json"));
        assertEquals(
                "big.json: the tokenizer JSON is " + json.length()
                        + " characters, more than the 67108864 a tokenizer may have",
                e.getMessage());
    }

    @Test
    void readJsonReadsAFileAndNamesItInErrors() throws IOException {
        Tokenizer t = new Tokenizer();
        t.fitOnTexts(List.of("the cat sat", "the dog"));
        Path good = Files.writeString(dir.resolve("tokenizer.json"), t.toJson());
        assertEquals(t.wordIndex(), Tokenizer.readJson(good).wordIndex());
        assertEquals(
                Map.of("the", 1, "cat", 2, "sat", 3, "dog", 4),
                Tokenizer.readJson(good).wordIndex());

        Path bad = Files.writeString(dir.resolve("bad.json"), withWordIndex("{\"a\": 0}"));
        var e = assertThrows(CorruptDataException.class, () -> Tokenizer.readJson(bad));
        assertEquals(bad + ": field config.word_index index of \"a\" is 0, not a positive integer", e.getMessage());
        assertEquals(bad, e.file());

        Path latin = Files.write(dir.resolve("latin.json"), new byte[] {'{', (byte) 0xE9, '}'});
        e = assertThrows(CorruptDataException.class, () -> Tokenizer.readJson(latin));
        assertEquals(latin + ": the file is not UTF-8 text", e.getMessage());
    }
}
