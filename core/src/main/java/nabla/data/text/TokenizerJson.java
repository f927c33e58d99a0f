package nabla.data.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes a {@link Tokenizer} in Keras' {@code to_json()} layout: {@code {"class_name": "Tokenizer",
 * "config": {num_words, filters, lower, split, char_level, oov_token, document_count, word_counts, word_docs,
 * index_docs, index_word, word_index}}}, where the last five are maps serialized as JSON strings (Keras does
 * {@code json.dumps} on each). Nabla's own setting sits in a top-level {@code "nabla"} object, which Keras'
 * {@code tokenizer_from_json} ignores; a file without it (one written by Keras) loads with Keras' behaviour.
 */
final class TokenizerJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJson() {}

    static String write(Tokenizer t, LinkedHashMap<String, int[]> counts, String[] indexWord, int[] indexDocs) {
        ObjectNode config = JSON.createObjectNode();
        if (t.numWords() == 0) config.putNull("num_words");
        else config.put("num_words", t.numWords());
        config.put("filters", t.filters());
        config.put("lower", t.lower());
        config.put("split", String.valueOf(t.split()));
        config.put("char_level", t.charLevel());
        if (t.oovToken() == null) config.putNull("oov_token");
        else config.put("oov_token", t.oovToken());
        config.put("document_count", t.documentCount());
        ObjectNode wordCounts = JSON.createObjectNode(), wordDocs = JSON.createObjectNode();
        counts.forEach((w, c) -> {
            wordCounts.put(w, c[0]);
            wordDocs.put(w, c[1]);
        });
        ObjectNode indexDocsNode = JSON.createObjectNode(), indexWordNode = JSON.createObjectNode(), wordIndex = JSON.createObjectNode();
        for (int i = 1; i < indexWord.length; i++) {
            if (indexWord[i] == null) continue;
            if (indexDocs[i] > 0) indexDocsNode.put(Integer.toString(i), indexDocs[i]);
            indexWordNode.put(Integer.toString(i), indexWord[i]);
            wordIndex.put(indexWord[i], i);
        }
        try {
            config.put("word_counts", JSON.writeValueAsString(wordCounts));
            config.put("word_docs", JSON.writeValueAsString(wordDocs));
            config.put("index_docs", JSON.writeValueAsString(indexDocsNode));
            config.put("index_word", JSON.writeValueAsString(indexWordNode));
            config.put("word_index", JSON.writeValueAsString(wordIndex));
            ObjectNode root = JSON.createObjectNode();
            root.put("class_name", "Tokenizer");
            root.set("config", config);
            root.putObject("nabla").put("strip_html_breaks", t.stripHtmlBreaks());
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tokenizer", e); // trees of strings and ints always serialize
        }
    }

    static Tokenizer read(String json) {
        JsonNode root = parse(json, "tokenizer JSON");
        if (!"Tokenizer".equals(root.path("class_name").asText()))
            throw bad("class_name", "expected \"Tokenizer\", got " + root.path("class_name"));
        JsonNode c = root.path("config");
        if (!c.isObject()) throw bad("config", "missing or not an object");
        int numWords = c.path("num_words").isNull() || c.path("num_words").isMissingNode() ? 0 : intField(c, "num_words");
        String filters = c.path("filters").isTextual() ? c.get("filters").asText() : Tokenizer.DEFAULT_FILTERS;
        String split = c.path("split").isTextual() ? c.get("split").asText() : " ";
        if (split.length() != 1) throw bad("config.split", "Nabla supports a one-character split, got \"" + split + "\"");
        String oov = c.path("oov_token").isTextual() ? c.get("oov_token").asText() : null;
        boolean strip = root.path("nabla").path("strip_html_breaks").asBoolean(false);
        int documentCount = c.has("document_count") ? intField(c, "document_count") : 0;

        JsonNode wordCounts = map(c, "word_counts"), wordDocs = map(c, "word_docs"), indexDocs = map(c, "index_docs"),
                indexWordNode = map(c, "index_word"), wordIndex = map(c, "word_index");
        LinkedHashMap<String, int[]> counts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = wordCounts.fields(); it.hasNext(); ) {
            var e = it.next();
            counts.put(e.getKey(), new int[] {e.getValue().asInt(), wordDocs.path(e.getKey()).asInt(0), 0});
        }
        int max = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = wordIndex.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 1)
                throw bad("config.word_index", "index of \"" + e.getKey() + "\" is " + e.getValue() + ", not a positive integer");
            max = Math.max(max, e.getValue().asInt());
        }
        String[] indexWord = new String[max + 1];
        int[] docs = new int[max + 1];
        for (Iterator<Map.Entry<String, JsonNode>> it = wordIndex.fields(); it.hasNext(); ) {
            var e = it.next();
            int i = e.getValue().asInt();
            indexWord[i] = e.getKey();
            docs[i] = indexDocs.path(Integer.toString(i)).asInt(0);
        }
        if (indexWordNode.size() > 0 && indexWordNode.size() != wordIndex.size())
            throw bad("config.index_word", "has %d entries but word_index has %d".formatted(indexWordNode.size(), wordIndex.size()));
        return Tokenizer.restore(numWords, filters, c.path("lower").asBoolean(true), split.charAt(0),
                c.path("char_level").asBoolean(false), oov, strip, documentCount, counts, indexWord, docs);
    }

    /** A map field that Keras stores as a JSON string; an inline object is accepted too; absent means empty. */
    private static JsonNode map(JsonNode config, String field) {
        JsonNode v = config.path(field);
        if (v.isMissingNode() || v.isNull()) return JSON.createObjectNode();
        JsonNode m = v.isTextual() ? parse(v.asText(), "config." + field) : v;
        if (!m.isObject()) throw bad("config." + field, "is not a JSON object");
        return m;
    }

    private static int intField(JsonNode config, String field) {
        JsonNode v = config.get(field);
        if (!v.canConvertToInt() || v.asInt() < 0) throw bad("config." + field, "expected a non-negative integer, got " + v);
        return v.asInt();
    }

    private static JsonNode parse(String json, String what) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Tokenizer.fromJson: " + what + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
    }

    private static IllegalArgumentException bad(String field, String problem) {
        return new IllegalArgumentException("Tokenizer.fromJson: field " + field + " " + problem);
    }
}
