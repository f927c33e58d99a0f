package nabla.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nabla.autograd.Activation;
import nabla.autograd.NNOps;
import nabla.autograd.Tensor;
import nabla.internal.Json;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * {@link Optimizer#applyGradients}, {@link Optimizer#minimize} and gradient accumulation: against {@link
 * Optimizer#step}, and k accumulated batches against one batch k times larger.
 */
class OptimizerGradientsTest {
    private static final NDArray X = NDArray.uniform(Shape.of(32, 3), -1f, 1f, new Rng(1));
    private static final NDArray Y = NDArray.uniform(Shape.of(32, 2), -1f, 1f, new Rng(2));

    /** A dense layer 3 → 2 with fixed initial weights (a fresh copy on every call). */
    private static List<Parameter> model() {
        return List.of(
                new Parameter("kernel", NDArray.uniform(Shape.of(3, 2), -1f, 1f, new Rng(3)), true),
                new Parameter("bias", NDArray.uniform(Shape.of(2), -1f, 1f, new Rng(4)), true));
    }

    /** Mean squared error of the dense layer on rows [from, to) of the data. */
    private static Tensor loss(List<Parameter> m, int from, int to) {
        Tensor x = Tensor.of(X.slice(0, from, to, 1).copy()),
                y = Tensor.of(Y.slice(0, from, to, 1).copy());
        return NNOps.linear(x, m.get(0).tensor(), m.get(1).tensor(), Activation.TANH)
                .sub(y)
                .pow(2f)
                .mean();
    }

    private static void backwardStep(Optimizer o, List<Parameter> m, int from, int to) {
        Optimizer.zeroGrad(m);
        loss(m, from, to).backward();
        o.step(m);
    }

    private static List<float[]> values(List<Parameter> m) {
        List<float[]> v = new ArrayList<>();
        for (Parameter p : m) v.add(p.value().toArray());
        return v;
    }

    private static void assertBitEqual(List<Parameter> expected, List<Parameter> actual, String what) {
        for (int i = 0; i < expected.size(); i++)
            assertArrayEquals(
                    expected.get(i).value().toArray(), actual.get(i).value().toArray(), 0f, what);
    }

    private static final List<Supplier<Optimizer>> CONFIGS = List.of(
            () -> new SGD(0.1f, 0.9f, true),
            () -> new Adam(1e-2f).withGlobalClipNorm(0.05f),
            () -> new RMSprop(1e-2f, 0.9f, 0.5f, 1e-7f, true).withClipNorm(0.02f),
            () -> new Nadam(1e-2f).withWeightDecay(0.01f),
            () -> new Adagrad(0.1f).withClipValue(0.01f),
            () -> new AdamW(1e-2f).withSchedule(s -> 0.01f / (1 + s)));

    @Test
    void applyGradientsIsStepBitForBitAndLeavesTheGivenArrays() {
        for (Supplier<Optimizer> config : CONFIGS) {
            Optimizer a = config.get(), b = config.get();
            List<Parameter> ma = model(), mb = model();
            for (int s = 0; s < 4; s++) {
                backwardStep(a, ma, 0, 32);
                List<NDArray> g = Parameter.gradients(loss(mb, 0, 32), mb);
                List<float[]> given = new ArrayList<>();
                for (NDArray x : g) given.add(x.toArray());
                b.applyGradients(mb, g);
                assertBitEqual(ma, mb, a + " step " + s);
                for (int i = 0; i < g.size(); i++)
                    assertArrayEquals(given.get(i), g.get(i).toArray(), 0f, "the given gradients are not changed");
                assertNull(mb.get(0).grad());
            }
            assertEquals(a.iterations(), b.iterations());
        }
    }

    @Test
    void applyGradientsChecksSizesAndShapesAndSkipsNullAndFrozen() {
        List<Parameter> m = model();
        Optimizer o = new SGD(0.1f);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> o.applyGradients(m, List.of(NDArray.zeros(3, 2))));
        assertTrue(e.getMessage().contains("2 parameters and 1 gradients"), e.getMessage());
        List<NDArray> wrong = List.of(NDArray.zeros(3, 2), NDArray.zeros(3));
        e = assertThrows(IllegalArgumentException.class, () -> o.applyGradients(m, wrong));
        assertTrue(
                e.getMessage().contains("'bias'")
                        && e.getMessage().contains("(3,)")
                        && e.getMessage().contains("(2,)"),
                e.getMessage());
        assertEquals(0, o.iterations());

        List<float[]> before = values(m);
        m.get(0).setTrainable(false);
        List<NDArray> g = new ArrayList<>();
        g.add(NDArray.ones(3, 2));
        g.add(null);
        o.applyGradients(m, g);
        assertArrayEquals(before.get(0), m.get(0).value().toArray(), 0f);
        assertArrayEquals(before.get(1), m.get(1).value().toArray(), 0f);
        assertEquals(1, o.iterations());
        // a gradient in any layout
        m.get(0).setTrainable(true);
        o.applyGradients(m, List.of(NDArray.ones(2, 3).transpose(), NDArray.ones(2)));
        assertEquals(before.get(0)[0] - 0.1f, m.get(0).value().get(0, 0), 0f);
    }

    @Test
    void minimizeDecreasesAQuadraticAndLeavesTheGradients() {
        Parameter w = new Parameter("w", NDArray.of(new float[] {3f, -1f, 0.5f}), true);
        Tensor target = Tensor.of(NDArray.of(new float[] {1f, 2f, -2f}));
        Optimizer o = new SGD(0.1f);
        float previous = Float.POSITIVE_INFINITY;
        for (int s = 0; s < 30; s++) {
            float l = o.minimize(w.tensor().sub(target).pow(2f).sum(), List.of(w));
            assertTrue(l < previous, "step " + s + ": " + l + " after " + previous);
            previous = l;
            assertNull(w.grad());
        }
        assertTrue(previous < 1e-4f, "loss " + previous);
        assertEquals(30, o.iterations());
    }

    @Test
    void minimizeIsBackwardAndStepBitForBit() {
        for (Supplier<Optimizer> config : CONFIGS) {
            Optimizer a = config.get(), b = config.get();
            List<Parameter> ma = model(), mb = model();
            Parameter unusedA = new Parameter("unused", NDArray.ones(2), true);
            Parameter unusedB = new Parameter("unused", NDArray.ones(2), true);
            List<Parameter> la = List.of(ma.get(0), ma.get(1), unusedA);
            List<Parameter> lb = List.of(mb.get(0), mb.get(1), unusedB);
            for (int s = 0; s < 3; s++) {
                Optimizer.zeroGrad(la);
                loss(ma, 0, 32).backward();
                a.step(la);
                b.minimize(loss(mb, 0, 32), lb);
                assertBitEqual(la, lb, a + " step " + s);
            }
            assertEquals(1f, unusedB.value().get(0), 0f, "a parameter the loss does not depend on is skipped");
        }
    }

    /** k = 4 accumulated batches of 8 against one step on the batch of 32, over three updates. */
    private static void accumulationMatchesTheLargerBatch(Supplier<Optimizer> config, boolean viaApplyGradients) {
        Optimizer big = config.get(), acc = config.get().withGradientAccumulation(4);
        assertEquals(4, acc.gradientAccumulationSteps());
        List<Parameter> mBig = model(), mAcc = model();
        for (int u = 0; u < 3; u++) {
            backwardStep(big, mBig, 0, 32);
            for (int j = 0; j < 4; j++) {
                List<float[]> before = values(mAcc);
                if (viaApplyGradients)
                    acc.applyGradients(mAcc, Parameter.gradients(loss(mAcc, 8 * j, 8 * j + 8), mAcc));
                else backwardStep(acc, mAcc, 8 * j, 8 * j + 8);
                if (j < 3) {
                    for (int i = 0; i < mAcc.size(); i++)
                        assertArrayEquals(before.get(i), mAcc.get(i).value().toArray(), 0f, "call " + j);
                    assertEquals(u, acc.iterations());
                } else assertEquals(u + 1, acc.iterations());
            }
            for (int i = 0; i < mBig.size(); i++) {
                float[] e = mBig.get(i).value().toArray(),
                        a = mAcc.get(i).value().toArray();
                for (int k = 0; k < e.length; k++)
                    assertEquals(e[k], a[k], 1e-6 * Math.abs(e[k]), big + " update " + u + " weight " + i);
            }
        }
    }

    @Test
    void accumulatingFourBatchesOfEightIsOneStepOnThirtyTwo() {
        accumulationMatchesTheLargerBatch(() -> new SGD(0.1f, 0.9f), false);
        accumulationMatchesTheLargerBatch(() -> new SGD(0.1f), true);
        accumulationMatchesTheLargerBatch(() -> new Adam(1e-2f), false);
        accumulationMatchesTheLargerBatch(() -> new Adam(1e-2f).withGlobalClipNorm(0.05f), true);
    }

    @Test
    void accumulatedGradientsAreSavedAndRestoredWithTheState() {
        Optimizer a = new Adam(1e-2f).withGradientAccumulation(3);
        List<Parameter> ma = model();
        for (int c = 0; c < 4; c++) backwardStep(a, ma, 8 * c, 8 * c + 8); // one update, one gradient accumulated
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Parameter p : ma) names.put(p.name(), p);
        OptimizerState state = a.state(names);
        assertEquals(1, state.accumulatedSteps());
        assertEquals(1, state.iterations());
        assertEquals(3, state.slots().get("kernel").size(), "m, v and the accumulated gradient");

        List<Parameter> mb = model();
        for (int i = 0; i < mb.size(); i++) mb.get(i).value().assign(ma.get(i).value());
        Map<String, Parameter> namesB = new LinkedHashMap<>();
        for (Parameter p : mb) namesB.put(p.name(), p);
        Optimizer b = new Adam(1e-2f).withGradientAccumulation(3);
        b.loadState(state, namesB);
        for (int c = 4; c < 9; c++) {
            backwardStep(a, ma, 8 * (c % 4), 8 * (c % 4) + 8);
            backwardStep(b, mb, 8 * (c % 4), 8 * (c % 4) + 8);
            assertBitEqual(ma, mb, "call " + c);
        }
        assertEquals(3, b.iterations());

        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Adam(1e-2f).loadState(state, namesB));
        assertTrue(e.getMessage().contains("accumulat"), e.getMessage());
        OptimizerState plain = new Adam(1e-2f).state(namesB);
        assertEquals(0, plain.accumulatedSteps());
    }

    @Test
    void gradientAccumulationIsPartOfTheConfig() throws Json.SyntaxException {
        Optimizer o = new Adam(1e-3f).withClipNorm(1f).withGradientAccumulation(4);
        Map<String, Object> c = o.config();
        assertEquals(4, c.get("gradient_accumulation_steps"));
        Optimizer back = Optimizers.fromConfig("adam", c);
        assertEquals(4, back.gradientAccumulationSteps());
        assertEquals(1f, back.clipNorm());
        assertEquals(c, back.config());
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.text(c)); // as a model file stores it
        assertEquals(4, Optimizers.fromConfig("adam", json).gradientAccumulationSteps());
        assertTrue(o.toString().contains("gradient_accumulation_steps=4"), o.toString());
        assertTrue(!new Adam().config().containsKey("gradient_accumulation_steps"));
        Map<String, Object> keras = new LinkedHashMap<>(new Adam().config());
        keras.put("gradient_accumulation_steps", null); // Keras saves None when off
        assertEquals(1, Optimizers.fromConfig("adam", keras).gradientAccumulationSteps());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new SGD(0.1f).withGradientAccumulation(0));
        assertTrue(e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void aStepThatThrowsChangesNothingAndIsNotCounted() {
        List<Parameter> m = model();
        Optimizer.zeroGrad(m);
        loss(m, 0, 32).backward();
        List<float[]> before = values(m);

        Optimizer nan = new SGD(0.1f, 0.9f).withSchedule(s -> Float.NaN);
        assertThrows(IllegalStateException.class, () -> nan.step(m));
        assertEquals(0, nan.iterations());

        Parameter transposed = new Parameter("t", NDArray.ones(2, 3).transpose(), true);
        transposed.tensor().mul(2f).sum().backward();
        List<Parameter> withBad = List.of(m.get(0), m.get(1), transposed);
        Optimizer sgd = new SGD(0.1f, 0.9f).withWeightDecay(0.1f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.step(withBad));
        assertTrue(e.getMessage().contains("'t'") && e.getMessage().contains("contiguous"), e.getMessage());
        assertEquals(0, sgd.iterations());
        for (int i = 0; i < m.size(); i++)
            assertArrayEquals(before.get(i), m.get(i).value().toArray(), 0f);
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Parameter p : m) names.put(p.name(), p);
        assertTrue(sgd.state(names).slots().isEmpty(), "no slots were made");

        // with accumulation: a failed call adds nothing to the accumulators
        Parameter w = new Parameter("w", NDArray.of(new float[] {1f}), true);
        Optimizer acc = new SGD(1f).withGradientAccumulation(2);
        acc.applyGradients(List.of(w), List.of(NDArray.of(new float[] {2f})));
        assertThrows(
                IllegalStateException.class,
                () -> acc.applyGradients(
                        List.of(w, transposed), List.of(NDArray.of(new float[] {100f}), NDArray.ones(3, 2))));
        assertEquals(1f, w.value().get(0), 0f);
        acc.applyGradients(List.of(w), List.of(NDArray.of(new float[] {4f})));
        assertEquals(1f - 3f, w.value().get(0), 0f); // the mean of 2 and 4
        assertEquals(1, acc.iterations());
    }
}
