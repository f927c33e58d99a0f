package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelArchive;
import nabla.io.ModelFileException;
import nabla.io.ModelSpec;
import nabla.io.SafeTensors;
import nabla.io.WeightMismatchException;
import nabla.losses.Huber;
import nabla.losses.Loss;
import nabla.nn.Layer;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.weights.Initializer;
import nabla.optim.Adam;
import nabla.optim.Optimizer;
import nabla.optim.OptimizerExamples;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ModelSaveTest {
    @TempDir
    Path dir;

    /** Every weight of {@code back} equals {@code m}'s bit for bit, under the same key. */
    public static void assertSameWeights(Sequential m, Sequential back) {
        assertEquals(m.namedParameters().keySet(), back.namedParameters().keySet());
        m.namedParameters()
                .forEach((k, p) -> assertArrayEquals(
                        p.value().toArray(),
                        back.namedParameters().get(k).value().toArray(),
                        k));
    }

    private static Sequential trained(NDArray[] d) {
        Sequential m = new Sequential(
                        3,
                        new Dense(16, Activation.RELU),
                        new Dense(8, Activation.TANH, false, Initializer.heNormal(), Initializer.zeros()),
                        new Dense(3),
                        new ActivationLayer(Activation.SOFTMAX))
                .named("blobs");
        m.compile("categorical_crossentropy", new Adam(0.01f, 0.8f, 0.99f, 1e-6f), "accuracy");
        m.fit(d[0], d[1], FitOptions.defaults().epochs(3).batchSize(32).verbose(false));
        return m;
    }

    @Test
    void theLossAndItsSettingsSurviveSaveAndLoad() throws Exception {
        Sequential m = new Sequential(new Dense(2)).build(3);
        m.compile(new Huber(0.25f), new Adam(0.01f));
        Path p = dir.resolve("huber.nabla");
        m.save(p);
        Sequential back = Sequential.load(p);
        assertEquals(0.25f, ((Huber) back.loss()).delta());
        m.compile(Loss.byName("mae"), new Adam(0.01f));
        m.save(p);
        assertEquals("mean_absolute_error", Sequential.load(p).loss().name());
    }

    @Test
    void textAssetsTravelWithTheModel() throws Exception {
        Sequential m = new Sequential(new Dense(2)).build(3);
        String json = "{\"word_index\": {\"great\": 1, \"caf\u00e9\": 2}}";
        m.putAsset("tokenizer.json", json).putAsset("notes.txt", "");
        Path p = dir.resolve("assets.nabla");
        m.save(p);
        Sequential back = Sequential.load(p);
        assertEquals(json, back.asset("tokenizer.json").orElseThrow());
        assertEquals("", back.asset("notes.txt").orElseThrow());
        assertEquals(2, back.assets().size());
        assertThrows(
                IllegalArgumentException.class,
                () -> new ModelArchive(
                        new ModelSpec("Sequential", "x", 1, Shape.of(1), List.of(), null),
                        Map.of(),
                        Map.of("../evil", "")));
    }

    @Test
    void everyOptimizerWithItsOptionsAndScheduleSurvivesSaveAndLoad() throws Exception {
        NDArray[] d = SequentialTest.blobs(60, 2);
        for (Optimizer o : OptimizerExamples.all()) {
            Sequential m = new Sequential(
                    3, new Dense(4, Activation.RELU), new Dense(3), new ActivationLayer(Activation.SOFTMAX));
            m.compile("categorical_crossentropy", o, "accuracy");
            m.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(30).verbose(false));
            Path p = dir.resolve(o.name() + ".nabla");
            m.save(p);
            Sequential back = Sequential.load(p);
            assertEquals(o.getClass(), back.optimizer().getClass());
            assertEquals(o.config(), back.optimizer().config(), o.toString());
            back.fit(d[0], d[1], FitOptions.defaults().epochs(1).batchSize(30).verbose(false));
        }
    }

    @Test
    void trainedModelRoundTripsWithPredictionsSummaryAndCompileSettings() throws Exception {
        NDArray[] d = SequentialTest.blobs(300, 1);
        Sequential m = trained(d);
        Path p = dir.resolve("blobs.nabla");
        m.save(p);
        Sequential back = Sequential.load(p);

        assertSameWeights(m, back); // bit-identical weights
        // Predictions agree to float rounding only: the Vector API's exp/tanh may differ by an ulp between JIT tiers.
        assertArrayEquals(m.predict(d[0]).toArray(), back.predict(d[0]).toArray(), 1e-6f);
        assertEquals(m.summary(), back.summary());
        assertEquals(m.seed(), back.seed());
        assertEquals("categorical_crossentropy", back.loss().name());
        assertEquals(m.optimizer().name(), back.optimizer().name());
        assertEquals(m.optimizer().config(), back.optimizer().config()); // floats come back bit-identical
        assertEquals(List.of("accuracy"), back.metricNames());
        assertEquals(m.optimizer().iterations(), back.optimizer().iterations()); // the optimizer state travels too

        History h = back.fit(
                d[0], d[1], FitOptions.defaults().epochs(2).batchSize(32).verbose(false));
        assertTrue(h.last("accuracy") > 0.9, h.toString());
        assertNotEquals(
                m.parameters().get(0).value().toArray()[0],
                back.parameters().get(0).value().toArray()[0]);

        // Saving the same model twice gives the same bytes, and no temporary files are left.
        Path p2 = dir.resolve("again.nabla");
        m.save(p2);
        assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(p2));
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("again.nabla", "blobs.nabla"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void weightsEntryIsAStandardSafetensorsFileKeyedByParameterPath() throws Exception {
        Sequential m = new Sequential(new Flatten(), new Dense(4, Activation.RELU), new Dense(2)).build(2, 3);
        Path p = dir.resolve("m.nabla");
        m.save(p);
        try (ZipFile zip = new ZipFile(p.toFile())) {
            ZipEntry e = zip.getEntry("model.safetensors");
            assertEquals(ZipEntry.STORED, e.getMethod());
            SafeTensors st =
                    SafeTensors.read(ByteBuffer.wrap(zip.getInputStream(e).readAllBytes()), "entry");
            assertEquals(
                    List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"),
                    List.copyOf(st.tensors().keySet()));
            assertEquals(Shape.of(6, 4), st.tensors().get("dense.kernel").shape());
            String json =
                    new String(zip.getInputStream(zip.getEntry("nabla.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(
                    json.contains("\"format_version\" : 2")
                            && json.contains("\"input_shape\" : [ 2, 3 ]")
                            && json.contains("\"compile\" : null"),
                    json);
        }
        Sequential back = Sequential.load(p);
        assertNull(back.loss());
        NDArray x = NDArray.uniform(Shape.of(5, 2, 3), -1, 1, new Rng(1));
        assertSameWeights(m, back);
        assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 1e-6f);
    }

    @Test
    void unbuiltModelSaysHowToBuildIt() {
        Sequential m = new Sequential(new Dense(3));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.save(dir.resolve("x.nabla")));
        assertTrue(
                e.getMessage().contains("build the model first")
                        && e.getMessage().contains("build(...)"),
                e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ bad files

    private Path saved() throws IOException {
        Path p = dir.resolve("good.nabla");
        new Sequential(new Dense(5, Activation.RELU), new Dense(3)).build(4).save(p);
        return p;
    }

    /** Copies the archive at {@code src} to {@code name} in the test folder, with one entry changed (see {@link ArchiveRewrite}). */
    private Path rewrite(Path src, String name, String entry, UnaryOperator<byte[]> change) throws IOException {
        return ArchiveRewrite.rewrite(src, dir.resolve(name), entry, change);
    }

    private static UnaryOperator<byte[]> replace(String from, String to) {
        return b -> {
            String s = new String(b, StandardCharsets.UTF_8);
            assertTrue(s.contains(from), s);
            return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static <E extends IOException> E failsNamingFile(Class<E> type, Path p, String... fragments) {
        E e = assertThrows(type, () -> Sequential.load(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void badFilesGiveMessagesNamingTheFile() throws Exception {
        Path good = saved();
        failsNamingFile(NoSuchFileException.class, dir.resolve("missing.nabla"), "no such model file");

        Path text = dir.resolve("text.nabla");
        Files.writeString(text, "hello");
        failsNamingFile(CorruptModelFileException.class, text, "not a ZIP archive");

        byte[] all = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.nabla");
        Files.write(truncated, Arrays.copyOf(all, all.length / 2));
        failsNamingFile(CorruptModelFileException.class, truncated, "truncated");

        failsNamingFile(
                CorruptModelFileException.class,
                rewrite(good, "noweights.nabla", "model.safetensors", b -> null),
                "no 'model.safetensors' entry");
        failsNamingFile(
                CorruptModelFileException.class,
                rewrite(good, "nojson.nabla", "nabla.json", b -> null),
                "no 'nabla.json' entry");
        failsNamingFile(
                CorruptModelFileException.class,
                rewrite(good, "badjson.nabla", "nabla.json", b -> "{\"format\": ".getBytes()),
                "nabla.json",
                "not valid JSON");
        failsNamingFile(
                CorruptModelFileException.class,
                rewrite(good, "nolayers.nabla", "nabla.json", replace("\"layers\"", "\"strata\"")),
                "field 'layers' is missing");

        ModelFileException newer = failsNamingFile(
                ModelFileException.class,
                rewrite(good, "newer.nabla", "nabla.json", replace("\"format_version\" : 2", "\"format_version\" : 7")),
                "newer Nabla",
                "version 7",
                "reads up to version 2");
        assertEquals(ModelFileException.class, newer.getClass());

        failsNamingFile(
                ModelFileException.class,
                rewrite(good, "conv.nabla", "nabla.json", replace("\"type\" : \"Dense\"", "\"type\" : \"Conv9D\"")),
                "layer 'dense'",
                "unknown layer type 'Conv9D'",
                "known: Activation, ");
        failsNamingFile(
                ModelFileException.class,
                rewrite(good, "units.nabla", "nabla.json", replace("\"units\" : 5", "\"units\" : \"five\"")),
                "layer 'dense'",
                "'units' must be an integer");

        failsNamingFile(
                CorruptModelFileException.class,
                rewrite(good, "cut.nabla", "model.safetensors", b -> Arrays.copyOf(b, b.length - 4)),
                "model.safetensors",
                "truncated");
    }

    @Test
    void strictLoadingListsEveryMismatchAtOnce() throws Exception {
        Path good = saved();
        ModelArchive a = ModelArchive.read(good);
        Map<String, NDArray> w = new LinkedHashMap<>(a.weights());
        w.remove("dense_1.bias");
        w.put("dense_9.kernel", NDArray.zeros(2, 2));
        w.put("dense.kernel", NDArray.zeros(4, 6));
        w.put("dense.bias", NDArray.zeros(6));
        Path bad = dir.resolve("mismatch.nabla");
        new ModelArchive(a.spec(), w).write(bad);

        WeightMismatchException e = failsNamingFile(
                WeightMismatchException.class,
                bad,
                "4 problems",
                "dense_1.bias",
                "dense_9.kernel",
                "size mismatch for dense.kernel: shape (4, 6) in file, (4, 5) in model",
                "size mismatch for dense.bias: shape (6,) in file, (5,) in model");
        assertEquals(List.of("dense_1.bias"), e.missing());
        assertEquals(List.of("dense_9.kernel"), e.unexpected());
        assertEquals(2, e.sizeMismatches().size());
    }

    // ------------------------------------------------------------------------------------------ atomic save

    /** A layer whose config holds a value JSON cannot represent, so writing fails after the temp file exists. */
    static final class Unsaveable extends Layer {
        @Override
        protected void create(Shape in, Rng rng) {}

        @Override
        protected Tensor call(Tensor x, boolean training) {
            return x;
        }

        @Override
        public Shape outputShape(Shape in) {
            return in;
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("stream", OutputStream.nullOutputStream());
        }
    }

    @Test
    void failedSaveLeavesThePreviousFileIntactAndNoTempFiles() throws Exception {
        Path p = saved();
        byte[] before = Files.readAllBytes(p);
        NDArray x = NDArray.uniform(Shape.of(3, 4), -1, 1, new Rng(2));
        NDArray expected = Sequential.load(p).predict(x);

        Sequential bad = new Sequential(new Dense(5), new Unsaveable()).build(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.save(p));
        assertTrue(
                e.getMessage().contains(p.toString())
                        && e.getMessage().contains("unsaveable")
                        && e.getMessage().contains("not JSON"),
                e.getMessage());

        assertArrayEquals(before, Files.readAllBytes(p));
        assertArrayEquals(expected.toArray(), Sequential.load(p).predict(x).toArray(), 1e-6f);
        try (var files = Files.list(dir)) {
            assertEquals(
                    List.of("good.nabla"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
        assertInstanceOf(
                NoSuchFileException.class,
                assertThrows(IOException.class, () -> bad.save(dir.resolve("no/such/dir/m.nabla"))));
    }
}
