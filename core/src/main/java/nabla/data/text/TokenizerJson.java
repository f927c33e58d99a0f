package nabla.data.text;

import java.util.LinkedHashMap;
import java.util.Map;
import nabla.internal.Json;

/**
 * Reads and writes a {@link Tokenizer} in Keras' {@code to_json()} layout: {@code {"class_name": "Tokenizer",
 * "config": {num_words, filters, lower, split, char_level, oov_token, document_count, word_counts, word_docs,
 * index_docs, index_word, word_index}}}, where the last five are maps serialized as JSON strings (Keras does
 * {@code json.dumps} on each). Nabla's own setting sits in a top-level {@code "nabla"} object, which Keras'
 * {@code tokenizer_from_json} ignores; a file without it (one written by Keras) loads with Keras' behaviour.
 */
final class TokenizerJson {
    private TokenizerJson() {}

    static String write(Tokenizer t, LinkedHashMap<String, int[]> counts, String[] indexWord, int[] indexDocs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("num_words", t.numWords() == 0 ? null : t.numWords());
        config.put("filters", t.filters());
        config.put("lower", t.lower());
        config.put("split", String.valueOf(t.split()));
        config.put("char_level", t.charLevel());
        config.put("oov_token", t.oovToken());
        config.put("document_count", t.documentCount());
        Map<String, Object> wordCounts = new LinkedHashMap<>(), wordDocs = new LinkedHashMap<>();
        counts.forEach((w, c) -> {
            wordCounts.put(w, c[0]);
            wordDocs.put(w, c[1]);
        });
        Map<String, Object> indexDocsNode = new LinkedHashMap<>(),
                indexWordNode = new LinkedHashMap<>(),
                wordIndex = new LinkedHashMap<>();
        for (int i = 1; i < indexWord.length; i++) {
            if (indexWord[i] == null) continue;
            if (indexDocs[i] > 0) indexDocsNode.put(Integer.toString(i), indexDocs[i]);
            indexWordNode.put(Integer.toString(i), indexWord[i]);
            wordIndex.put(indexWord[i], i);
        }
        config.put("word_counts", Json.text(wordCounts));
        config.put("word_docs", Json.text(wordDocs));
        config.put("index_docs", Json.text(indexDocsNode));
        config.put("index_word", Json.text(indexWordNode));
        config.put("word_index", Json.text(wordIndex));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", "Tokenizer");
        root.put("config", config);
        root.put("nabla", Map.of("strip_html_breaks", t.stripHtmlBreaks()));
        return Json.text(root);
    }

    static Tokenizer read(String json) {
        if (!(parse(json, "tokenizer JSON") instanceof Map<?, ?> root)) throw bad("(root)", "is not a JSON object");
        if (!"Tokenizer".equals(root.get("class_name")))
            throw bad("class_name", "expected \"Tokenizer\", got " + Json.text(root.get("class_name")));
        if (!(root.get("config") instanceof Map<?, ?> c)) throw bad("config", "missing or not an object");
        int numWords = c.get("num_words") == null ? 0 : intField(c, "num_words");
        String filters = c.get("filters") instanceof String f ? f : Tokenizer.DEFAULT_FILTERS;
        String split = c.get("split") instanceof String sp ? sp : " ";
        if (split.length() != 1)
            throw bad("config.split", "Nabla supports a one-character split, got \"" + split + "\"");
        String oov = c.get("oov_token") instanceof String o ? o : null;
        boolean strip = root.get("nabla") instanceof Map<?, ?> n && bool(n.get("strip_html_breaks"), false);
        int documentCount = c.containsKey("document_count") ? intField(c, "document_count") : 0;

        Map<?, ?> wordCounts = map(c, "word_counts"),
                wordDocs = map(c, "word_docs"),
                indexDocs = map(c, "index_docs"),
                indexWordNode = map(c, "index_word"),
                wordIndex = map(c, "word_index");
        LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : wordCounts.entrySet())
            counts.put((String) e.getKey(), new int[] {asInt(e.getValue(), 0), asInt(wordDocs.get(e.getKey()), 0), 0});
        // the indices number the words 1 to n, as Keras and Nabla write them: checked before anything is allocated
        // for them, so that an index such as 2000000000 is an error rather than a 2-billion-entry array
        int n = wordIndex.size();
        for (Map.Entry<?, ?> e : wordIndex.entrySet()) {
            if (!(e.getValue() instanceof Long i) || i < 1 || i > Integer.MAX_VALUE)
                throw bad(
                        "config.word_index",
                        "index of \"" + clip(e.getKey()) + "\" is " + Json.text(e.getValue())
                                + ", not a positive integer");
            if (i > n)
                throw bad(
                        "config.word_index",
                        "index of \"" + clip(e.getKey()) + "\" is " + i + ", but there are " + n
                                + " words, numbered 1 to " + n);
        }
        String[] indexWord = new String[n + 1];
        int[] docs = new int[n + 1];
        for (Map.Entry<?, ?> e : wordIndex.entrySet()) {
            int i = (int) (long) (Long) e.getValue();
            if (indexWord[i] != null)
                throw bad(
                        "config.word_index",
                        "\"" + clip(indexWord[i]) + "\" and \"" + clip(e.getKey()) + "\" have the same index " + i);
            indexWord[i] = (String) e.getKey();
            docs[i] = asInt(indexDocs.get(Integer.toString(i)), 0);
        }
        if (!indexWordNode.isEmpty() && indexWordNode.size() != wordIndex.size())
            throw bad(
                    "config.index_word",
                    "has %d entries but word_index has %d".formatted(indexWordNode.size(), wordIndex.size()));
        return Tokenizer.restore(
                numWords,
                filters,
                bool(c.get("lower"), true),
                split.charAt(0),
                bool(c.get("char_level"), false),
                oov,
                strip,
                documentCount,
                counts,
                indexWord,
                docs);
    }

    /** A map field that Keras stores as a JSON string; an inline object is accepted too; absent means empty. */
    private static Map<?, ?> map(Map<?, ?> config, String field) {
        Object v = config.get(field);
        if (v == null) return Map.of();
        Object m = v instanceof String text ? parse(text, "config." + field) : v;
        if (!(m instanceof Map<?, ?> map)) throw bad("config." + field, "is not a JSON object");
        return map;
    }

    private static int intField(Map<?, ?> config, String field) {
        Object v = config.get(field);
        if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE)
            throw bad("config." + field, "expected a non-negative integer, got " + Json.text(v));
        return (int) (long) l;
    }

    /** A count as Keras writes it (an integer); anything else counts as {@code otherwise}. */
    private static int asInt(Object v, int otherwise) {
        return v instanceof Number n ? n.intValue() : otherwise;
    }

    /** A word as quoted in a message: at most 40 characters. */
    private static String clip(Object word) {
        String w = String.valueOf(word);
        return w.length() <= 40 ? w : w.substring(0, 37) + "...";
    }

    private static boolean bool(Object v, boolean otherwise) {
        return v instanceof Boolean b ? b : otherwise;
    }

    private static Object parse(String json, String what) {
        try {
            return Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw new IllegalArgumentException(
                    "Tokenizer.fromJson: " + what + " is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    private static IllegalArgumentException bad(String field, String problem) {
        return new IllegalArgumentException("Tokenizer.fromJson: field " + field + " " + problem);
    }
}
