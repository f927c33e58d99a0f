package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every oracle model imported from each format it exists in (TF.js, Keras 3 .keras, Keras 2 .h5) predicts what the
 * oracle (tfjs 4.22, or torch for gru_reset_after) stored, to the manifest's tolerance; and the formats agree with
 * each other to the same tolerance.
 */
class ImportFixturesTest {
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
        assertEquals(model.equals("gru_reset_after") ? 2 : 3, formats, "formats found for " + model);
    }
}
