package nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import nabla.data.text.Tokenizer;

/**
 * {@link Tokenizer#fromJson} (TokenizerJson): the input is the JSON text. It either loads or is refused with the
 * documented IllegalArgumentException, whose message names the tokenizer; a tokenizer that loads tokenizes a text
 * (unless it has no vocabulary and no documents, as an unfitted one) and turns the sequences back into text, and
 * survives {@code toJson} / {@code fromJson} unchanged.
 */
class TokenizerJsonFuzzTest {
    private static final List<String> TEXTS = List.of("The cat sat on the mat.", "a b c <br /> d", "");

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/nabla/fuzz/tokenizer.dict")
    void fromJson(byte[] data) throws Exception {
        Watchdog.run("TokenizerJsonFuzzTest", data, () -> check(data));
    }

    private static void check(byte[] data) {
        Tokenizer t;
        try {
            t = Tokenizer.fromJson(new String(data, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            checkMessage(e);
            return;
        }
        // a tokenizer without vocabulary or documents is an unfitted one, which refuses to tokenize (documented)
        if (t.vocabularySize() > 0 || t.documentCount() > 0) t.sequencesToTexts(t.textsToSequences(TEXTS));
        String json = t.toJson();
        String again = Tokenizer.fromJson(json).toJson();
        if (!again.equals(json))
            throw new AssertionError("toJson / fromJson changes the tokenizer:\n  " + json + "\n  " + again);
    }

    /** A refusal says what it refuses: the message names the tokenizer. */
    static void checkMessage(IllegalArgumentException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("Tokenizer")) throw e;
    }
}
