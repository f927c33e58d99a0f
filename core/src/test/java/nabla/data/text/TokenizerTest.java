package nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Expected values are worked out by hand from Keras' Tokenizer source (keras_preprocessing/text.py 1.1.2):
 * counts in an OrderedDict, a stable sort by decreasing count, index 1 for the OOV token, indices >= num_words cut.
 */
class TokenizerTest {
    static final List<String> TEXTS =
            List.of("The cat sat on the mat.", "The dog sat on the log!", "Dogs and cats: living together?");
    // first occurrence: the(4) cat(1) sat(2) on(2) mat(1) dog(1) log(1) dogs(1) and(1) cats(1) living(1) together(1)
    static final List<String> ORDER =
            List.of("the", "sat", "on", "cat", "mat", "dog", "log", "dogs", "and", "cats", "living", "together");

    static Tokenizer fitted(Tokenizer t) {
        t.fitOnTexts(TEXTS);
        return t;
    }

    @Test
    void splitsLikeKerasTextToWordSequence() {
        Tokenizer t = new Tokenizer();
        assertEquals(
                List.of("hello", "world", "it's", "a", "test"), t.textToWordSequence("Hello,   World!\tIt's a-test"));
        assertEquals(List.of("a\rb"), t.textToWordSequence("a\rb"), "\\r is not a default filter");
        assertEquals(List.of("Hello", "World"), t.withLower(false).textToWordSequence("Hello World"));
        assertEquals(List.of("a", "b"), t.withSplit(',').textToWordSequence("a,b"));
        assertEquals(List.of("a", "b", "c d"), t.withFilters("|").withSplit('|').textToWordSequence("a|b|c d"));
        assertEquals(List.of("a", "b", " ", "."), t.withCharLevel(true).textToWordSequence("Ab ."));
        assertEquals(List.of(), t.textToWordSequence(" ... "));
    }

    @Test
    void stripsHtmlBreaksUnlessAskedForKerasExactBehaviour() {
        Tokenizer t = new Tokenizer();
        assertEquals(List.of("great", "movie", "really"), t.textToWordSequence("Great<br /><br />movie<BR>really"));
        assertEquals(
                List.of("great", "br", "br", "movie"),
                t.withStripHtmlBreaks(false).textToWordSequence("Great<br /><br />movie"));
    }

    @Test
    void numbersWordsByCountThenFirstOccurrence() {
        Tokenizer t = fitted(new Tokenizer());
        assertEquals(3, t.documentCount());
        assertEquals(12, t.vocabularySize());
        assertEquals(List.copyOf(t.wordIndex().keySet()), ORDER);
        for (int i = 0; i < ORDER.size(); i++) assertEquals(i + 1, t.indexOf(ORDER.get(i)));
        assertEquals(4, t.wordCounts().get("the"));
        assertEquals(
                List.of("the", "cat", "sat", "on", "mat", "dog", "log", "dogs", "and", "cats", "living", "together"),
                List.copyOf(t.wordCounts().keySet()));
        assertEquals(2, t.wordDocs().get("the"));
        assertEquals(1, t.wordDocs().get("cat"));
        assertEquals("sat", t.wordAt(2));
        assertEquals(null, t.wordAt(13));
        assertEquals(0, t.indexOf("unicorn"));
        assertEquals(1, t.indexOf("THE"));
    }

    @Test
    void sequencesWithoutLimitOrOov() {
        Tokenizer t = fitted(new Tokenizer());
        int[][] s = t.textsToSequences(List.of("The cat sat on the mat.", "a unicorn and the dogs"));
        assertArrayEquals(new int[] {1, 4, 2, 3, 1, 5}, s[0]);
        assertArrayEquals(new int[] {9, 1, 8}, s[1]); // unknown words dropped
    }

    @Test
    void numWordsKeepsIndicesBelowIt() {
        Tokenizer t = fitted(new Tokenizer(5));
        int[][] s = t.textsToSequences(TEXTS);
        assertArrayEquals(new int[] {1, 4, 2, 3, 1}, s[0]); // mat = 5 is cut
        assertArrayEquals(new int[] {1, 2, 3, 1}, s[1]); // dog 6, log 7 cut
        assertArrayEquals(new int[] {}, s[2]);
        assertEquals(12, t.vocabularySize(), "the index itself is not cut");
        assertEquals(List.of("the cat sat on the", ""), t.sequencesToTexts(new int[][] {{1, 4, 2, 3, 1, 5, 99}, {0}}));
    }

