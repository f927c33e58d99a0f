package nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nabla.autograd.Tensor;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;

/** The options the Optimizer base owns: clipping, decoupled weight decay, schedules, copies and validation. */
class OptimizerOptionsTest {
    /** A trainable parameter with value {@code w} whose gradient is {@code g} (written through backward). */
    private static Parameter param(float[] w, float[] g) {
        Parameter p = new Parameter("p", NDArray.of(w.clone()), true);
        p.tensor().mul(Tensor.of(NDArray.of(g.clone()))).sum().backward();
        return p;
    }

    private static float[] grad(Parameter p) {
        return p.grad().toArray();
    }

    @Test
    void globalClipNormScalesEveryGradientByTheSameFactor() {
        Parameter a = param(new float[] {0, 0}, new float[] {3, 0}), b = param(new float[] {0, 0}, new float[] {0, 4});
        new SGD(1f).withGlobalClipNorm(1f).step(List.of(a, b)); // joint norm 5 → factor 0.2
        assertArrayEquals(new float[] {0.6f, 0}, grad(a), 1e-7f);
        assertArrayEquals(new float[] {0, 0.8f}, grad(b), 1e-7f);
        assertArrayEquals(new float[] {-0.6f, 0}, a.value().toArray(), 1e-7f);
        assertArrayEquals(new float[] {0, -0.8f}, b.value().toArray(), 1e-7f);

        Parameter c = param(new float[] {0, 0}, new float[] {0.3f, 0.4f}); // norm 0.5 < 1: untouched
        new SGD(1f).withGlobalClipNorm(1f).step(List.of(c));
        assertArrayEquals(new float[] {0.3f, 0.4f}, grad(c), 0f);
    }

    @Test
    void globalClipNormOfALargeParameterIsSummedInDoubleAcrossBlocks() {
        int n = 100_003; // several parallel blocks plus a scalar tail
        float[] g = new float[n];
        Arrays.fill(g, 1f);
        g[n - 1] = 2f;
        Parameter big = param(new float[n], g), small = param(new float[] {0}, new float[] {5f});
        new SGD(1f).withGlobalClipNorm(2f).step(List.of(big, small));
        double norm = Math.sqrt((n - 1) + 4.0 + 25.0);
        float f = (float) (2 / norm);
        float[] gb = grad(big);
        assertEquals(f, gb[0], 1e-7f * f);
        assertEquals(f, gb[n / 2], 1e-7f * f);
        assertEquals(2 * f, gb[n - 1], 2e-7f * f);
        assertEquals(5 * f, grad(small)[0], 5e-7f * f);
    }

    @Test
    void clipNormClipsEachTensorOnItsOwn() {
        Parameter a = param(new float[] {0, 0}, new float[] {3, 0}),
                b = param(new float[] {0, 0}, new float[] {0, 0.5f});
        new SGD(1f).withClipNorm(1f).step(List.of(a, b));
        assertArrayEquals(new float[] {1, 0}, grad(a), 1e-7f);
        assertArrayEquals(new float[] {0, 0.5f}, grad(b), 0f);
    }

    @Test
    void clipValueClampsEachElement() {
        float[] g = new float[37]; // vector body and tail
        for (int i = 0; i < g.length; i++) g[i] = (i - 18) * 0.1f;
        Parameter p = param(new float[g.length], g);
        new SGD(1f).withClipValue(1f).step(List.of(p));
        float[] clipped = grad(p);
        for (int i = 0; i < g.length; i++)
            assertEquals(Math.max(-1f, Math.min(1f, g[i])), clipped[i], 0f, "element " + i);
        assertArrayEquals(clipped, negate(p.value().toArray()), 0f);
    }

    private static float[] negate(float[] x) {
        for (int i = 0; i < x.length; i++) x[i] = -x[i];
        return x;
    }

