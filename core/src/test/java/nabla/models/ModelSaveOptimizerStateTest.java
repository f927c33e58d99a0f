package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import nabla.autograd.Activation;
import nabla.data.Example;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelArchive;
import nabla.io.SafeTensors;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.optim.Optimizer;
import nabla.optim.OptimizerExamples;
import nabla.optim.OptimizerState;
import nabla.optim.Optimizers;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimizer's state in model files: a model trained, saved, loaded and trained on ends with the same weights, bit
 * for bit, as one trained without the break; files without the state still load; a bad state is reported naming the
 * file. The models avoid exp and tanh (ReLU, linear output, MSE), whose Vector API forms may differ by an ulp between
 * JIT tiers, so that bit equality tests the state alone.
 */
public class ModelSaveOptimizerStateTest {
    @TempDir
    Path dir;

    private static final int BATCH = 16, BATCHES = 4;
    private static final NDArray X = NDArray.uniform(Shape.of(BATCH * BATCHES, 5), -1, 1, new Rng(11));
    private static final NDArray Y = NDArray.uniform(Shape.of(BATCH * BATCHES, 2), -1, 1, new Rng(12));

    /** A new model compiled with a fresh copy of {@code o} (an optimizer's state belongs to one model). */
    private static Sequential model(Optimizer o) {
        Sequential m = new Sequential(7, new Dense(8, Activation.RELU), new Dense(2)).build(5);
        m.compile("mse", Optimizers.fromConfig(o.name(), o.config()));
        return m;
    }

    /** Training steps {@code from} to {@code to} (exclusive), step s on batch s mod 4: the same data order in every run. */
    private static void steps(Sequential m, int from, int to) {
        for (int s = from; s < to; s++) {
            int b = s % BATCHES;
            m.trainStep(
                    Example.of(
                            X.slice(0, b * BATCH, (b + 1) * BATCH).copy(),
                            Y.slice(0, b * BATCH, (b + 1) * BATCH).copy()),
                    List.of());
        }
    }

    private Sequential saveAndLoad(Sequential m, String file) {
        try {
            Path p = dir.resolve(file);
            m.save(p);
            Sequential back = Sequential.load(p);
            assertEquals(m.optimizer().iterations(), back.optimizer().iterations(), file);
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code m} trained for {@code saveAt} steps, saved, loaded, and the loaded model trained on to {@code total}. */
    private Sequential resumed(Sequential m, int saveAt, int total, String file) {
        steps(m, 0, saveAt);
        Sequential back = saveAndLoad(m, file);
        steps(back, saveAt, total);
        return back;
    }

    @Test
    void everyOptimizerResumesBitForBitAfterSaveAndLoad() {
        List<Optimizer> all = OptimizerExamples.all();
        for (int i = 0; i < all.size(); i++) {
            Optimizer o = all.get(i);
            Sequential straight = model(o);
            steps(straight, 0, 7);
            Sequential back = resumed(model(o), 4, 7, "opt" + i + ".nabla");
            ModelSaveTest.assertSameWeights(straight, back);
            assertEquals(straight.optimizer().learningRate(), back.optimizer().learningRate(), o.toString());
        }
    }

    @Test
    void adamAndSgdMomentumResumeThroughFitWithoutShuffling() throws Exception {
        for (Optimizer o : List.of(new Adam(0.01f), new SGD(0.05f, 0.9f))) {
            FitOptions opts =
                    FitOptions.defaults().batchSize(BATCH).shuffle(false).verbose(false);
            Sequential straight = model(o);
            straight.fit(X, Y, opts.epochs(3));
            Sequential first = model(o);
            first.fit(X, Y, opts.epochs(2));
            Path p = dir.resolve(o.name() + ".nabla");
            first.save(p);
            Sequential back = Sequential.load(p);
            back.fit(X, Y, opts.epochs(1));
            ModelSaveTest.assertSameWeights(straight, back);
            assertEquals(3 * BATCHES, back.optimizer().iterations());
        }
    }

    @Test
    void aLearningRateChangedByACallbackIsKept() {
        Sequential straight = model(new SGD(0.05f, 0.9f));
        steps(straight, 0, 3);
        straight.optimizer().setLearningRate(0.01f); // as ReduceLROnPlateau does
        steps(straight, 3, 6);

        Sequential m = model(new SGD(0.05f, 0.9f));
        steps(m, 0, 3);
        m.optimizer().setLearningRate(0.01f);
        Sequential back = saveAndLoad(m, "lr.nabla");
        steps(back, 3, 6);
        assertEquals(0.01f, back.optimizer().learningRate());
        ModelSaveTest.assertSameWeights(straight, back);
    }

    @Test
    void savedStateIsAStandardSafetensorsEntryKeyedByWeightAndSlot() throws Exception {
        Sequential m = model(new Adam(0.01f));
        steps(m, 0, 3);
        Path p = dir.resolve("adam.nabla");
        m.save(p);
        try (ZipFile zip = new ZipFile(p.toFile())) {
            ZipEntry e = zip.getEntry(ModelArchive.OPTIMIZER_ENTRY);
            assertEquals(ZipEntry.STORED, e.getMethod());
            SafeTensors st =
                    SafeTensors.read(ByteBuffer.wrap(zip.getInputStream(e).readAllBytes()), "entry");
            assertEquals(
                    List.of(
                            "dense.kernel/0",
                            "dense.kernel/1",
                            "dense.bias/0",
                            "dense.bias/1",
                            "dense_1.kernel/0",
                            "dense_1.kernel/1",
                            "dense_1.bias/0",
                            "dense_1.bias/1"),
                    List.copyOf(st.tensors().keySet()));
            assertEquals(Shape.of(5, 8), st.tensors().get("dense.kernel/1").shape());
            Map<String, String> meta = new java.util.HashMap<>(st.metadata());
            // one SHA-256 per tensor besides the optimizer's settings
            assertTrue(meta.keySet()
                    .removeIf(k -> k.startsWith("sha256:") && st.tensors().containsKey(k.substring(7))));
            assertEquals(Map.of("optimizer", "adam", "iterations", "3", "learning_rate", "0.01"), meta);
        }
        // Saving twice gives the same bytes.
        Path again = dir.resolve("again.nabla");
        m.save(again);
        assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(again));
    }

