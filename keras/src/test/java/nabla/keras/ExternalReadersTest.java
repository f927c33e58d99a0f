package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nabla.models.Model;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nabla's exports read by independent implementations: tfjs 4.22 (interop/fixtures-gen/verify_tfjs.js, in Node.js)
 * loads every TF.js export and must predict the oracle's stored outputs to 1e-5 relative; h5py with a NumPy forward
 * pass written from Keras' definitions (check_keras_files.py) reads every .keras export by Keras 3's layout and must
 * do the same. Each test skips only when its runtime is absent: Node.js or the npm packages ({@code npm ci} in
 * interop/fixtures-gen), or Debian's /usr/bin/python3 with h5py and NumPy.
 */
class ExternalReadersTest {
    private static final Path GEN = Path.of("..", "interop", "fixtures-gen");

    @TempDir
    Path tmp;

    private static boolean works(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + " failed:\n" + out);
        return out;
    }

    /** Exports {@code model} (imported from {@code format}) into {@code dir} with the fixture's manifest and data. */
    private static void export(String format, String model, Path dir, String file) throws IOException {
        Fixtures.Case c = Fixtures.load(format, model);
        Model m = Keras.load(c.modelFile());
        Files.createDirectories(dir);
        Keras.save(m, dir.resolve(file));
        Map<String, Object> manifest = new LinkedHashMap<>(c.manifest());
        manifest.put("model_file", file);
        Files.write(dir.resolve("manifest.json"), KerasJson.write(manifest));
        for (String key : List.of("inputs", "outputs"))
            for (Object o : (List<?>) c.manifest().get(key)) {
                String f = (String) KerasImport.asMap(o).get("file");
                Files.copy(c.dir().resolve(f), dir.resolve(f));
            }
    }

    @Test
    void tfjsLoadsEveryTfjsExportAndPredictsTheOraclesOutputs() throws Exception {
        assumeTrue(works("node", "--version"), "Node.js is not installed");
        assumeTrue(
                Files.isDirectory(
                        GEN.resolve("node_modules").resolve("@tensorflow").resolve("tfjs")),
                "@tensorflow/tfjs is not installed: run npm ci in interop/fixtures-gen");
        List<String> cmd =
                new ArrayList<>(List.of("node", GEN.resolve("verify_tfjs.js").toString()));
        int n = 0;
        for (String model : Fixtures.KERAS_MODELS) {
            if (!Files.isDirectory(Fixtures.ROOT.resolve("tfjs").resolve(model))) continue;
            Path dir = tmp.resolve("tfjs").resolve(model);
            export("tfjs", model, dir, "model.json");
            cmd.add(dir.toString());
            n++;
        }
        String out = run(cmd);
        System.out.print(out);
        assertTrue(out.contains(n + " passed, 0 failed"), out);
    }

    @Test
    void tfjsPredictsWhatNablaDoesForTheAttentionLayers() throws Exception {
        assumeTrue(works("node", "--version"), "Node.js is not installed");
        assumeTrue(
                Files.isDirectory(
                        GEN.resolve("node_modules").resolve("@tensorflow").resolve("tfjs")),
                "@tensorflow/tfjs is not installed: run npm ci in interop/fixtures-gen");
        Model m = RoundTripTest.attentionModel(-1);
        List<NDArray> in = RoundTripTest.attentionInputs();
        List<NDArray> out = Fixtures.predict(m, in);
        Path dir = tmp.resolve("attention");
        Files.createDirectories(dir);
        Keras.save(m, dir.resolve("model.json"));
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model_file", "model.json");
        for (String key : List.of("inputs", "outputs")) {
            List<NDArray> arrays = key.equals("inputs") ? in : out;
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < arrays.size(); i++) {
                String f = key + i + ".bin";
                float[] v = arrays.get(i).contiguous().toArray();
                java.nio.ByteBuffer b =
                        java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (float x : v) b.putFloat(x);
                Files.write(dir.resolve(f), b.array());
                List<Object> shape = new ArrayList<>();
                for (int d : arrays.get(i).shape().dims()) shape.add((long) d);
                entries.add(Map.of("file", f, "shape", shape));
            }
            manifest.put(key, entries);
        }
        Files.write(dir.resolve("manifest.json"), KerasJson.write(manifest));
        String o = run(List.of("node", GEN.resolve("verify_tfjs.js").toString(), dir.toString()));
        System.out.print(o);
        assertTrue(o.contains("1 passed, 0 failed"), o);
    }

    @Test
    void h5pyAndNumpyReadEveryKerasExportAndPredictTheOraclesOutputs() throws Exception {
        assumeTrue(
                works("/usr/bin/python3", "-c", "import h5py, numpy"),
                "Debian's /usr/bin/python3 with h5py and NumPy is not installed (apt-get install python3-h5py)");
        Path root = tmp.resolve("fixtures");
        Files.createDirectories(root.resolve("h5"));
        for (String model : Fixtures.KERAS_MODELS)
            export("keras3", model, root.resolve("keras3").resolve(model), "model.keras");
        String out = run(
                List.of("/usr/bin/python3", GEN.resolve("check_keras_files.py").toString(), root.toString()));
        System.out.print(out);
        assertTrue(out.contains(Fixtures.KERAS_MODELS.size() + " passed, 0 failed") || out.contains("0 failed"), out);
        assertTrue(!out.contains("FAILED"), out);
    }
}
