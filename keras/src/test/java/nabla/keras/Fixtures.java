package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nabla.models.Model;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/** The oracle fixtures of interop/ (read in place), their inputs and expected outputs, and the comparison. */
final class Fixtures {
    static final Path ROOT = Path.of("..", "interop", "src", "test", "resources", "fixtures");
    static final List<String> KERAS_MODELS = List.of(
            "mlp",
            "cnn",
            "conv1d",
            "embedding_lstm_masked",
            "embedding_lstm",
            "gru",
            "gru_reset_after",
            "bidirectional",
            "simple_rnn",
            "time_distributed",
            "functional_shared",
            "nested",
            "misc_layers",
            "mnist_cnn");

    private Fixtures() {}

    /** One fixture folder: its manifest, inputs and expected outputs. */
    record Case(Path dir, Map<String, Object> manifest, List<NDArray> inputs, List<NDArray> outputs, double tolerance) {
        Path modelFile() {
            return dir.resolve((String) manifest.get("model_file"));
        }
    }

    static Case load(String format, String model) throws IOException {
        Path dir = ROOT.resolve(format).resolve(model);
        Map<String, Object> m =
                KerasImport.asMap(KerasJson.parse(Files.readAllBytes(dir.resolve("manifest.json")), "manifest"));
        double tol = 1e-5;
        if (m.get("tolerance") instanceof Map<?, ?> t && t.get("relative") instanceof BigDecimal r)
            tol = r.doubleValue();
        return new Case(dir, m, arrays(dir, m.get("inputs")), arrays(dir, m.get("outputs")), tol);
    }

    private static List<NDArray> arrays(Path dir, Object specs) throws IOException {
        List<NDArray> out = new ArrayList<>();
        for (Object o : (List<?>) specs) {
            Map<String, Object> s = KerasImport.asMap(o);
            List<?> shape = (List<?>) s.get("shape");
            int[] dims = shape.stream().mapToInt(x -> (int) (long) (Long) x).toArray();
            byte[] b = Files.readAllBytes(dir.resolve((String) s.get("file")));
            float[] v = new float[b.length / 4];
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
            out.add(NDArray.wrap(v, Shape.of(dims)));
        }
        return out;
    }

    /** The model's predictions for the case's inputs, one array per output. */
    static List<NDArray> predict(Model m, List<NDArray> inputs) {
        return m.predictAll(inputs);
    }

    /** |a - b| <= tol * max(1, |b|) for every element; the message names the element. */
    static void assertClose(List<NDArray> expected, List<NDArray> actual, double tol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of outputs");
        for (int k = 0; k < expected.size(); k++) {
            NDArray e = expected.get(k), a = actual.get(k);
            assertArrayEquals(e.shape().dims(), a.shape().dims(), what + ": shape of output " + k);
            float[] ev = e.toArray(), av = a.toArray();
            for (int i = 0; i < ev.length; i++) {
                double err = Math.abs(av[i] - ev[i]);
                assertTrue(
                        err <= tol * Math.max(1, Math.abs(ev[i])),
                        what + ": output " + k + " element " + i + " is " + av[i] + ", expected " + ev[i]);
            }
        }
    }

    /** The largest relative error over all outputs. */
    static double worst(List<NDArray> expected, List<NDArray> actual) {
        double w = 0;
        for (int k = 0; k < expected.size(); k++) {
            float[] ev = expected.get(k).toArray(), av = actual.get(k).toArray();
            for (int i = 0; i < ev.length; i++) w = Math.max(w, Math.abs(av[i] - ev[i]) / Math.max(1, Math.abs(ev[i])));
        }
        return w;
    }
}