    // ------------------------------------------------------------------------------------------ files without state

    @Test
    void filesWithoutOptimizerStateLoadWithAFreshOptimizer() throws Exception {
        Sequential m = model(new Adam(0.01f));
        steps(m, 0, 4);

        Path without = dir.resolve("without.nabla");
        m.save(without, false);
        try (ZipFile zip = new ZipFile(without.toFile())) {
            assertNull(zip.getEntry(ModelArchive.OPTIMIZER_ENTRY));
        }
        Path full = dir.resolve("full.nabla");
        m.save(full);
        // A version-1 file as written before the optimizer entry existed: the same archive minus that entry.
        Path v1 = rewrite(full, "v1.nabla", ModelArchive.OPTIMIZER_ENTRY, b -> null);

        Sequential straight = model(new Adam(0.01f));
        steps(straight, 0, 6);
        for (Path p : List.of(without, v1)) {
            Sequential back = Sequential.load(p);
            assertNull(ModelArchive.read(p).optimizerState());
            ModelSaveTest.assertSameWeights(m, back);
            assertEquals(0, back.optimizer().iterations());
            assertEquals(m.optimizer().config(), back.optimizer().config());
            steps(back, 4, 6); // trains on, from fresh slots: not as the uninterrupted run
            assertEquals(2, back.optimizer().iterations());
            assertNotEquals(
                    straight.parameters().get(0).value().get(0, 0),
                    back.parameters().get(0).value().get(0, 0));
        }
    }

    @Test
    void modelSavedBeforeAnyStepLoadsAndTrainsAsANewOne() throws Exception {
        Sequential m = model(new Adam(0.01f));
        Path p = dir.resolve("fresh.nabla");
        m.save(p);
        OptimizerState s = ModelArchive.read(p).optimizerState();
        assertNotNull(s);
        assertEquals(0, s.iterations());
        assertTrue(s.slots().isEmpty());
        Sequential back = Sequential.load(p);
        steps(back, 0, 3);
        steps(m, 0, 3);
        ModelSaveTest.assertSameWeights(m, back);

        // An uncompiled model has no optimizer entry.
        Path plain = dir.resolve("plain.nabla");
        new Sequential(new Dense(2)).build(3).save(plain);
        assertNull(ModelArchive.read(plain).optimizerState());
    }

    // ------------------------------------------------------------------------------------------ bad state

    private Path trainedFile() throws IOException {
        Sequential m = model(new Adam(0.01f));
        steps(m, 0, 2);
        Path p = dir.resolve("good.nabla");
        m.save(p);
        return p;
    }

    /** Writes {@code good}'s archive again with its optimizer state changed by {@code change}. */
    private Path withState(Path good, String name, UnaryOperator<OptimizerState> change) throws IOException {
        ModelArchive a = ModelArchive.read(good);
        Path out = dir.resolve(name);
        new ModelArchive(a.spec(), a.weights(), a.assets(), change.apply(a.optimizerState())).write(out);
        return out;
    }

