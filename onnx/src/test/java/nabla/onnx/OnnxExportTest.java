package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every exported architecture, run by ONNX Runtime, predicts as Nabla does (|a − b| ≤ 1e-5·max(1, |b|)). */
class OnnxExportTest {
    static Stream<Architectures.Case> cases() {
        return Stream.concat(
                Architectures.all().stream(),
                Stream.of(Architectures.timeDistributedConv(), Architectures.attention()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimePredictsAsNabla(Architectures.Case c) throws Exception {
        byte[] onnx = Onnx.toBytes(c.model());
        List<NDArray> expected = c.model().predictAll(c.inputs());
        List<NDArray> actual = Ort.run(onnx, c.inputs());
        assertEquals(expected.size(), actual.size(), c.name() + ": outputs");
        for (int i = 0; i < expected.size(); i++)
            Ort.assertClose(expected.get(i), actual.get(i), c.name() + " output " + i);
    }

    @Test
    void theGraphKeepsNablasNamesAndASymbolicBatchAxis() throws Exception {
        Architectures.Case c = Architectures.all().stream()
                .filter(x -> x.name().equals("functional"))
                .findFirst()
                .orElseThrow();
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Onnx.toBytes(c.model()));
        assertEquals(17, m.getOpsetImport(0).getVersion());
        assertEquals(
                List.of("left", "right"),
                m.getGraph().getInputList().stream()
                        .map(OnnxMl.ValueInfoProto::getName)
                        .toList());
        assertEquals(
                List.of("same", "digit"),
                m.getGraph().getOutputList().stream()
                        .map(OnnxMl.ValueInfoProto::getName)
                        .toList());
        assertEquals(
                "batch",
                m.getGraph()
                        .getInput(0)
                        .getType()
                        .getTensorType()
                        .getShape()
                        .getDim(0)
                        .getDimParam());
        // the shared tower's and the shared layer's weights are stored once and used at both nodes
        long sharedKernels = m.getGraph().getInitializerList().stream()
                .filter(t -> t.getName().startsWith("shared.kernel"))
                .count();
        assertEquals(1, sharedKernels);
        long uses = m.getGraph().getNodeList().stream()
                .filter(n -> n.getInputList().contains("shared.kernel"))
                .count();
        assertEquals(2, uses);
    }

    @Test
    void convolutionsTransposeOnlyAtTheModelsEdgesOfTheirChain() throws Exception {
        Architectures.Case c = Architectures.all().stream()
                .filter(x -> x.name().equals("cnn2d"))
                .findFirst()
                .orElseThrow();
        OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Onnx.toBytes(c.model()));
        long transposes = m.getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Transpose"))
                .count();
        // one into channels-first before the first Conv, one back before PReLU (its weights are channels-last)
        assertEquals(2, transposes);
    }

    @Test
    void unsupportedLayersAreAllListedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.onnx");
        OnnxUnsupportedException e =
                assertThrows(OnnxUnsupportedException.class, () -> Onnx.export(Architectures.unsupported(), out));
        assertEquals(List.of("maxout (Maxout)", "sq (Lambda)"), e.parts());
        assertTrue(e.getMessage().startsWith(out + ": "), e.getMessage());
        assertFalse(Files.exists(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary file is left");
        }
    }

    @Test
    void aMaskReachingARecurrentLayerIsUnsupported() {
        nabla.models.Sequential m = new nabla.models.Sequential(
                        new nabla.nn.core.Embedding(10, 4, true), new nabla.nn.recurrent.LSTM(3))
                .build(5);
        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> Onnx.toBytes(m));
        assertEquals(1, e.parts().size());
        assertTrue(
                e.parts().getFirst().startsWith("lstm (LSTM: a padding mask"),
                e.parts().toString());
    }

    @Test
    void aMaskReachingASoftmaxIsUnsupportedAndLayerNormalizationPassesItOn() {
        nabla.models.Sequential m = new nabla.models.Sequential(
                        new nabla.nn.core.Embedding(10, 4, true),
                        new nabla.nn.normalization.LayerNormalization(),
                        new nabla.nn.activation.Softmax(1))
                .build(5);
        OnnxUnsupportedException e = assertThrows(OnnxUnsupportedException.class, () -> Onnx.toBytes(m));
        assertEquals(1, e.parts().size());
        assertTrue(
                e.parts().getFirst().startsWith("softmax (Softmax: a padding mask"),
                e.parts().toString());
    }

    @Test
    void exportReplacesAnExistingFileAtomically(@TempDir Path dir) throws Exception {
        Architectures.Case c = Architectures.all().getFirst();
        Path out = dir.resolve("m.onnx");
        Files.writeString(out, "old");
        Onnx.export(c.model(), out);
        Ort.assertClose(
                c.model().predict(c.inputs().getFirst()),
                Ort.run(Files.readAllBytes(out), c.inputs()).getFirst(),
                "written file");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