    @Test
    void oovTokenIsIndexOneAndReplacesUnknownAndCutWords() {
        Tokenizer t = fitted(new Tokenizer(5).withOovToken("<OOV>"));
        assertEquals(1, t.indexOf("<OOV>"));
        assertEquals(2, t.indexOf("the"));
        assertEquals(13, t.vocabularySize());
        int[][] s = t.textsToSequences(List.of("The cat sat on the mat.", "zebra on"));
        assertArrayEquals(new int[] {2, 1, 3, 4, 2, 1}, s[0]); // cat = 5 and mat = 6 are >= 5
        assertArrayEquals(new int[] {1, 4}, s[1]);
        assertEquals(List.of("the <OOV> sat <OOV> <OOV>"), t.sequencesToTexts(new int[][] {{2, 5, 3, 99, 0}}));
        Tokenizer all = t.withNumWords(0);
        assertArrayEquals(new int[] {2, 5, 3, 4, 2, 6}, all.textToSequence("The cat sat on the mat."));
    }

    @Test
    void matrixModesFollowKerasFormulas() {
        Tokenizer t = fitted(new Tokenizer());
        List<String> doc = List.of("the cat the zebra"); // zebra unknown: dropped, so 3 tokens
        NDArray binary = t.textsToMatrix(doc, TextMatrixMode.BINARY);
        assertEquals(Shape.of(1, 13), binary.shape());
        float[] b = new float[13];
        b[1] = 1;
        b[4] = 1;
        assertArrayEquals(b, binary.toArray());
        float[] c = new float[13];
        c[1] = 2;
        c[4] = 1;
        assertArrayEquals(c, t.textsToMatrix(doc, TextMatrixMode.COUNT).toArray());
        float[] f = new float[13];
        f[1] = 2 / 3f;
        f[4] = 1 / 3f;
        assertArrayEquals(f, t.textsToMatrix(doc, TextMatrixMode.FREQ).toArray(), 1e-7f);
        float[] x = new float[13];
        x[1] = (float) ((1 + Math.log(2)) * Math.log(1 + 3.0 / (1 + 2))); // "the": in 2 of 3 documents
        x[4] = (float) ((1 + Math.log(1)) * Math.log(1 + 3.0 / (1 + 1))); // "cat": in 1
        assertArrayEquals(x, t.textsToMatrix(doc, TextMatrixMode.TFIDF).toArray(), 1e-6f);
        assertEquals(1.1736, x[1], 1e-4);
        assertEquals(0.9163, x[4], 1e-4);
    }

    @Test
    void matrixHasNumWordsColumnsAndFreqCountsEveryToken() {
        Tokenizer t = fitted(new Tokenizer(3));
        NDArray m = t.sequencesToMatrix(new int[][] {{1, 2, 7, 1}, {}}, TextMatrixMode.FREQ);
        assertEquals(Shape.of(2, 3), m.shape());
        assertArrayEquals(new float[] {0, 0.5f, 0.25f, 0, 0, 0}, m.toArray());
        assertEquals(TextMatrixMode.TFIDF, TextMatrixMode.of("tfidf"));
        assertThrows(IllegalArgumentException.class, () -> TextMatrixMode.of("idf"));
    }

    @Test
    void fittingTwiceAccumulatesAsKeras() {
        Tokenizer t = new Tokenizer();
        t.fitOnTexts(List.of("b a"));
        t.fitOnTexts(List.of("a c"));
        assertEquals(Map.of("a", 1, "b", 2, "c", 3), t.wordIndex());
        assertEquals(2, t.documentCount());
    }

    @Test
    void unfittedUseIsAnError() {
        var e = assertThrows(IllegalStateException.class, () -> new Tokenizer().textsToSequences(List.of("x")));
        assertEquals("Tokenizer: textsToSequences needs a vocabulary; call fitOnTexts first", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Tokenizer(-1));
    }

