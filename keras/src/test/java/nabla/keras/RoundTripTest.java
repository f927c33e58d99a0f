package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nabla.models.Model;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nabla to .keras to Nabla and Nabla to TF.js to Nabla keep every prediction bit for bit, for every fixture model (the
 * TF.js fixture imported, or the .keras one for gru_reset_after, which TF.js cannot hold).
 */
class RoundTripTest {
    @TempDir
    Path tmp;

    static Stream<String> models() {
        return Fixtures.KERAS_MODELS.stream();
    }

    private static void assertIdentical(List<NDArray> a, List<NDArray> b, String what) {
        assertEquals(a.size(), b.size(), what);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).shape().dims(), b.get(i).shape().dims(), what + " output " + i);
            assertArrayEquals(a.get(i).toArray(), b.get(i).toArray(), what + " output " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void kerasAndTfjsExportsLoadBackWithIdenticalPredictions(String model) throws Exception {
        boolean tfjs = Files.isDirectory(Fixtures.ROOT.resolve("tfjs").resolve(model));
        Fixtures.Case c = Fixtures.load(tfjs ? "tfjs" : "keras3", model);
        Model original = Keras.load(c.modelFile());
        List<NDArray> expected = Fixtures.predict(original, c.inputs());

        Path keras = tmp.resolve(model + ".keras");
        Keras.save(original, keras);
        Model back = Keras.load(keras);
        assertIdentical(expected, Fixtures.predict(back, c.inputs()), model + " via .keras");
        assertEquals(original.outputNames(), back.outputNames(), model + " output names via .keras");
        assertEquals(original.parameterCount(), back.parameterCount());
        if (original.optimizer() != null) {
            assertEquals(original.optimizer().config(), back.optimizer().config(), model + " optimizer via .keras");
            assertEquals(original.metricNames(), back.metricNames());
        }

        if (!tfjs) return;
        Path dir = tmp.resolve(model + "_tfjs");
        Files.createDirectories(dir);
        Keras.save(original, dir.resolve("model.json"));
        assertTrue(Files.isRegularFile(dir.resolve(KerasExport.SHARD)));
        Model back2 = Keras.load(dir.resolve("model.json"));
        assertIdentical(expected, Fixtures.predict(back2, c.inputs()), model + " via TF.js");
        if (original.optimizer() != null)
            assertEquals(original.optimizer().config(), back2.optimizer().config(), model + " optimizer via TF.js");
    }
}
