package nabla.nn.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import nabla.autograd.GradCheck;
import nabla.autograd.Tensor;
import nabla.kernels.Parallel;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class LayerNormalizationTest {
    private static JsonNode golden() throws IOException {
        try (InputStream in = LayerNormalizationTest.class.getResourceAsStream("/golden/layer_norm.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static float[] floats(JsonNode a) {
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) a.get(i).asDouble();
        return f;
    }

    private static void close(JsonNode expected, NDArray got, double tol, String what) {
        float[] e = floats(expected), g = got.contiguous().toArray();
        assertEquals(e.length, g.length, what);
        for (int i = 0; i < e.length; i++) assertEquals(e[i], g[i], tol, what + " element " + i);
    }

    @Test
    void matchesTorchLayerNormComputedInDoublePrecision() throws IOException {
        JsonNode gold = golden();
        assertEquals(1e-3, gold.get("epsilon").asDouble());
        for (String name : List.of("affine", "plain")) {
            JsonNode c = gold.get(name);
            int[] dims = new int[c.get("shape").size()];
            for (int i = 0; i < dims.length; i++)
                dims[i] = c.get("shape").get(i).asInt();
            boolean affine = c.has("gamma");
            LayerNormalization ln = new LayerNormalization(-1, 1e-3f, affine, affine);
            ln.build(Shape.of(dims).dropFirst());
            if (affine) {
                ln.setWeights(List.of(
                        NDArray.of(floats(c.get("gamma")), dims[dims.length - 1]),
                        NDArray.of(floats(c.get("beta")), dims[dims.length - 1])));
                assertEquals(
                        List.of("gamma", "beta"),
                        ln.parameters().stream().map(Parameter::name).toList());
            } else assertEquals(0, ln.parameterCount());
            Tensor x = Tensor.param(NDArray.of(floats(c.get("x")), dims));
            Tensor y = ln.apply(x, true);
            close(c.get("y"), y.value(), 2e-6, name + " y");
            y.backward(NDArray.of(floats(c.get("r")), dims));
            close(c.get("dx"), x.grad(), 2e-5, name + " dx");
            if (affine) {
                close(c.get("dgamma"), ln.parameters().get(0).tensor().grad(), 2e-5, name + " dgamma");
                close(c.get("dbeta"), ln.parameters().get(1).tensor().grad(), 2e-5, name + " dbeta");
            }
        }
    }

    @Test
    void theLayerOnAnotherAxisMatchesFiniteDifferencesAndEqualsTransposing() {
        NDArray x = NDArray.uniform(Shape.of(3, 5, 4), -2, 2, new Rng(5)); // normalized over axis 1 (size 5)
        LayerNormalization first = new LayerNormalization(1, 1e-3f, true, true);
        first.build(Shape.of(5, 4));
        first.setWeights(List.of(
                NDArray.uniform(Shape.of(5), 0.5f, 1.5f, new Rng(6)), NDArray.uniform(Shape.of(5), -1, 1, new Rng(7))));
        LayerNormalization last = new LayerNormalization();
        last.build(Shape.of(4, 5));
        last.setWeights(first.getWeights());
        NDArray a = first.apply(Tensor.of(x), false).value();
        NDArray b = last.apply(Tensor.of(x.permute(0, 2, 1).contiguous()), false)
                .value()
                .permute(0, 2, 1);
        assertArrayEquals(b.contiguous().toArray(), a.contiguous().toArray(), 1e-6f);
        GradCheck.Result r = GradCheck.check(t -> first.apply(t[0], true), x);
        assertTrue(r.ok(), r.toString());
    }

    @Test
    void statisticsArePerSampleAndTheSameInTrainingAndInference() {
        LayerNormalization ln = new LayerNormalization();
        NDArray x = NDArray.normal(Shape.of(8, 3, 24), 3f, 2f, new Rng(1));
        NDArray y = ln.apply(Tensor.of(x), true).value();
        NDArray mean = y.mean(false, 2), var = y.var(false, 2), xv = x.var(false, 2);
        for (int i = 0; i < mean.size(); i++) {
            assertEquals(0, mean.toArray()[i], 1e-5);
            assertEquals(xv.toArray()[i] / (xv.toArray()[i] + 1e-3), var.toArray()[i], 1e-4);
        }
        assertArrayEquals(y.toArray(), ln.apply(Tensor.of(x), false).value().toArray(), 0f);
        // one sample alone gives what it gave in the batch
        NDArray one = ln.apply(Tensor.of(x.slice(0, 2, 3).contiguous()), false).value();
        assertArrayEquals(y.slice(0, 2, 3).contiguous().toArray(), one.toArray(), 0f);
        assertEquals(48, ln.parameterCount());
    }

    @Test
    void rowsSplitOverTheCoresGiveTheResultOfOneCoreBitForBit() {
        NDArray x = NDArray.uniform(Shape.of(1500, 40), -3, 3, new Rng(9)); // 60,000 elements: split over cores
        NDArray r = NDArray.uniform(Shape.of(1500, 40), -1, 1, new Rng(10));
        float[][] one = run(x, r, 1), many = run(x, r, 4);
        for (int i = 0; i < one.length; i++) assertArrayEquals(one[i], many[i], 0f, "output " + i);
        // and against a double-precision reference for a few rows
        float[] xd = x.toArray();
        for (int row : new int[] {0, 777, 1499}) {
            double m = 0, v = 0;
            for (int j = 0; j < 40; j++) m += xd[row * 40 + j];
            m /= 40;
            for (int j = 0; j < 40; j++) v += (xd[row * 40 + j] - m) * (xd[row * 40 + j] - m);
            v /= 40;
            for (int j = 0; j < 40; j++)
                assertEquals((xd[row * 40 + j] - m) / Math.sqrt(v + 1e-3), one[0][row * 40 + j], 1e-5);
        }
    }

    private static float[][] run(NDArray x, NDArray r, int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            LayerNormalization ln = new LayerNormalization();
            Tensor in = Tensor.param(x);
            Tensor y = ln.apply(in, true);
            y.backward(r);
            return new float[][] {
                y.value().toArray(),
                in.grad().toArray(),
                ln.parameters().get(0).tensor().grad().toArray(),
                ln.parameters().get(1).tensor().grad().toArray()
            };
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void masksPassThroughAndBadSettingsOrAxesSayWhatIsWrong() {
        LayerNormalization ln = new LayerNormalization();
        NDArray mask = NDArray.of(new float[] {1, 1, 0, 1, 0, 0}, 2, 3);
        Tensor x = Tensor.of(NDArray.uniform(Shape.of(2, 3, 4), -1, 1, new Rng(2)));
        assertSame(mask, ln.computeMask(x, mask));
        assertNull(ln.computeMask(x, null));
        assertArrayEquals(
                ln.apply(x, false).value().toArray(),
                ln.apply(x, mask, false).value().toArray(),
                0f);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new LayerNormalization(3, 1e-3f, true, true).named("ln").apply(x, true));
        assertTrue(
                e.getMessage()
                        .startsWith("LayerNormalization 'ln': axis 3 is not a per-sample axis of input (batch, 3, 4)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ln.apply(Tensor.of(NDArray.zeros(2, 3, 5)), true));
        assertTrue(
                e.getMessage().contains("LayerNormalization 'layernormalization'")
                        && e.getMessage().contains("(batch, 3, 4)")
                        && e.getMessage().contains("(2, 3, 5)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization(0, 1e-3f, true, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerNormalization(-1, 0f, true, true));
    }
}