    @Test
    void jsonRoundTripKeepsEverything() {
        Tokenizer t = fitted(new Tokenizer(5).withOovToken("<OOV>").withStripHtmlBreaks(false));
        String json = t.toJson();
        Tokenizer back = Tokenizer.fromJson(json);
        assertEquals(json, back.toJson());
        assertEquals(t.wordIndex(), back.wordIndex());
        assertEquals(
                List.copyOf(t.wordCounts().keySet()),
                List.copyOf(back.wordCounts().keySet()));
        assertEquals(false, back.stripHtmlBreaks());
        assertEquals(5, back.numWords());
        List<String> raw = List.of("The mat sat on a dog", "unseen words here");
        assertArrayEquals(t.textsToSequences(raw), back.textsToSequences(raw));
        assertArrayEquals(
                t.textsToMatrix(raw, TextMatrixMode.TFIDF).toArray(),
                back.textsToMatrix(raw, TextMatrixMode.TFIDF).toArray());
        back.fitOnTexts(List.of("more text")); // a loaded tokenizer keeps fitting
        assertEquals(4, back.documentCount());
    }

    @Test
    void readsKerasToJsonOutput() {
        // Keras' tokenizer.to_json() layout: the maps are JSON strings inside the config.
        String keras = """
                {"class_name": "Tokenizer", "config": {"num_words": null, "filters": "!\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n",
                 "lower": true, "split": " ", "char_level": false, "oov_token": null, "document_count": 2,
                 "word_counts": "{\\"b\\": 1, \\"a\\": 2}", "word_docs": "{\\"a\\": 2, \\"b\\": 1}",
                 "index_docs": "{\\"1\\": 2, \\"2\\": 1}", "index_word": "{\\"1\\": \\"a\\", \\"2\\": \\"b\\"}",
                 "word_index": "{\\"a\\": 1, \\"b\\": 2}"}}""";
        Tokenizer t = Tokenizer.fromJson(keras);
        assertEquals(0, t.numWords());
        assertEquals(Tokenizer.DEFAULT_FILTERS, t.filters());
        assertEquals(false, t.stripHtmlBreaks(), "a Keras file loads with Keras' behaviour");
        assertArrayEquals(new int[] {2, 1, 1}, t.textToSequence("B, a; A! z"));
        float idf = (float) Math.log(1 + 2.0 / 3);
        assertArrayEquals(
                new float[] {0, idf, 0},
                t.textsToMatrix(List.of("a"), TextMatrixMode.TFIDF).toArray(),
                1e-6f);
    }

    @Test
    void badJsonNamesTheField() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("{\"class_name\": \"Tok\"}"));
        assertEquals("Tokenizer.fromJson: field class_name expected \"Tokenizer\", got \"Tok\"", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Tokenizer.fromJson(
                        "{\"class_name\": \"Tokenizer\", \"config\": {\"word_index\": \"{\\\"a\\\": 0}\"}}"));
        assertEquals(
                "Tokenizer.fromJson: field config.word_index index of \"a\" is 0, not a positive integer",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson("not json"));
    }

    @Test
    void wordIndicesMustNumberTheWordsOneToNBeforeAnythingIsAllocated() {
        // an index of 2^31-1 made a String[2^31] (NegativeArraySizeException), 2e8 two arrays of 800 MB each
        for (String index : List.of("2147483647", "200000000", "3")) {
            var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(wordIndex(index)));
            assertEquals(
                    "Tokenizer.fromJson: field config.word_index index of \"b\" is " + index
                            + ", but word_index has 2 entries; Keras numbers the words 1 to 2",
                    e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Tokenizer.fromJson(wordIndex("1")));
        assertEquals(
                "Tokenizer.fromJson: field config.word_index index 1 is given to both \"a\" and \"b\"; each word needs its own",
                e.getMessage());
        assertEquals(
                List.of("a", "b"),
                List.copyOf(Tokenizer.fromJson(wordIndex("2")).wordIndex().keySet()));
    }

    /** Tokenizer JSON with the words "a" (index 1) and "b" (index {@code b}). */
    private static String wordIndex(String b) {
        return "{\"class_name\": \"Tokenizer\", \"config\": {\"word_index\": \"{\\\"a\\\": 1, \\\"b\\\": " + b
                + "}\"}}";
    }
}
