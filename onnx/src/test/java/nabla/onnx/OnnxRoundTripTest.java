package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nabla.models.Functional;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Export, then import: the imported model predicts as the original (|a − b| ≤ 1e-5·max(1, |b|)). */
class OnnxRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Architectures.Case> cases() {
        return Architectures.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theImportedModelPredictsAsTheOriginal(Architectures.Case c) throws Exception {
        Path file = dir.resolve(c.name() + ".onnx");
        Onnx.export(c.model(), file);
        Functional back = Onnx.load(file);
        assertEquals(c.model().inputNames(), back.inputNames());
        assertEquals(c.model().outputNames(), back.outputNames());
        List<NDArray> expected = c.model().predictAll(c.inputs());
        List<NDArray> actual = back.predictAll(c.inputs());
        for (int i = 0; i < expected.size(); i++)
            Ort.assertClose(expected.get(i), actual.get(i), c.name() + " output " + i);
    }

    @org.junit.jupiter.api.Test
    void stepsFoldedIntoTheBatchAreReportedAsUnsupported() throws Exception {
        Architectures.Case c = Architectures.timeDistributedConv();
        Path file = dir.resolve("td.onnx");
        Onnx.export(c.model(), file);
        OnnxUnsupportedException e =
                org.junit.jupiter.api.Assertions.assertThrows(OnnxUnsupportedException.class, () -> Onnx.load(file));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("Reshape") && e.getMessage().contains("batch axis"), e.getMessage());
    }
}
