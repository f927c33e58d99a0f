package nabla.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import nabla.keras.Graph.Format;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.attention.AdditiveAttention;
import nabla.nn.attention.Attention;
import nabla.nn.attention.MultiHeadAttention;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3 import and export of Attention, AdditiveAttention and MultiHeadAttention: configs, Keras' call options as
 * node kwargs, MultiHeadAttention's weights under its EinsumDense sublayers; TF.js (which has none of these layers)
 * refuses them by name.
 */
class AttentionInteropTest {
    @TempDir
    Path tmp;

    static Functional model() {
        SymbolicTensor tokens = Functional.input("tokens", 6), memory = Functional.input("memory", 5, 4);
        SymbolicTensor x = tokens.then(new Embedding(20, 8, true).named("emb"));
        List<SymbolicTensor> mha = Functional.call(
                new MultiHeadAttention(2, 3)
                        .withValueDim(4)
                        .withOutputShape(8)
                        .withCausalMask(true)
                        .withReturnAttentionScores(true)
                        .named("mha"),
                x,
                x);
        SymbolicTensor h = Functional.add(x, mha.get(0));
        SymbolicTensor cross = Functional.call(
                        new MultiHeadAttention(1, 4).withUseBias(false).named("cross"), h, memory, memory)
                .getFirst();
        List<SymbolicTensor> att = Functional.call(
                new Attention()
                        .withUseScale(true)
                        .withScoreMode("concat")
                        .withReturnAttentionScores(true)
                        .named("att"),
                cross.then(new Dense(4).named("q")),
                memory);
        SymbolicTensor add = Functional.call(
                        new AdditiveAttention().withCausalMask(true).named("additive"), att.get(0), memory, memory)
                .getFirst();
        Functional m = new Functional(5L, List.of(tokens, memory), List.of(add, mha.get(1), att.get(1)));
        // weights away from their initial zeros and ones, so that names and order are checked
        Rng rng = new Rng(9);
        for (Layer l : m.layers())
            for (Parameter p : l.parameters()) p.value().assign(NDArray.uniform(p.shape(), -0.7f, 0.9f, rng));
        return m;
    }

    static List<NDArray> inputs() {
        return List.of(
                NDArray.of(new float[] {3, 5, 7, 1, 0, 0, 2, 9, 4, 11, 6, 0}, 2, 6),
                NDArray.uniform(Shape.of(2, 5, 4), -1, 1, new Rng(3)));
    }

    @Test
    void attentionLayersSurviveKeras3BitForBitWithKerasLayout() throws Exception {
        Functional m = model();
        List<NDArray> expected = m.predictAll(inputs());
        Path f = tmp.resolve("attention.keras");
        Keras.save(m, f);
        Model back = Keras.load(f);
        List<NDArray> got = back.predictAll(inputs());
        for (int i = 0; i < expected.size(); i++)
            assertArrayEquals(expected.get(i).toArray(), got.get(i).toArray(), 0f, "output " + i);
        for (String name : List.of("mha", "cross", "att", "additive"))
            assertEquals(m.getLayer(name).savedConfig(), back.getLayer(name).savedConfig(), name);

        Map<String, Object> cfg;
        try (ZipFile z = new ZipFile(f.toFile())) {
            cfg = KerasImport.asMap(
                    KerasJson.parse(z.getInputStream(z.getEntry("config.json")).readAllBytes(), "config.json"));
        }
        Map<String, Map<String, Object>> layers = new HashMap<>();
        for (Object o : (List<?>) KerasImport.asMap(cfg.get("config")).get("layers")) {
            Map<String, Object> l = KerasImport.asMap(o);
            layers.put((String) l.get("name"), l);
        }
        Map<String, Object> mha = layers.get("mha"), mc = KerasImport.asMap(mha.get("config"));
        assertEquals("MultiHeadAttention", mha.get("class_name"));
        assertEquals(2L, mc.get("num_heads"));
        assertEquals(List.of(8L), mc.get("output_shape"));
        assertTrue(mc.containsKey("attention_axes") && mc.get("attention_axes") == null);
        Map<String, Object> node = KerasImport.asMap(((List<?>) mha.get("inbound_nodes")).getFirst());
        List<?> args = (List<?>) node.get("args");
        assertEquals(2, args.size(), "mha(query, value): two positional tensors");
        assertEquals("__keras_tensor__", KerasImport.asMap(args.getFirst()).get("class_name"));
        assertEquals(Map.of("use_causal_mask", true, "return_attention_scores", true), node.get("kwargs"));
        assertNotNull(
                KerasImport.asMap(KerasImport.asMap(mha.get("build_config")).get("shapes_dict"))
                        .get("query_shape"));
        Map<String, Object> att = layers.get("att");
        Map<String, Object> an = KerasImport.asMap(((List<?>) att.get("inbound_nodes")).getFirst());
        assertEquals(1, ((List<?>) an.get("args")).size(), "Attention([query, value])");
        assertEquals("concat", KerasImport.asMap(att.get("config")).get("score_mode"));
        assertEquals(Map.of("return_attention_scores", true), an.get("kwargs"));
        assertEquals(
                Map.of("use_causal_mask", true),
                KerasImport.asMap(((List<?>) layers.get("additive").get("inbound_nodes")).getFirst())
                        .get("kwargs"));

        // the weights: MultiHeadAttention's under its EinsumDense sublayers, the scales in the layers' own vars
        Path h5 = tmp.resolve("w.h5");
        try (ZipFile z = new ZipFile(f.toFile())) {
            Files.copy(z.getInputStream(z.getEntry("model.weights.h5")), h5);
        }
        try (Hdf5 w = Hdf5.open(h5)) {
            String p = "layers/multi_head_attention/";
            NDArray qk = w.read((io.jhdf.api.Dataset) w.node(p + "_query_dense/vars/0"));
            assertEquals(Shape.of(8, 2, 3), qk.shape());
            assertArrayEquals(m.getLayer("mha").parameters().get(0).value().toArray(), qk.toArray(), 0f);
            assertEquals(
                    Shape.of(2, 3),
                    w.read((io.jhdf.api.Dataset) w.node(p + "_query_dense/vars/1"))
                            .shape());
            assertEquals(
                    Shape.of(2, 4, 8),
                    w.read((io.jhdf.api.Dataset) w.node(p + "_output_dense/vars/0"))
                            .shape());
            assertEquals(
                    Shape.of(8),
                    w.read((io.jhdf.api.Dataset) w.node(p + "_output_dense/vars/1"))
                            .shape());
            String c = "layers/multi_head_attention_1/";
            assertEquals(
                    Shape.of(4, 1, 4),
                    w.read((io.jhdf.api.Dataset) w.node(c + "_value_dense/vars/0"))
                            .shape());
            assertTrue(w.node(c + "_value_dense/vars/1") == null, "no biases without use_bias");
            assertEquals(
                    Shape.of(),
                    w.read((io.jhdf.api.Dataset) w.node("layers/attention/vars/0"))
                            .shape());
            assertEquals(
                    Shape.of(4),
                    w.read((io.jhdf.api.Dataset) w.node("layers/additive_attention/vars/0"))
                            .shape());
        }
    }