    @Test
    void onlyOneClippingOptionMayBeSet() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new SGD(0.1f).withClipNorm(1f).withClipValue(0.5f));
        assertTrue(
                e.getMessage().contains("clipvalue=0.5")
                        && e.getMessage().contains("clipnorm=1.0")
                        && e.getMessage().contains("only one"),
                e.getMessage());
        assertEquals(
                2f, new SGD(0.1f).withClipNorm(1f).withClipNorm(2f).clipNorm()); // replacing the same option is fine
    }

    @Test
    void decoupledWeightDecayShrinksWeightsBeforeTheUpdate() {
        Parameter p = param(new float[] {2f, -4f}, new float[] {1f, 1f});
        new SGD(0.1f).withWeightDecay(0.5f).step(List.of(p));
        // w = w·(1 − lr·wd) − lr·g
        assertArrayEquals(
                new float[] {2f * 0.95f - 0.1f, -4f * 0.95f - 0.1f}, p.value().toArray(), 1e-6f);

        Parameter frozen = param(new float[] {2f}, new float[] {1f});
        frozen.setTrainable(false);
        Parameter noGrad = new Parameter("q", NDArray.of(new float[] {2f}), true);
        new SGD(0.1f).withWeightDecay(0.5f).step(List.of(frozen, noGrad));
        assertEquals(2f, frozen.value().get(0));
        assertEquals(2f, noGrad.value().get(0));
        assertEquals(0.004f, new AdamW().weightDecay());
        assertEquals(0f, new Adam().weightDecay());
    }

    @Test
    void schedulesGiveTheirValuesAtGivenSteps() {
        assertEquals(0.1f, LearningRateSchedule.constant(0.1f).at(1000));
        LearningRateSchedule isq = LearningRateSchedule.inverseSqrtDecay(1f);
        assertEquals(1f, isq.at(0));
        assertEquals(0.5f, isq.at(3));
        assertEquals(0.1f, isq.at(99), 1e-8f);
        assertEquals(
                0.05f,
                LearningRateSchedule.inverseTimeDecay(0.1f, 10, 0.5f, false).at(20),
                1e-8f);
        assertEquals(
                0.1f / 1.75f,
                LearningRateSchedule.inverseTimeDecay(0.1f, 10, 0.5f, false).at(15),
                1e-8f);
        assertEquals(
                0.1f / 1.5f,
                LearningRateSchedule.inverseTimeDecay(0.1f, 10, 0.5f, true).at(15),
                1e-8f);
        assertEquals(
                (float) (0.1 * Math.sqrt(0.5)),
                LearningRateSchedule.exponentialDecay(0.1f, 10, 0.5f, false).at(5),
                1e-8f);
        assertEquals(
                0.05f,
                LearningRateSchedule.exponentialDecay(0.1f, 10, 0.5f, true).at(15),
                1e-8f);
        LearningRateSchedule step = LearningRateSchedule.stepDecay(0.1f, 30, 0.5f);
        assertEquals(0.1f, step.at(29));
        assertEquals(0.05f, step.at(30));
        assertEquals(0.0125f, step.at(95), 1e-9f);
        LearningRateSchedule cos = LearningRateSchedule.cosineDecay(1f, 100, 0.1f);
        assertEquals(1f, cos.at(0));
        assertEquals(0.55f, cos.at(50), 1e-7f);
        assertEquals(0.1f, cos.at(100), 1e-7f);
        assertEquals(0.1f, cos.at(500), 1e-7f);
        LearningRateSchedule warm = LearningRateSchedule.linearWarmup(10, 0f, cos);
        assertEquals(0f, warm.at(0));
        assertEquals(0.5f, warm.at(5), 1e-7f);
        assertEquals(1f, warm.at(10));
        assertEquals(0.55f, warm.at(60), 1e-7f);
        assertEquals(
                0.025f,
                LearningRateSchedule.ofEpoch(100, e -> 0.1 * Math.pow(0.5, e)).at(250),
                1e-9f);
    }

    @Test
    void theOptimizerEvaluatesItsScheduleOnEveryStep() {
        Parameter p = new Parameter("w", NDArray.of(new float[] {0f}), true);
        Optimizer opt = new SGD(1f).withSchedule(LearningRateSchedule.stepDecay(1f, 1, 0.5f));
        assertEquals(1f, opt.learningRate());
        for (int i = 0; i < 3; i++) {
            Optimizer.zeroGrad(List.of(p));
            p.tensor().sum().backward(); // gradient 1
            opt.step(List.of(p));
        }
        assertEquals(-1.75f, p.value().get(0)); // 1 + 0.5 + 0.25
        assertEquals(0.125f, opt.learningRate()); // the rate of the next step
    }

    @Test
    void theBaseLearningRateCanBeReadAndSetAtRunTime() {
        Optimizer opt = new Adam(0.01f);
        opt.setLearningRate(0.002f);
        assertEquals(0.002f, opt.learningRate());
        assertEquals(0.002f, opt.config().get("learning_rate"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(-1f));
        assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains("-1.0"), e.getMessage());
        Optimizer scheduled = opt.withSchedule(LearningRateSchedule.constant(0.1f));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> scheduled.setLearningRate(0.01f));
        assertTrue(s.getMessage().contains("schedule"), s.getMessage());
    }

    @Test
    void withCopiesAreFreshAndLeaveTheOriginalAlone() {
        Parameter p = param(new float[] {1f}, new float[] {1f});
        Optimizer base = new Adam(0.01f);
        base.step(List.of(p));
        Optimizer clipped = base.withGlobalClipNorm(1f);
        assertNotSame(base, clipped);
        assertEquals(Adam.class, clipped.getClass());
        assertEquals(0f, base.globalClipNorm());
        assertEquals(1f, clipped.globalClipNorm());
        assertEquals(1, base.iterations());
        assertEquals(0, clipped.iterations());
        assertNull(base.schedule());
        LearningRateSchedule s = LearningRateSchedule.constant(0.5f);
        assertSame(s, base.withSchedule(s).schedule());
    }

    @Test
    void customSchedulesRunButCannotBeSaved() {
        Optimizer opt = new SGD(1f).withSchedule(step -> 0.1f);
        assertEquals(0.1f, opt.learningRate());
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::config);
        assertTrue(e.getMessage().contains("lambda"), e.getMessage());
        assertTrue(opt.toString().startsWith("sgd"));

        Parameter p = param(new float[] {1f}, new float[] {1f});
        IllegalStateException nan = assertThrows(
                IllegalStateException.class,
                () -> new SGD(1f).withSchedule(step -> Float.NaN).step(List.of(p)));
        assertTrue(nan.getMessage().contains("NaN") && nan.getMessage().contains("step 0"), nan.getMessage());
    }

    @Test
    void badHyperparametersAreRejectedNamingTheArgumentAndValue() {
        Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
        cases.put("SGD: momentum must be in [0, 1), got -0.1", () -> new SGD(0.1f, -0.1f));
        cases.put("Adam: learning_rate must be a finite number > 0, got NaN", () -> new Adam(Float.NaN));
        cases.put("Adam: beta1 must be in [0, 1), got 1.0", () -> new Adam(0.1f, 1f, 0.999f, 1e-7f));
        cases.put("AdamW: weight_decay must be a finite number >= 0, got -0.1", () -> new AdamW(0.1f, -0.1f));
        cases.put(
                "Adagrad: initialAccumulatorValue must be a finite number >= 0, got -1.0",
                () -> new Adagrad(0.1f, -1f, 1e-7f));
        cases.put("Adagrad: epsilon must be a finite number > 0, got 0.0", () -> new Adagrad(0.1f, 0.1f, 0f));
        cases.put("RMSprop: rho must be in [0, 1), got 1.0", () -> new RMSprop(0.1f, 1f, 0f, 1e-7f, false));
        cases.put("RMSprop: momentum must be in [0, 1), got 2.0", () -> new RMSprop(0.1f, 0.9f, 2f, 1e-7f, false));
        cases.put("Adadelta: epsilon must be a finite number > 0, got -1.0", () -> new Adadelta(1f, 0.95f, -1f));
        cases.put("Nadam: beta2 must be in [0, 1), got 1.5", () -> new Nadam(0.1f, 0.9f, 1.5f, 1e-7f));
        cases.put("SGD: weight_decay must be a finite number >= 0, got -1.0", () -> new SGD(0.1f).withWeightDecay(-1f));
        cases.put("SGD: clipnorm must be a finite number > 0, got 0.0", () -> new SGD(0.1f).withClipNorm(0f));
        cases.put(
                "SGD: global_clipnorm must be a finite number > 0, got Infinity",
                () -> new SGD(0.1f).withGlobalClipNorm(Float.POSITIVE_INFINITY));
        cases.put("SGD: clipvalue must be a finite number > 0, got -2.0", () -> new SGD(0.1f).withClipValue(-2f));
        cases.put(
                "exponentialDecay: decaySteps must be > 0, got 0",
                () -> LearningRateSchedule.exponentialDecay(0.1f, 0, 0.5f, false));
        cases.put(
                "cosineDecay: alpha must be in [0, 1], got 2.0", () -> LearningRateSchedule.cosineDecay(0.1f, 10, 2f));
        cases.put("stepDecay: factor must be in (0, 1], got 1.5", () -> LearningRateSchedule.stepDecay(0.1f, 10, 1.5f));
        cases.put(
                "linearWarmup: startLr must be a finite number >= 0, got -1.0",
                () -> LearningRateSchedule.linearWarmup(5, -1f, LearningRateSchedule.constant(1f)));
        for (Map.Entry<String, Supplier<Object>> c : cases.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.getValue()::get, c.getKey());
            assertEquals(c.getKey(), e.getMessage());
        }
    }

    @Test
    void badSavedSchedulesAreReported() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> Optimizers.fromConfig(
                        "sgd", Map.of("learning_rate", Map.of("class_name", "PolynomialDecay", "config", Map.of()))));
        assertTrue(
                e.getMessage().contains("unknown learning-rate schedule 'PolynomialDecay'")
                        && e.getMessage().contains("CosineDecay"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Optimizers.fromConfig("adam", Map.of("clipnorm", 1, "clipvalue", 1)));
        assertTrue(e.getMessage().contains("only one"), e.getMessage());
    }
}
