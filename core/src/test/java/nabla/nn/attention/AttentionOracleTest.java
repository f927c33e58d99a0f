package nabla.nn.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Tensor;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Attention, AdditiveAttention and MultiHeadAttention against plain-torch formulas in float64
 * ({@code golden/attention.py}, PyTorch 1.13): outputs, attention weights and the gradients of every input and
 * weight, to 1e-5.
 */
class AttentionOracleTest {
    private static final double TOL = 1e-5;

    private static JsonNode golden() throws IOException {
        try (InputStream in = AttentionOracleTest.class.getResourceAsStream("/golden/attention.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
        return f;
    }

    private static int[] ints(JsonNode a) {
        int[] f = new int[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = a.get(i).asInt();
        return f;
    }

    /** Checks |want − got| ≤ TOL·(1 + |want|) everywhere; returns the worst |want − got|. */
    private static double close(JsonNode want, NDArray got, String what) {
        float[] g = got.contiguous().toArray();
        assertEquals(want.size(), g.length, what);
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            double w = want.get(i).asDouble(), err = Math.abs(w - g[i]);
            worst = Math.max(worst, err);
            assertTrue(err <= TOL * (1 + Math.abs(w)), what + " element " + i + ": torch " + w + ", nabla " + g[i]);
        }
        return worst;
    }

    private static NDArray mask(JsonNode c, String key, int b, int t) {
        return c.has(key) ? NDArray.of(floats(c.get(key)), b, t) : null;
    }

    /** The leaves (inputs, then weights) of a case, as Nabla tensors that record gradients. */
    private static Map<String, Tensor> leaves(JsonNode c) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        c.get("inputs")
                .fieldNames()
                .forEachRemaining(n -> m.put(
                        n,
                        Tensor.param(NDArray.wrap(
                                floats(c.get("inputs").get(n)),
                                Shape.of(ints(c.get("shapes").get(n)))))));
        return m;
    }

    private static void setWeights(Layer l, Map<String, Tensor> leaves) {
        List<NDArray> w = new ArrayList<>();
        for (Parameter p : l.parameters()) w.add(leaves.get(p.name()).value());
        l.setWeights(w);
    }

    private static void checkGrads(JsonNode c, Layer l, Map<String, Tensor> leaves, String what) {
        Map<String, Parameter> weights = l.namedWeights();
        int n = 0;
        var it = c.get("grads").fieldNames();
        while (it.hasNext()) {
            String name = it.next();
            NDArray g = weights.containsKey(name)
                    ? weights.get(name).grad()
                    : leaves.get(name).grad();
            close(c.get("grads").get(name), g, what + " d" + name);
            n++;
        }
        assertEquals(leaves.size(), n, what);
    }

    @Test
    void denseAttentionMatchesTorch() throws IOException {
        int cases = 0;
        for (JsonNode c : golden().get("dense")) {
            String kind = c.get("kind").asText();
            boolean scale = c.get("use_scale").asBoolean(),
                    causal = c.get("causal").asBoolean();
            DenseAttention l = switch (kind) {
                case "dot" -> new Attention().withUseScale(scale).withCausalMask(causal);
                case "concat" ->
                    new Attention().withScoreMode("concat").withUseScale(scale).withCausalMask(causal);
                default -> new AdditiveAttention().withUseScale(scale).withCausalMask(causal);
            };
            Map<String, Tensor> in = leaves(c);
            Tensor q = in.get("query"), v = in.get("value"), k = in.get("key");
            List<Shape> shapes =
                    new ArrayList<>(List.of(q.shape().dropFirst(), v.shape().dropFirst()));
            if (k != null) shapes.add(k.shape().dropFirst());
            l.buildFor(shapes);
            setWeights(l, in);
            NDArray qm = mask(c, "query_mask", q.dim(0), q.dim(1)), vm = mask(c, "value_mask", v.dim(0), v.dim(1));
            DenseAttention.Result r = l.attend(q, v, k, qm, vm);
            String what = kind + " " + l.config();
            close(c.get("out"), r.output().value(), what + " output");
            close(c.get("scores"), r.scores().value(), what + " weights");
            r.output().backward(NDArray.wrap(floats(c.get("r")), r.output().shape()));
            checkGrads(c, l, in, what);
            cases++;
        }
        assertEquals(7, cases);
    }

    @Test
    void multiHeadAttentionMatchesAnEinsumImplementationOfKerasInTorch() throws IOException {
        int cases = 0;
        for (JsonNode c : golden().get("mha")) {
            MultiHeadAttention l = new MultiHeadAttention(
                            c.get("heads").asInt(), c.get("key_dim").asInt())
                    .withValueDim(c.get("value_dim").asInt())
                    .withOutputShape(c.get("out_dim").asInt())
                    .withUseBias(c.get("use_bias").asBoolean())
                    .withCausalMask(c.get("causal").asBoolean());
            Map<String, Tensor> in = leaves(c);
            Tensor q = in.get("query"), v = in.get("value"), k = in.get("key");
            l.buildFor(List.of(
                    q.shape().dropFirst(), v.shape().dropFirst(), k.shape().dropFirst()));
            setWeights(l, in);
            NDArray qm = mask(c, "query_mask", q.dim(0), q.dim(1)), vm = mask(c, "value_mask", v.dim(0), v.dim(1));
            MultiHeadAttention.Result r = l.attend(q, v, k, null, qm, vm, null);
            String what = "mha " + l.config();
            close(c.get("out"), r.output().value(), what + " output");
            close(c.get("scores"), r.scores().value(), what + " weights");
            r.output().backward(NDArray.wrap(floats(c.get("r")), r.output().shape()));
            checkGrads(c, l, in, what);
            cases++;
        }
        assertEquals(3, cases);
    }
}