    @Test
    void kerasConfigsAsKeras3WritesThemImport() {
        ImportLayers imp = new ImportLayers(Format.KERAS3);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", "mha");
        c.put("trainable", true);
        c.put("num_heads", 4L);
        c.put("key_dim", 16L);
        c.put("value_dim", 16L);
        c.put("dropout", 0.0);
        c.put("use_bias", true);
        c.put("output_shape", null);
        c.put("attention_axes", List.of(1L)); // what Keras 3 writes once built
        c.put("kernel_initializer", Map.of("module", "keras.initializers", "class_name", "GlorotUniform"));
        c.put("bias_initializer", Map.of("module", "keras.initializers", "class_name", "Zeros"));
        c.put("kernel_regularizer", null);
        c.put("seed", null);
        Layer l = imp.layer("MultiHeadAttention", "mha", c);
        assertEquals(List.of(), imp.problems);
        assertEquals(4, ((MultiHeadAttention) l).numHeads());
        c.put("attention_axes", List.of(1L, 2L));
        c.put("dropout", 0.1);
        assertEquals(null, imp.layer("MultiHeadAttention", "mha", c));
        assertTrue(imp.problems.toString().contains("attention_axes [1, 2]"), imp.problems.toString());
        imp.problems.clear();
        Map<String, Object> a = new LinkedHashMap<>(Map.of("name", "a", "use_scale", true, "dropout", 0.0));
        a.put("score_mode", "dot");
        a.put("use_causal_mask", List.of(true, false)); // two nodes that disagree
        assertEquals(null, imp.layer("Attention", "a", a));
        assertTrue(imp.problems.toString().contains("use_causal_mask"), imp.problems.toString());
        imp.problems.clear();
        Layer add = imp.layer(
                "AdditiveAttention", "b", new HashMap<>(Map.of("name", "b", "use_scale", false, "dropout", 0.0)));
        assertEquals(false, ((AdditiveAttention) add).useScale());
    }

    @Test
    void tfjsHasNoAttentionLayersAndTheExportSaysSo() throws Exception {
        Path dir = tmp.resolve("tfjs");
        Files.createDirectories(dir);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Keras.save(model(), dir.resolve("model.json")));
        for (String s : List.of(
                "layer 'mha' (MultiHeadAttention): TF.js 4 has no MultiHeadAttention layer",
                "layer 'att' (Attention): TF.js 4 has no Attention layer",
                "layer 'additive' (AdditiveAttention): TF.js 4 has no AdditiveAttention layer"))
            assertTrue(e.getMessage().contains(s), e.getMessage());
    }
}
