package nabla.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import nabla.autograd.Activation;
import nabla.data.text.Tokenizer;
import nabla.internal.Json;
import nabla.io.SafeTensors;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.conv.Conv1D;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.recurrent.Bidirectional;
import nabla.nn.recurrent.GRU;
import nabla.nn.recurrent.LSTM;
import nabla.optim.Adam;
import nabla.optim.RMSprop;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.train.FitOptions;

/**
 * Writes the fuzz tests' seed corpus: files the project itself writes (saved models of every kind the loader reads,
 * their safetensors entries, IDX files raw and gzipped, CSV series, tokenizer JSON) plus the JSON of all of them, in
 * Jazzer's layout ({@code nabla/fuzz/<TestClass>Inputs/<method>/seed-*}), and the dictionaries of the JSON keys and
 * string values the seeds hold. Deterministic: the same Nabla writes the same bytes. Regenerate after a format
 * change with {@code scripts/fuzz.sh --seeds} (this class's main, run from the repository root).
 */
public final class SeedCorpus {
    private SeedCorpus() {}

    /**
     * Regenerates the corpus under {@code fuzz/src/test/resources} (or the folder given).
     *
     * @param args optionally the resources folder
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "fuzz/src/test/resources");
        Map<String, Map<String, byte[]>> seeds = seeds();
        int files = 0;
        long bytes = 0;
        for (Map.Entry<String, Map<String, byte[]>> t : seeds.entrySet()) {
            Path dir = root.resolve(t.getKey());
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path p : old.toList()) if (p.getFileName().toString().startsWith("seed-")) Files.delete(p);
            }
            for (Map.Entry<String, byte[]> s : t.getValue().entrySet()) {
                Files.write(dir.resolve(s.getKey()), s.getValue());
                files++;
                bytes += s.getValue().length;
            }
        }
        for (Map.Entry<String, byte[]> d : dictionaries(seeds).entrySet())
            Files.write(root.resolve(d.getKey()), d.getValue());
        System.out.printf("wrote %d seeds (%,d bytes) under %s%n", files, bytes, root);
    }

    /** The seeds by resource folder ("nabla/fuzz/ModelFileFuzzTestInputs/load") and file name. */
    static Map<String, Map<String, byte[]>> seeds() throws IOException {
        Path tmp = Files.createTempDirectory("nabla-seeds");
        try {
            Map<String, Map<String, byte[]>> out = new LinkedHashMap<>();
            Map<String, byte[]> files = new LinkedHashMap<>(), entries = new LinkedHashMap<>();
            Map<String, byte[]> safetensors = new LinkedHashMap<>(), json = new LinkedHashMap<>();
            Map<String, byte[]> tokenizers = tokenizers();
            for (Map.Entry<String, Model> m : models().entrySet()) {
                Path f = tmp.resolve(m.getKey() + ".nabla");
                m.getValue().save(f);
                byte[] file = Files.readAllBytes(f);
                List<Entries.Entry> list = Entries.unzip(f);
                byte[] encoded = Entries.encode(list);
                if (!Entries.decode(encoded).equals(list))
                    throw new IllegalStateException(m.getKey() + ": the entries form does not read back");
                files.put("seed-" + m.getKey() + ".nabla", file);
                entries.put("seed-" + m.getKey() + ".entries", encoded);
                for (Entries.Entry e : list) {
                    String base = m.getKey() + "-" + e.name().replace('/', '-');
                    if (e.name().endsWith(".safetensors")) {
                        safetensors.put("seed-" + base, e.content());
                        json.put("seed-" + base + "-header.json", header(e.content()));
                    } else if (e.name().endsWith(".json")) json.put("seed-" + base, e.content());
                    if (e.name().equals("assets/tokenizer.json")) tokenizers.put("seed-" + base, e.content());
                }
            }
            safetensors.putAll(handmadeSafeTensors());
            tokenizers.forEach((k, v) -> json.putIfAbsent(k.endsWith(".json") ? k : k + ".json", v));
            json.putAll(handmadeJson());
            out.put(dir("ModelFileFuzzTest", "load"), files);
            out.put(dir("ModelEntriesFuzzTest", "load"), entries);
            out.put(dir("SafeTensorsFuzzTest", "read"), safetensors);
            out.put(dir("JsonFuzzTest", "parse"), json);
            out.put(dir("TokenizerJsonFuzzTest", "fromJson"), tokenizers);
            Map<String, byte[]> idx = idx(), gz = new LinkedHashMap<>();
            idx.forEach((k, v) -> gz.put(k + ".gz", gzip(v)));
            Map<String, byte[]> both = new LinkedHashMap<>(idx);
            both.putAll(gz);
            out.put(dir("IdxFuzzTest", "read"), both);
            out.put(dir("IdxGzipFuzzTest", "read"), idx);
            out.put(dir("TimeSeriesCsvFuzzTest", "read"), csv());
            return out;
        } finally {
            try (var t = Files.walk(tmp)) {
                for (Path p : t.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    static String dir(String testClass, String method) {
        return "nabla/fuzz/" + testClass + "Inputs/" + method;
    }

    // ---- models ---------------------------------------------------------------------------------------------

    private static Map<String, Model> models() {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put(
                "sequential-mlp",
                new Sequential(1L, new Dense(4, Activation.RELU), new Dense(3, Activation.SOFTMAX)).build(5));

        Sequential compiled = new Sequential(
                2L, new Dense(4, Activation.TANH), new BatchNormalization(), new Dropout(0.25f), new Dense(1));
        compiled.compile("mse", new Adam(0.01f), "mae");
        compiled.fit(normal(3, 16, 3), normal(4, 16, 1), fit(2));
        m.put("compiled-adam", compiled);

        SymbolicTensor a = Functional.input("a", 3), b = Functional.input("b", 3);
        Dense shared = new Dense(4, Activation.RELU);
        SymbolicTensor sum = Functional.add(a.then(shared), b.then(shared));
        Functional siamese =
                new Functional(5L, List.of(a, b), Functional.concatenate(sum, a).then(new Dense(1)));
        siamese.compile("mse", new SGD(0.1f, 0.9f));
        siamese.fit(List.of(normal(6, 8, 3), normal(7, 8, 3)), List.of(normal(8, 8, 1)), fit(1));
        m.put("functional-shared", siamese);

        Sequential encoder = new Sequential(3L, new Dense(4, Activation.RELU), new Dense(2)).named("encoder");
        encoder.build(4);
        SymbolicTensor in = Functional.input(4);
        Functional nested = new Functional(1L, in, in.then(encoder).then(new Dense(3, Activation.SOFTMAX)));
        nested.compile("sparse_categorical_crossentropy", new Adam(0.05f), "accuracy");
        nested.fit(normal(9, 12, 4), labels(10, 12, 3), fit(1));
        m.put("functional-nested", nested);

        Sequential lstm = new Sequential(
                4L, new Embedding(12, 3, true), new LSTM(3).withReturnSequences(true), new GRU(2), new Dense(1));
        lstm.compile("mse", new RMSprop(0.01f));
        lstm.fit(labels(11, 16, 12).reshape(4, 4), normal(12, 4, 1), fit(1));
        m.put("lstm", lstm);

        Sequential conv = new Sequential(
                6L,
                new Conv1D(2, 3, Activation.RELU),
                new MaxPooling1D(2),
                new Bidirectional(new GRU(2).withReturnSequences(true)),
                new Flatten(),
                new Dense(2));
        m.put("conv-bidirectional", conv.build(8, 2));

        Tokenizer tok = new Tokenizer(20).withOovToken("<oov>");
        tok.fitOnTexts(List.of("the cat sat on the mat", "the dog sat", "a cat and a dog"));
        Sequential text = new Sequential(7L, new Embedding(20, 2), new GlobalAveragePooling1D(), new Dense(1));
        text.build(5);
        text.putAsset("tokenizer.json", tok.toJson());
        m.put("tokenizer-asset", text);
        return m;
    }

    private static FitOptions fit(int epochs) {
        return FitOptions.defaults().epochs(epochs).batchSize(4).verbose(false).seed(1);
    }

    private static NDArray normal(long seed, int... dims) {
        return NDArray.normal(nabla.tensor.Shape.of(dims), 0f, 1f, new Rng(seed));
    }

    private static NDArray labels(long seed, int n, int classes) {
        Rng rng = new Rng(seed);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(classes);
        return NDArray.of(y, n);
    }

    // ---- the other formats ----------------------------------------------------------------------------------

    private static Map<String, byte[]> handmadeSafeTensors() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("w", NDArray.of(new float[] {1, -2, Float.NaN, Float.MIN_VALUE, 3e38f, -0f}, 2, 3));
        t.put("scalar", NDArray.scalar(0.5f));
        t.put("empty", NDArray.zeros(0, 4));
        m.put("seed-metadata.safetensors", bytes(new SafeTensors(t, Map.of("format", "pt", "note", "é ✓"))));
        m.put("seed-empty.safetensors", bytes(new SafeTensors(Map.of())));
        // a valid file of another dtype (Nabla refuses it by name)
        m.put(
                "seed-f16.safetensors",
                raw("{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[] {0, 60, 0, 64}));
        return m;
    }

    private static byte[] bytes(SafeTensors st) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            st.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] raw(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    /** The JSON header of safetensors bytes. */
    private static byte[] header(byte[] st) {
        long n = ByteBuffer.wrap(st).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(0);
        return java.util.Arrays.copyOfRange(st, 8, 8 + (int) n);
    }

    private static Map<String, byte[]> tokenizers() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        Tokenizer words = new Tokenizer();
        words.fitOnTexts(List.of("Hello, world! Hello<br />again", "the end"));
        m.put("seed-words.json", utf8(words.toJson()));
        Tokenizer chars = new Tokenizer(0).withCharLevel(true).withLower(false).withSplit('|');
        chars.fitOnTexts(List.of("abcab", "Zäh"));
        m.put("seed-chars.json", utf8(chars.toJson()));
        // Keras' own layout: no "nabla" object, nulls where Keras writes them
        m.put(
                "seed-keras.json",
                utf8(
                        "{\"class_name\": \"Tokenizer\", \"config\": {\"num_words\": null, \"filters\": \"!\\\"#$%&()*+,-./:;<=>?@[\\\\]^_`{|}~\\t\\n\", \"lower\": true, \"split\": \" \", \"char_level\": false, \"oov_token\": null, \"document_count\": 2, \"word_counts\": \"{\\\"a\\\": 2, \\\"b\\\": 1}\", \"word_docs\": \"{\\\"a\\\": 2, \\\"b\\\": 1}\", \"index_docs\": \"{\\\"1\\\": 2, \\\"2\\\": 1}\", \"index_word\": \"{\\\"1\\\": \\\"a\\\", \\\"2\\\": \\\"b\\\"}\", \"word_index\": \"{\\\"a\\\": 1, \\\"b\\\": 2}\"}}"));
        return m;
    }

    private static Map<String, byte[]> handmadeJson() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(
                "seed-values.json",
                utf8("[0, -1, 9223372036854775807, 18446744073709551616, 1.5e-45, 3.4028235E38, -0.0, 1E400, "
                        + "\"\\u00e9\\ud83d\\ude00\\n\", true, false, null, {\"a\": {\"b\": [[], {}]}}]"));
        return m;
    }

    /** IDX files as MNIST has them: images (n×rows×cols) and labels (n), unsigned bytes. */
    private static Map<String, byte[]> idx() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        byte[] pixels = new byte[3 * 4 * 4];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 37);
        m.put("seed-images.idx", idx(pixels, 3, 4, 4));
        m.put("seed-labels.idx", idx(new byte[] {7, 2, 1, 0, 4}, 5));
        m.put("seed-empty.idx", idx(new byte[0], 0, 28, 28));
        return m;
    }

    private static byte[] idx(byte[] data, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.put(data).array();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** CSV series in the layouts and date forms TimeSeriesCsv reads (see its class comment). */
    private static Map<String, byte[]> csv() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(
                "seed-daily.csv",
                utf8("date,temp,rain\n2012-03-01,4.5,0\n2012-03-02,5.25,1.5\n2012-03-03,NA,\n"
                        + "2012-03-05,-1e3,2\n2012-03-04,7,NaN\n"));
        m.put(
                "seed-monthly.csv",
                utf8("month,\"lat71.5_lon-33.5\",sst\r\n2000-01,1,2\r\n2000/02,null,3\r\n" + "2000-03,,4\r\n\r\n"));
        m.put("seed-weekly.csv", utf8("\uFEFFt,v\nJan 3 2000,1\nJan 10 2000,2\n17 Jan 2000,3\n2000-01-24 00:00,4\n"));
        m.put(
                "seed-long.csv",
                utf8("t,station,temp\n2001-01-01,\"a,b\",1\n2001-01-01,c,2\n2001-01-02,\"a,b\",3\n"
                        + "2001-01-03,c,4\n2001-01-02,c,5\n"));
        m.put("seed-gap.csv", utf8("date,x\n2020-01-01,1\n2020-01-02,2\n2020-01-09,3\n"));
        return m;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // ---- dictionaries ---------------------------------------------------------------------------------------

    /** libFuzzer dictionaries: the JSON keys and short string values in the seeds, quoted as dictionary entries. */
    static Map<String, byte[]> dictionaries(Map<String, Map<String, byte[]>> seeds) {
        TreeSet<String> model = new TreeSet<>(), tokenizer = new TreeSet<>();
        seeds.get(dir("JsonFuzzTest", "parse")).values().forEach(b -> strings(b, model));
        seeds.get(dir("TokenizerJsonFuzzTest", "fromJson")).values().forEach(b -> strings(b, tokenizer));
        model.addAll(List.of(
                "nabla.json",
                "model.safetensors",
                "optimizer.safetensors",
                "training.json",
                "assets/",
                "__metadata__",
                "F16",
                "BF16",
                "F64",
                "I64",
                "U8",
                "BOOL"));
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("nabla/fuzz/model.dict", dict(model));
        out.put("nabla/fuzz/tokenizer.dict", dict(tokenizer));
        return out;
    }

    private static void strings(byte[] json, TreeSet<String> out) {
        Object v;
        try {
            v = Json.parse(json);
        } catch (Json.SyntaxException e) {
            return;
        }
        List<Object> todo = new ArrayList<>(List.of(v == null ? "" : v));
        while (!todo.isEmpty()) {
            Object o = todo.removeLast();
            if (o instanceof Map<?, ?> m)
                m.forEach((k, x) -> {
                    out.add((String) k);
                    if (x != null) todo.add(x);
                });
            else if (o instanceof List<?> l) l.stream().filter(x -> x != null).forEach(todo::add);
            else if (o instanceof String s && s.length() <= 40) {
                if (s.startsWith("{")) strings(utf8(s), out);
                else out.add(s);
            }
        }
    }

    private static byte[] dict(TreeSet<String> words) {
        StringBuilder sb = new StringBuilder("# generated by nabla.fuzz.SeedCorpus\n");
        for (String w : words) {
            if (w.isEmpty()) continue;
            sb.append('"');
            for (byte b : utf8(w)) {
                int c = b & 0xFF;
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7F) sb.append(String.format("\\x%02X", c));
                else sb.append((char) c);
            }
            sb.append("\"\n");
        }
        return utf8(sb.toString());
    }
}
