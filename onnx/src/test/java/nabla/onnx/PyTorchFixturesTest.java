package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nabla.models.Functional;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models exported by {@code torch.onnx.export} of PyTorch 1.13 (interop/fixtures-gen/gen_torch.py, copied from
 * interop/src/test/resources/fixtures/onnx), with torch's own outputs: the imported model, fed the same arrays in
 * PyTorch's layout (NCHW, NCL, int64 ids as floats), predicts as torch did (|a − b| ≤ 1e-5·max(1, |b|)).
 */
class PyTorchFixturesTest {
    static final Path ROOT = Path.of("src", "test", "resources", "fixtures", "onnx");

    static Stream<String> fixtures() throws Exception {
        try (Stream<Path> s = Files.list(ROOT)) {
            List<String> names = new ArrayList<>(s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList());
            assertEquals(7, names.size(), "fixtures " + names);
            return names.stream();
        }
    }

    static NDArray read(Path file, JsonNode spec) throws Exception {
        int[] dims = new int[spec.get("shape").size()];
        for (int i = 0; i < dims.length; i++) dims[i] = spec.get("shape").get(i).asInt();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int n = Shape.of(dims).size();
        float[] v = new float[n];
        switch (spec.get("dtype").asText()) {
            case "float32" -> b.asFloatBuffer().get(v);
            case "int64" -> {
                for (int i = 0; i < n; i++) v[i] = b.getLong(8 * i);
            }
            default -> throw new AssertionError("dtype " + spec.get("dtype"));
        }
        return NDArray.wrap(v, Shape.of(dims));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theImportedModelPredictsAsTorch(String name) throws Exception {
        Path dir = ROOT.resolve(name);
        JsonNode m = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
        Functional model = Onnx.load(dir.resolve(m.get("model_file").asText()));
        List<NDArray> inputs = new ArrayList<>();
        for (JsonNode in : m.get("inputs"))
            inputs.add(read(dir.resolve(in.get("file").asText()), in));
        List<NDArray> out = model.predictAll(inputs);
        assertEquals(m.get("outputs").size(), out.size());
        for (int i = 0; i < out.size(); i++) {
            JsonNode spec = m.get("outputs").get(i);
            assertEquals(spec.get("name").asText(), model.outputNames().get(i));
            Ort.assertClose(
                    read(dir.resolve(spec.get("file").asText()), spec), out.get(i), name + " " + spec.get("name"));
        }
    }
}