    private static OptimizerState withSlots(OptimizerState s, UnaryOperator<Map<String, List<NDArray>>> change) {
        return new OptimizerState(
                s.optimizer(), s.iterations(), s.learningRate(), change.apply(new LinkedHashMap<>(s.slots())));
    }

    /** Copies the archive at {@code src} to {@code name} in the test folder, with one entry changed (see {@link ArchiveRewrite}). */
    private Path rewrite(Path src, String name, String entry, UnaryOperator<byte[]> change) throws IOException {
        return ArchiveRewrite.rewrite(src, dir.resolve(name), entry, change);
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

    private static void failsNaming(Path p, String... fragments) {
        CorruptModelFileException e = assertThrows(CorruptModelFileException.class, () -> Sequential.load(p));
        String msg = e.getMessage();
        assertTrue(msg.contains(p + "!/optimizer.safetensors"), msg);
        for (String f : fragments) assertTrue(msg.contains(f), "expected '" + f + "' in: " + msg);
    }

    @Test
    void aMismatchedStateIsReportedNamingFileWeightAndShapes() throws Exception {
        Path good = trainedFile();
        failsNaming(
                withState(
                        good,
                        "shape.nabla",
                        s -> withSlots(s, m -> {
                            m.put("dense.kernel", List.of(NDArray.zeros(5, 8), NDArray.zeros(5, 9)));
                            return m;
                        })),
                "slot 1 of 'dense.kernel' has shape (5, 9), the weight (5, 8)");
        failsNaming(
                withState(
                        good,
                        "count.nabla",
                        s -> withSlots(s, m -> {
                            m.put("dense.bias", List.of(m.get("dense.bias").get(0)));
                            m.put("dense_7.kernel", List.of(NDArray.zeros(1)));
                            return m;
                        })),
                "2 problems",
                "'dense.bias' has 1 slot arrays, adam keeps 2",
                "'dense_7.kernel', which is not a weight of the model");
        failsNaming(
                withState(
                        good,
                        "other.nabla",
                        s -> new OptimizerState("sgd", s.iterations(), s.learningRate(), s.slots())),
                "the state is of optimizer 'sgd', not 'adam'",
                "zip -d");
        // Nothing was restored from the bad files, and the good one still loads.
        assertEquals(2, Sequential.load(good).optimizer().iterations());
    }

    @Test
    void aCorruptStateEntryIsReportedNamingTheFile() throws Exception {
        Path good = trainedFile();
        String entry = ModelArchive.OPTIMIZER_ENTRY;
        failsNaming(rewrite(good, "cut.nabla", entry, b -> Arrays.copyOf(b, b.length - 4)), "truncated");
        SafeTensors st = SafeTensors.read(ByteBuffer.wrap(entryBytes(good, entry)), "entry");
        Map<String, String> meta = new LinkedHashMap<>(st.metadata());
        meta.put("iterations", "-3");
        failsNaming(
                rewrite(good, "iter.nabla", entry, b -> bytes(new SafeTensors(st.tensors(), meta))),
                "metadata 'iterations' must be an integer >= 0, got '-3'");
        meta.remove("iterations");
        failsNaming(
                rewrite(good, "noiter.nabla", entry, b -> bytes(new SafeTensors(st.tensors(), meta))),
                "metadata 'iterations' is missing");
        Map<String, NDArray> t = new LinkedHashMap<>(st.tensors());
        t.put("dense.kernel", NDArray.zeros(5, 8));
        failsNaming(
                rewrite(good, "name.nabla", entry, b -> bytes(new SafeTensors(t, st.metadata()))),
                "tensor 'dense.kernel' is not named WEIGHT/INDEX");
        t.remove("dense.kernel");
        t.put("dense.kernel/3", t.remove("dense.kernel/1"));
        failsNaming(
                rewrite(good, "gap.nabla", entry, b -> bytes(new SafeTensors(t, st.metadata()))),
                "the slots of 'dense.kernel' are numbered [0, 3]");

        Path uncompiled = rewrite(good, "nocompile.nabla", "nabla.json", b -> {
            String s = new String(b, StandardCharsets.UTF_8);
            return s.substring(0, s.indexOf("\"compile\""))
                    .concat("\"compile\" : null\n}")
                    .getBytes(StandardCharsets.UTF_8);
        });
        failsNaming(uncompiled, "no compile settings");
    }

    private static byte[] entryBytes(Path file, String name) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
