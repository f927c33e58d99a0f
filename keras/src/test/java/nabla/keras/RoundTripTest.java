package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.SymbolicTensor;
import nabla.nn.activation.Softmax;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.core.Permute;
import nabla.nn.core.RepeatVector;
import nabla.nn.merge.Dot;
import nabla.nn.normalization.LayerNormalization;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
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

    /**
     * A small attention block with the layers of issue 15: LayerNormalization (last axis and axis 1), Dot (axes 2,
     * (2, 1), and 1 normalized), Softmax over {@code softmaxAxis}, RepeatVector, Permute; weights seeded, gamma and beta not trivial. Two
     * outputs: the cosine (batch, 1) and the attended sequence plus the repeated summary (batch, 5, 6).
     */
    static Functional attentionModel(int softmaxAxis) {
        SymbolicTensor seq = Functional.input("seq", 5, 6), summary = Functional.input("summary", 6);
        SymbolicTensor h = seq.then(new LayerNormalization(-1, 1e-5f, true, true).named("ln"));
        SymbolicTensor q = h.then(new Dense(6).named("q")), k = h.then(new Dense(6).named("k"));
        SymbolicTensor scores =
                Functional.call(new Dot(2).named("qk"), q, k).getFirst().then(new Softmax(softmaxAxis).named("sm"));
        SymbolicTensor att = Functional.call(new Dot(2, 1, false).named("av"), scores, h)
                .getFirst()
                .then(new LayerNormalization(1, 1e-3f, false, true).named("ln2"));
        SymbolicTensor rep = summary.then(new RepeatVector(5).named("rep"));
        SymbolicTensor sum = Functional.add(att, rep);
        SymbolicTensor flat =
                sum.then(new Permute(2, 1).named("perm")).then(new Flatten()).then(new Dense(6).named("proj"));
        SymbolicTensor cos = Functional.call(new Dot(1).withNormalize(true).named("cos"), flat, summary)
                .getFirst();
        Functional m = new Functional(3L, List.of(seq, summary), List.of(cos, sum));
        // non-trivial LayerNormalization weights, so that their order and names are checked
        m.getLayer("ln")
                .setWeights(List.of(
                        NDArray.uniform(Shape.of(6), 0.5f, 1.5f, new Rng(1)),
                        NDArray.uniform(Shape.of(6), -1, 1, new Rng(2))));
        m.getLayer("ln2").setWeights(List.of(NDArray.uniform(Shape.of(5), 0.5f, 1.5f, new Rng(3))));
        return m;
    }

    /** Inputs for {@link #attentionModel()}: three samples. */
    static List<NDArray> attentionInputs() {
        return List.of(
                NDArray.uniform(Shape.of(3, 5, 6), -1, 1, new Rng(4)),
                NDArray.uniform(Shape.of(3, 6), -1, 1, new Rng(5)));
    }

    @Test
    void attentionLayersSurviveKeras3AndTfjsWithTheirSettings() throws Exception {
        List<NDArray> in = attentionInputs();
        for (int axis : new int[] {1, -1}) {
            Functional m = attentionModel(axis);
            List<NDArray> expected = Fixtures.predict(m, in);
            List<Path> files = new ArrayList<>();
            files.add(tmp.resolve("attention" + axis + ".keras"));
            Keras.save(m, files.getFirst());
            Path dir = tmp.resolve("attention_tfjs" + axis);
            Files.createDirectories(dir);
            if (axis == -1) {
                files.add(dir.resolve("model.json"));
                Keras.save(m, files.getLast());
            } else { // tfjs computes a softmax over the last axis only: refused, naming the layer and its input
                IllegalArgumentException e =
                        assertThrows(IllegalArgumentException.class, () -> Keras.save(m, dir.resolve("model.json")));
                assertTrue(
                        e.getMessage()
                                .contains("layer 'sm' (Softmax): axis 1 of input (batch, 5, 5) (TF.js computes a"
                                        + " softmax over the last axis only)"),
                        e.getMessage());
            }
            for (Path p : files) {
                Model back = Keras.load(p);
                String what = p.getFileName() + " softmax axis " + axis;
                assertIdentical(expected, Fixtures.predict(back, in), what);
                for (String name : List.of("ln", "ln2", "qk", "sm", "av", "rep", "cos"))
                    assertEquals(
                            m.getLayer(name).savedConfig(), back.getLayer(name).savedConfig(), what + " " + name);
                assertEquals(m.parameterCount(), back.parameterCount());
            }
        }
    }
}
