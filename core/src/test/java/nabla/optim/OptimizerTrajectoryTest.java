package nabla.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import nabla.autograd.Tensor;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every optimizer (and the shared options: clipping, weight decay, schedules) against reference trajectories in
 * {@code golden/optimizers.json}, computed in float64 by {@code golden/optimizers.py} with PyTorch or the Keras
 * formula (see the script). Each case is built from its saved config through {@link Optimizers#fromConfig}, so the
 * registry is exercised too. Tolerance: float32 arithmetic over six steps.
 */
class OptimizerTrajectoryTest {
    private static final double TOLERANCE = 2e-5;
    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = OptimizerTrajectoryTest.class.getResourceAsStream("/golden/optimizers.json")) {
            if (in == null)
                throw new IllegalStateException("golden/optimizers.json is missing from the test resources");
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] floats(JsonNode array) {
        List<Float> out = new ArrayList<>();
        collect(array, out);
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) f[i] = out.get(i);
        return f;
    }

    private static void collect(JsonNode n, List<Float> out) {
        if (n.isArray()) for (JsonNode c : n) collect(c, out);
        else out.add((float) n.asDouble());
    }

    private static NDArray array(JsonNode n, int... dims) {
        return NDArray.wrap(floats(n), Shape.of(dims));
    }

    /** One problem: its parameters and a function computing the loss from them. */
    private record Problem(List<Parameter> params, Supplier<Tensor> loss) {}

    private static Problem quadratic() {
        JsonNode q = GOLDEN.get("quadratic");
        int n = q.get("w0").size();
        Parameter w = new Parameter("w", array(q.get("w0"), n), true);
        Tensor a = Tensor.of(array(q.get("a"), n));
        return new Problem(List.of(w), () -> w.tensor().pow(2f).mul(a).sum().mul(0.5f));
    }

    private static Problem net() {
        JsonNode d = GOLDEN.get("net");
        Tensor x = Tensor.of(array(d.get("x"), 5, 3)), y = Tensor.of(array(d.get("y"), 5, 2));
        Parameter w1 = new Parameter("w1", array(d.get("w1"), 3, 4), true),
                b1 = new Parameter("b1", array(d.get("b1"), 4), true);
        Parameter w2 = new Parameter("w2", array(d.get("w2"), 4, 2), true),
                b2 = new Parameter("b2", array(d.get("b2"), 2), true);
        return new Problem(
                List.of(w1, b1, w2, b2),
                () -> x.matmul(w1.tensor())
                        .add(b1.tensor())
                        .tanh()
                        .matmul(w2.tensor())
                        .add(b2.tensor())
                        .sub(y)
                        .pow(2f)
                        .mean());
    }

    @SuppressWarnings("unchecked")
    private static Optimizer build(JsonNode c) {
        Map<String, Object> config = new ObjectMapper().convertValue(c.get("config"), Map.class);
        return Optimizers.fromConfig(c.get("optimizer").asText(), config);
    }

    @TestFactory
    Stream<DynamicTest> trajectoriesMatchTheReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("cases")) {
            for (String problem : List.of("quadratic", "net")) {
                tests.add(DynamicTest.dynamicTest(c.get("label").asText() + " on " + problem, () -> {
                    Optimizer opt = build(c);
                    Problem p = problem.equals("quadratic") ? quadratic() : net();
                    JsonNode expected = c.get("trajectories").get(problem);
                    for (int step = 0; step < expected.size(); step++) {
                        Optimizer.zeroGrad(p.params());
                        p.loss().get().backward();
                        opt.step(p.params());
                        float[] actual = concat(p.params());
                        float[] want = floats(expected.get(step));
                        assertEquals(want.length, actual.length);
                        for (int i = 0; i < want.length; i++) {
                            int s = step, k = i;
                            assertEquals(
                                    want[i],
                                    actual[i],
                                    TOLERANCE * Math.max(1, Math.abs(want[i])),
                                    () -> c.get("label").asText() + " ("
                                            + c.get("source").asText() + ") on " + problem + ": weight " + k
                                            + " after step " + (s + 1));
                        }
                    }
                    assertEquals(expected.size(), opt.iterations());
                }));
            }
        }
        return tests.stream();
    }

    /** Large parameters are split over cores: each element must still follow the same rule as in a small one. */
    @TestFactory
    Stream<DynamicTest> largeParametersFollowTheSameRuleAsSmallOnes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("cases")) {
            JsonNode config = c.get("config");
            if (config.has("clipnorm") || config.has("global_clipnorm")) continue; // norms depend on the size
            tests.add(DynamicTest.dynamicTest(c.get("label").asText(), () -> {
                JsonNode q = GOLDEN.get("quadratic");
                float[] w0 = floats(q.get("w0")), a = floats(q.get("a"));
                int n = 3 * (1 << 15) + 5;
                float[] big = new float[n], bigA = new float[n];
                for (int i = 0; i < n; i++) {
                    big[i] = w0[i % w0.length];
                    bigA[i] = a[i % a.length];
                }
                Parameter small = new Parameter("s", NDArray.wrap(w0, Shape.of(w0.length)), true);
                Parameter large = new Parameter("l", NDArray.wrap(big, Shape.of(n)), true);
                Tensor as = Tensor.of(NDArray.wrap(a, Shape.of(a.length))),
                        al = Tensor.of(NDArray.wrap(bigA, Shape.of(n)));
                Optimizer os = build(c), ol = build(c);
                for (int step = 0; step < 4; step++) {
                    Optimizer.zeroGrad(List.of(small, large));
                    small.tensor().pow(2f).mul(as).sum().mul(0.5f).backward();
                    large.tensor().pow(2f).mul(al).sum().mul(0.5f).backward();
                    os.step(List.of(small));
                    ol.step(List.of(large));
                }
                float[] ws = small.value().toArray(), wl = large.value().toArray();
                for (int i = 0; i < n; i += 997)
                    assertEquals(
                            ws[i % ws.length], wl[i], 1e-6 * Math.max(1, Math.abs(ws[i % ws.length])), "element " + i);
                assertEquals(ws[(n - 1) % ws.length], wl[n - 1], 1e-6 * Math.max(1, Math.abs(ws[(n - 1) % ws.length])));
            }));
        }
        return tests.stream();
    }

    private static float[] concat(List<Parameter> ps) {
        int n = 0;
        for (Parameter p : ps) n += p.size();
        float[] out = new float[n];
        int o = 0;
        for (Parameter p : ps) {
            NDArray v = p.value().contiguous();
            System.arraycopy(v.data(), v.offset(), out, o, p.size());
            o += p.size();
        }
        return out;
    }

    @Test
    void everyRegisteredOptimizerHasAReferenceCase() {
        Set<String> covered = new TreeSet<>();
        for (JsonNode c : GOLDEN.get("cases")) covered.add(c.get("optimizer").asText());
        assertEquals(Optimizers.knownNames(), covered);
        assertTrue(GOLDEN.get("steps").asInt() >= 5);
    }
}
