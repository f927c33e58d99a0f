package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every oracle model imported from each format it exists in (TF.js, Keras 3 .keras, Keras 2 .h5) predicts what the
 * oracle (tfjs 4.22, or torch 1.13 for gru_reset_after and the trained mnist_cnn) stored, to the manifest's
 * tolerance; and the formats agree with each other to the same tolerance.
 */
class ImportFixturesTest {
    /** The models whose oracle is torch: they have a .keras and an .h5 but no TF.js fixture. */
    private static final Set<String> TORCH_ORACLE = Set.of("gru_reset_after", "mnist_cnn");

    static Stream<String> models() {
        return Fixtures.KERAS_MODELS.stream();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyFormatPredictsWhatTheOracleStored(String model) throws Exception {
        List<NDArray> reference = null;
        int formats = 0;
        for (String format : List.of("tfjs", "keras3", "h5")) {
            if (!Files.isDirectory(Fixtures.ROOT.resolve(format).resolve(model))) continue;
            Fixtures.Case c = Fixtures.load(format, model);
            Model m = Keras.load(c.modelFile());
            String cls = (String) c.manifest().get("model_class");
            if ("Sequential".equals(cls)) assertInstanceOf(Sequential.class, m, format + "/" + model);
            List<NDArray> pred = Fixtures.predict(m, c.inputs());
            Fixtures.assertClose(c.outputs(), pred, c.tolerance(), format + "/" + model + " against the oracle");
            if (reference != null)
                Fixtures.assertClose(
                        reference, pred, c.tolerance(), format + "/" + model + " against the other formats");
            else reference = pred;
            formats++;
            if (model.equals("functional_shared") || model.equals("nested")) assertInstanceOf(Functional.class, m);
        }
        assertNotNull(reference);
        assertEquals(TORCH_ORACLE.contains(model) ? 2 : 3, formats, "formats found for " + model);
    }

    /**
     * The trained mnist_cnn is the Keras example's network (34,826 parameters, compiled as the example is), gives
     * torch's class for each of its 32 stored test images, and its three manifests state one test accuracy.
     */
    @Test
    void theTrainedMnistCnnIsTheKerasExampleAndClassifiesAsTorch() throws Exception {
        Long correct = null;
        for (String format : List.of("keras3", "h5", "onnx")) {
            Fixtures.Case c = Fixtures.load(format, "mnist_cnn");
            Map<String, Object> acc = KerasImport.asMap(c.manifest().get("mnist_test_accuracy"));
            assertEquals(10_000L, acc.get("total"), format);
            long n = (Long) acc.get("correct");
            assertTrue(n > 9_000 && n <= 10_000, format + ": " + n + " correct");
            if (correct != null) assertEquals(correct, n, format + " states another accuracy");
            correct = n;
            if (format.equals("onnx")) continue;
            Model m = Keras.load(c.modelFile());
            assertEquals(34_826, m.parameterCount(), format);
            assertNotNull(m.optimizer(), format + " is compiled");
            assertEquals(
                    List.of("Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dropout", "Dense"),
                    m.layers().stream().map(l -> l.getClass().getSimpleName()).toList(),
                    format);
            int[] expected = argmax(c.outputs().getFirst()),
                    actual = argmax(m.predict(c.inputs().getFirst()));
            assertArrayEquals(expected, actual, format + ": classes of the 32 test images");
        }
    }

    private static int[] argmax(NDArray probs) {
        int rows = probs.shape().dims()[0], k = probs.shape().dims()[1];
        float[] v = probs.toArray();
        int[] out = new int[rows];
        for (int i = 0; i < rows; i++) for (int j = 1; j < k; j++) if (v[i * k + j] > v[i * k + out[i]]) out[i] = j;
        return out;
    }
}
