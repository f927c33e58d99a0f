package nabla.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.nn.Parameter;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/**
 * Losses from logits (automatic fusion with softmax and sigmoid outputs, the from_logits option), sample and class
 * weights against double-precision references written here from the formulas, and custom losses by name.
 */
class LossLogitsAndWeightsTest {
    private static final int B = 6, IN = 5, C = 4;
    private final NDArray x = NDArray.uniform(Shape.of(B, IN), -2, 2, new Rng(1));
    private final NDArray labels = NDArray.of(new float[] {0, 3, 1, 2, 2, 0}, B);
    private final NDArray oneHot = oneHot(labels, C);
    private final NDArray w = NDArray.of(new float[] {0.5f, 2f, 0f, 1f, 3f, 0.25f}, B);

    private static NDArray oneHot(NDArray labels, int classes) {
        NDArray y = NDArray.zeros(labels.size(), classes);
        for (int i = 0; i < labels.size(); i++) y.set(1f, i, (int) labels.get(i));
        return y;
    }

    /** A built dense layer with random kernel and bias (the bias nonzero), weights copied from {@code from} if given. */
    private static Dense dense(int units, Activation act, Dense from) {
        Dense d = new Dense(units, act);
        d.build(Shape.of(IN));
        Rng rng = new Rng(5);
        for (int i = 0; i < d.parameters().size(); i++) {
            Parameter p = d.parameters().get(i);
            p.value().assign(from != null ? from.parameters().get(i).value() : NDArray.uniform(p.shape(), -1, 1, rng));
        }
        return d;
    }

    private static int bits(Tensor t) {
        return Float.floatToIntBits(t.item());
    }

    private static NDArray kernelGrad(Dense d, Function<Dense, Tensor> loss) {
        for (Parameter p : d.parameters()) p.zeroGrad();
        loss.apply(d).backward();
        return d.parameters().get(0).grad().copy();
    }

    // ---------------------------------------------------------------- from logits

    @Test
    void softmaxDenseOutputFusesAutomatically() {
        Dense soft = dense(C, Activation.SOFTMAX, null);
        for (Loss loss : List.of(new SparseCategoricalCrossEntropy(), new CategoricalCrossEntropy())) {
            NDArray y = loss instanceof SparseCategoricalCrossEntropy ? labels : oneHot;
            Tensor out = soft.apply(Tensor.of(x), true);
            assertSame(Activation.SOFTMAX, out.logitsActivation());
            Tensor logits = logitsOf(soft, x);
            assertEquals(bits(loss.fromLogits(y, logits)), bits(loss.compute(y, out)), loss.name());
            NDArray auto = kernelGrad(soft, d -> loss.compute(y, d.apply(Tensor.of(x), true)));
            NDArray fused = kernelGrad(soft, d -> loss.fromLogits(y, logitsOf(d, x)));
            assertArrayEquals(fused.toArray(), auto.toArray(), 0f, loss.name());
        }
    }

    @Test
    void sigmoidDenseAndActivationLayerFuseAutomatically() {
        Dense sig = dense(1, Activation.SIGMOID, null);
        NDArray y = NDArray.uniform(Shape.of(B, 1), 0, 1, new Rng(2)).gt(0.5f);
        BinaryCrossEntropy bce = new BinaryCrossEntropy();
        Tensor out = sig.apply(Tensor.of(x), true);
        assertEquals(bits(bce.fromLogits(y, logitsOf(sig, x))), bits(bce.compute(y, out)));
        NDArray auto = kernelGrad(sig, d -> bce.compute(y, d.apply(Tensor.of(x), true)));
        NDArray fused = kernelGrad(sig, d -> bce.fromLogits(y, logitsOf(d, x)));
        assertArrayEquals(fused.toArray(), auto.toArray(), 0f);
        // an Activation layer after a linear one: its input is the logits
        Dense lin = dense(C, Activation.LINEAR, null);
        Tensor z = lin.apply(Tensor.of(x), true);
        Tensor p = new ActivationLayer(Activation.SOFTMAX).apply(z, true);
        assertSame(z, p.logits());
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy();
        assertEquals(bits(cce.fromLogits(oneHot, z)), bits(cce.compute(oneHot, p)));
    }

    @Test
    void fromLogitsOnALinearDenseEqualsFusionOnASoftmaxDense() {
        Dense soft = dense(C, Activation.SOFTMAX, null), lin = dense(C, Activation.LINEAR, soft);
        Dense sig = dense(1, Activation.SIGMOID, null), lin1 = dense(1, Activation.LINEAR, sig);
        NDArray y1 = NDArray.uniform(Shape.of(B, 1), 0, 1, new Rng(2));
        Tensor ps = soft.apply(Tensor.of(x), true), zs = lin.apply(Tensor.of(x), true);
        assertEquals(
                bits(new CategoricalCrossEntropy().compute(oneHot, ps)),
                bits(new CategoricalCrossEntropy(true).compute(oneHot, zs)));
        assertEquals(
                bits(new SparseCategoricalCrossEntropy().compute(labels, ps)),
                bits(new SparseCategoricalCrossEntropy(true).compute(labels, zs)));
        assertEquals(
                bits(new BinaryCrossEntropy().compute(y1, sig.apply(Tensor.of(x), true))),
                bits(new BinaryCrossEntropy(true).compute(y1, lin1.apply(Tensor.of(x), true))));
        // and with sample weights
        assertEquals(
                bits(new SparseCategoricalCrossEntropy().compute(labels, ps, w)),
                bits(new SparseCategoricalCrossEntropy(true).compute(labels, zs, w)));
    }

    @Test
    void probabilitiesWithoutLogitsAreClippedAsKeras() {
        NDArray big = NDArray.of(new float[][] {{1000, 0, -1000}});
        NDArray y = NDArray.of(new float[][] {{0, 0, 1}});
        Tensor p = Tensor.of(big).softmax(-1);
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy();
        assertEquals(2000f, cce.compute(y, p).item(), 1e-2); // from the logits: exact
        assertEquals(-Math.log(1e-7), cce.compute(y, p.detach()).item(), 1e-3); // from the clipped probability
        assertEquals(
                2000f,
                new CategoricalCrossEntropy(true).compute(y, Tensor.of(big)).item(),
                1e-2);
        // a loss that does not fuse takes the probabilities as they are
        MeanSquaredError mse = new MeanSquaredError();
        assertEquals(bits(mse.compute(y, p.detach())), bits(mse.compute(y, p)));
        // a softmax output under sigmoid cross-entropy is not fused
        assertEquals(
                bits(new BinaryCrossEntropy().compute(y, p.detach())), bits(new BinaryCrossEntropy().compute(y, p)));
    }

    @Test
    void softmaxOverStepsFusesRowByRow() {
        NDArray z = NDArray.uniform(Shape.of(2, 3, C), -3, 3, new Rng(4));
        NDArray y = NDArray.zeros(2, 3, C);
        for (int i = 0; i < 6; i++) y.set(1f, i / 3, i % 3, (i * 7) % C);
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy();
        Tensor p = Tensor.of(z).softmax(-1);
        assertEquals(cce.compute(y, p.detach()).item(), cce.compute(y, p).item(), 1e-5);
        NDArray sw = NDArray.of(new float[] {2, 0.5f}, 2);
        assertEquals(
                cce.compute(y, p.detach(), sw).item(), cce.compute(y, p, sw).item(), 1e-5);
    }

    @Test
    void fromLogitsIsSavedAndRead() {
        for (Loss loss : List.of(
                new CategoricalCrossEntropy(true),
                new SparseCategoricalCrossEntropy(true),
                new BinaryCrossEntropy(true))) {
            assertEquals(Map.of("from_logits", true), loss.config());
            Loss back = Loss.fromConfig(loss.name(), loss.config());
            assertSame(loss.getClass(), back.getClass());
            assertTrue(back.fromLogits(), loss.name());
            assertFalse(Loss.byName(loss.name()).fromLogits());
            assertEquals(Map.of(), Loss.byName(loss.name()).config());
            assertFalse(
                    Loss.fromConfig(loss.name(), Map.of("from_logits", false)).fromLogits());
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> Loss.fromConfig(loss.name(), Map.of("from_logits", "yes")));
            assertTrue(e.getMessage().contains("from_logits must be a boolean"), e.getMessage());
        }
        assertFalse(new MeanSquaredError().fromLogits());
        assertThrows(IllegalArgumentException.class, () -> Loss.fromConfig("mse", Map.of("from_logits", true)));
    }

    // ---------------------------------------------------------------- sample weights

    /** Σ_i w_i · (mean over sample i's elements of f(target, prediction)) / batch, in double. */
    private static double reference(NDArray y, NDArray p, NDArray w, java.util.function.DoubleBinaryOperator f) {
        int batch = p.dim(0), per = p.size() / batch;
        float[] yd = y.toArray(), pd = p.toArray();
        double total = 0;
        for (int i = 0; i < batch; i++) {
            double s = 0;
            for (int j = 0; j < per; j++) s += f.applyAsDouble(yd[i * per + j], pd[i * per + j]);
            total += (w == null ? 1 : w.get(i)) * s / per;
        }
        return total / batch;
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, 1e-7), 1 - 1e-7);
    }

    @Test
    void weightedElementwiseLossesMatchTheFormula() {
        for (Shape shape : List.of(Shape.of(B, 3), Shape.of(B, 2, 3), Shape.of(B))) {
            NDArray y = NDArray.uniform(shape, -2, 2, new Rng(6));
            NDArray p = NDArray.uniform(shape, -2, 2, new Rng(7));
            NDArray q = NDArray.uniform(shape, 0.05f, 0.95f, new Rng(8)), t = NDArray.uniform(shape, 0, 1, new Rng(9));
            assertEquals(
                    reference(y, p, w, (a, b) -> (b - a) * (b - a)),
                    new MeanSquaredError().compute(y, Tensor.of(p), w).item(),
                    1e-5,
                    "mse " + shape);
            assertEquals(
                    reference(y, p, w, (a, b) -> Math.abs(b - a)),
                    new MeanAbsoluteError().compute(y, Tensor.of(p), w).item(),
                    1e-5,
                    "mae " + shape);
            assertEquals(
                    reference(
                            y,
                            p,
                            w,
                            (a, b) ->
                                    Math.abs(b - a) <= 0.5 ? 0.5 * (b - a) * (b - a) : 0.5 * (Math.abs(b - a) - 0.25)),
                    new Huber(0.5f).compute(y, Tensor.of(p), w).item(),
                    1e-5,
                    "huber " + shape);
            assertEquals(
                    reference(t, q, w, (a, b) -> -(a * Math.log(clip(b)) + (1 - a) * Math.log(1 - clip(b)))),
                    new BinaryCrossEntropy().compute(t, Tensor.of(q), w).item(),
                    1e-5,
                    "bce " + shape);
            // from logits, with a scale reference of the same formula
            assertEquals(
                    reference(
                            t,
                            p,
                            w,
                            (a, b) -> -(a * Math.log(1 / (1 + Math.exp(-b)))
                                    + (1 - a) * Math.log(1 - 1 / (1 + Math.exp(-b))))),
                    new BinaryCrossEntropy(true).compute(t, Tensor.of(p), w).item(),
                    1e-5,
                    "bce from logits " + shape);
        }
    }

    @Test
    void weightedCrossEntropiesMatchTheFormula() {
        NDArray z = NDArray.uniform(Shape.of(B, C), -3, 3, new Rng(10));
        NDArray probs = Tensor.of(z).softmax(-1).value();
        double expectedLogits = 0, expectedClipped = 0;
        for (int i = 0; i < B; i++) {
            int c = (int) labels.get(i);
            double m = Double.NEGATIVE_INFINITY, s = 0;
            for (int j = 0; j < C; j++) m = Math.max(m, z.get(i, j));
            for (int j = 0; j < C; j++) s += Math.exp(z.get(i, j) - m);
            expectedLogits += w.get(i) * (m + Math.log(s) - z.get(i, c));
            expectedClipped += w.get(i) * -Math.log(clip(probs.get(i, c)));
        }
        expectedLogits /= B;
        expectedClipped /= B;
        Tensor p = Tensor.of(z).softmax(-1);
        assertEquals(
                expectedLogits,
                new SparseCategoricalCrossEntropy().compute(labels, p, w).item(),
                1e-5);
        assertEquals(
                expectedLogits,
                new CategoricalCrossEntropy().compute(oneHot, p, w).item(),
                1e-5);
        assertEquals(
                expectedLogits,
                new SparseCategoricalCrossEntropy(true)
                        .compute(labels, Tensor.of(z), w)
                        .item(),
                1e-5);
        assertEquals(
                expectedLogits,
                new CategoricalCrossEntropy(true)
                        .compute(oneHot, Tensor.of(z), w)
                        .item(),
                1e-5);
        assertEquals(
                expectedClipped,
                new SparseCategoricalCrossEntropy()
                        .compute(labels, Tensor.of(probs), w)
                        .item(),
                1e-5);
        assertEquals(
                expectedClipped,
                new CategoricalCrossEntropy()
                        .compute(oneHot, Tensor.of(probs), w)
                        .item(),
                1e-5);
        // (batch, 1) weights are the same weights
        assertEquals(
                bits(new CategoricalCrossEntropy().compute(oneHot, p, w)),
                bits(new CategoricalCrossEntropy().compute(oneHot, p, w.reshape(B, 1))));
    }

    @Test
    void weightsOfOneAndNullAreTheUnweightedLossBitForBit() {
        NDArray ones = NDArray.ones(B);
        NDArray z = NDArray.uniform(Shape.of(B, C), -3, 3, new Rng(10));
        NDArray y3 = NDArray.uniform(Shape.of(B, 2, 3), -2, 2, new Rng(6)),
                p3 = NDArray.uniform(Shape.of(B, 2, 3), -2, 2, new Rng(7));
        NDArray q = NDArray.uniform(Shape.of(B, 2), 0.05f, 0.95f, new Rng(8)),
                t = NDArray.uniform(Shape.of(B, 2), 0, 1, new Rng(9));
        Tensor fused = Tensor.of(z).softmax(-1), probs = fused.detach();
        Object[][] cases = {
            {new MeanSquaredError(), y3, Tensor.of(p3)},
            {new MeanAbsoluteError(), y3, Tensor.of(p3)},
            {new Huber(), y3, Tensor.of(p3)},
            {new BinaryCrossEntropy(), t, Tensor.of(q)},
            {new BinaryCrossEntropy(), t, Tensor.of(q).sigmoid()},
            {new BinaryCrossEntropy(true), t, Tensor.of(q)},
            {new CategoricalCrossEntropy(), oneHot, probs},
            {new CategoricalCrossEntropy(), oneHot, fused},
            {new CategoricalCrossEntropy(true), oneHot, Tensor.of(z)},
            {new SparseCategoricalCrossEntropy(), labels, probs},
            {new SparseCategoricalCrossEntropy(), labels, fused},
            {new SparseCategoricalCrossEntropy(true), labels, Tensor.of(z)},
        };
        for (Object[] c : cases) {
            Loss loss = (Loss) c[0];
            NDArray y = (NDArray) c[1];
            Tensor p = (Tensor) c[2];
            int plain = bits(loss.compute(y, p));
            assertEquals(plain, bits(loss.compute(y, p, ones)), loss + " " + loss.config() + " " + p.shape());
            assertEquals(plain, bits(loss.compute(y, p, null)), loss.name());
        }
    }

    @Test
    void weightedGradientsFollowTheWeights() {
        // d(weighted loss)/d(pred) of sample i is w_i times the unweighted per-batch gradient of that sample
        NDArray y = NDArray.uniform(Shape.of(B, 3), -2, 2, new Rng(6));
        Tensor p1 = Tensor.param(NDArray.uniform(Shape.of(B, 3), -2, 2, new Rng(7))),
                p2 = Tensor.param(p1.value().copy());
        new MeanSquaredError().compute(y, p1).backward();
        new MeanSquaredError().compute(y, p2, w).backward();
        for (int i = 0; i < B; i++)
            for (int j = 0; j < 3; j++)
                assertEquals(w.get(i) * p1.grad().get(i, j), p2.grad().get(i, j), 1e-6);
    }

    @Test
    void badSampleWeightsAreErrors() {
        Tensor p = Tensor.of(NDArray.uniform(Shape.of(B, 3), 0, 1, new Rng(1)));
        NDArray y = NDArray.zeros(B, 3);
        MeanSquaredError mse = new MeanSquaredError();
        for (NDArray bad : List.of(NDArray.ones(B - 1), NDArray.ones(B, 3), NDArray.scalar(1f))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mse.compute(y, p, bad));
            assertTrue(
                    e.getMessage().contains(bad.shape().toString())
                            && e.getMessage().contains("(6, 3)"),
                    e.getMessage());
        }
        NDArray negative = NDArray.of(new float[] {1, 1, 1, -0.5f, 1, 1}, B);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mse.compute(y, p, negative));
        assertTrue(e.getMessage().contains("-0.5") && e.getMessage().contains("at row 3"), e.getMessage());
        NDArray inf = NDArray.of(new float[] {1, Float.POSITIVE_INFINITY, 1, 1, 1, 1}, B);
        assertThrows(IllegalArgumentException.class, () -> mse.compute(y, p, inf));
        NDArray nan = NDArray.of(new float[] {1, 1, Float.NaN, 1, 1, 1}, B);
        assertThrows(
                IllegalArgumentException.class,
                () -> new CategoricalCrossEntropy(true).compute(oneHot.slice(1, 0, 3), p, nan));
    }

    // ---------------------------------------------------------------- class weights

    @Test
    void classWeightsAsKeras() {
        Map<Integer, Float> cw = Map.of(0, 2f, 2, 0.5f); // class 1 and 3 missing: weight 1
        float[] expected = {2, 1, 1, 0.5f, 0.5f, 2};
        assertArrayEquals(expected, Loss.classWeights(labels, cw).toArray());
        assertEquals(Shape.of(B), Loss.classWeights(labels, cw).shape());
        assertArrayEquals(expected, Loss.classWeights(labels.reshape(B, 1), cw).toArray());
        assertArrayEquals(expected, Loss.classWeights(oneHot, cw).toArray());
        // binary 0/1 labels
        assertArrayEquals(
                new float[] {3, 1, 3},
                Loss.classWeights(NDArray.of(new float[] {1, 0, 1}, 3, 1), Map.of(1, 3f))
                        .toArray());
        // the weights go to compute
        Tensor p =
                Tensor.of(NDArray.uniform(Shape.of(B, C), -3, 3, new Rng(10))).softmax(-1);
        SparseCategoricalCrossEntropy scce = new SparseCategoricalCrossEntropy();
        assertEquals(
                bits(scce.compute(labels, p, NDArray.of(expected, B))),
                bits(scce.compute(labels, p, Loss.classWeights(labels, cw))));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Loss.classWeights(NDArray.of(new float[] {0, 1.5f, 2}, 3), cw));
        assertTrue(e.getMessage().contains("label 1.5") && e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> Loss.classWeights(NDArray.of(new float[] {0, -1}, 2), cw));
        assertTrue(e.getMessage().contains("label -1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.classWeights(labels, Map.of(1, -2f)));
        assertTrue(e.getMessage().contains("-2.0") && e.getMessage().contains("class 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.classWeights(NDArray.zeros(2, 2, 2), cw));
    }

    // ---------------------------------------------------------------- custom losses

    /** A scaled mean squared error: overrides perSample only. */
    static final class ScaledMse extends Loss {
        final float scale;

        ScaledMse(float scale) {
            this.scale = scale;
        }

        @Override
        protected Tensor perSample(NDArray yTrue, Tensor yPred) {
            Tensor d = yPred.sub(Tensor.of(yTrue));
            return d.mul(d).mean(false, 1).mul(scale);
        }

        @Override
        public String name() {
            return "test_scaled_mse";
        }

        @Override
        public Map<String, Object> config() {
            return Map.of("scale", (double) scale);
        }
    }

    /** The mean of |d|³: overrides call only. */
    static final class CubedError extends Loss {
        @Override
        protected Tensor call(NDArray yTrue, Tensor yPred) {
            Tensor a = yPred.sub(Tensor.of(yTrue)).abs();
            return a.mul(a).mul(a).mean();
        }

        @Override
        public String name() {
            return "test_cubed_error";
        }
    }

    @Test
    void customLossesRoundTripByName() {
        Function<Map<String, Object>, Loss> factory = c -> {
            Object s = c.getOrDefault("scale", 1.0);
            if (!(s instanceof Number n)) throw new IllegalArgumentException("scale must be a number");
            return new ScaledMse(n.floatValue());
        };
        Loss.register("test_scaled_mse", factory);
        Loss.register("test_scaled_mse", factory); // the same factory again: nothing happens
        Loss loss = new ScaledMse(2.5f);
        Loss back = Loss.fromConfig(loss.name(), loss.config());
        assertTrue(back instanceof ScaledMse s && s.scale == 2.5f);
        assertEquals(1f, ((ScaledMse) Loss.byName("test_scaled_mse")).scale);
        NDArray y = NDArray.uniform(Shape.of(B, 3), -2, 2, new Rng(6)),
                p = NDArray.uniform(Shape.of(B, 3), -2, 2, new Rng(7));
        assertEquals(bits(loss.compute(y, Tensor.of(p))), bits(back.compute(y, Tensor.of(p))));
        assertEquals(
                2.5 * reference(y, p, null, (a, b) -> (b - a) * (b - a)),
                loss.compute(y, Tensor.of(p)).item(),
                1e-5);
        assertEquals(
                2.5 * reference(y, p, w, (a, b) -> (b - a) * (b - a)),
                loss.compute(y, Tensor.of(p), w).item(),
                1e-5);
        // a loss overriding call only gets its per-sample form sample by sample
        Loss cubed = new CubedError();
        assertEquals(
                reference(y, p, w, (a, b) -> Math.pow(Math.abs(b - a), 3)),
                cubed.compute(y, Tensor.of(p), w).item(),
                1e-5);
        Tensor param = Tensor.param(p.copy());
        cubed.compute(y, param, w).backward();
        assertEquals(0f, param.grad().get(2, 0)); // sample 2 weighs 0

        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Loss.register("test_scaled_mse", c -> new ScaledMse(1)));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Loss.register("mse", c -> new ScaledMse(1)));
        assertTrue(e.getMessage().contains("built-in"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.register("huber_loss", c -> new ScaledMse(1)));
    }

    @Test
    void anUnregisteredNameSaysHowToRegister() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Loss.fromConfig("test_not_registered", Map.of()));
        assertTrue(
                e.getMessage().contains("unknown loss 'test_not_registered'")
                        && e.getMessage().contains("sparse_categorical_crossentropy")
                        && e.getMessage().contains("Loss.register"),
                e.getMessage());
        Loss neither = new Loss() {
            @Override
            public String name() {
                return "neither";
            }
        };
        UnsupportedOperationException u = assertThrows(
                UnsupportedOperationException.class,
                () -> neither.compute(NDArray.zeros(2), Tensor.of(NDArray.zeros(2))));
        assertTrue(u.getMessage().contains("call or perSample"), u.getMessage());
        assertNotEquals(null, u.getMessage());
    }

    /** The Dense layer's pre-activation output, computed from its weights (what the fused loss must see). */
    private static Tensor logitsOf(Dense d, NDArray x) {
        List<nabla.nn.Parameter> p = d.parameters();
        return nabla.autograd.NNOps.linear(
                Tensor.of(x), p.get(0).tensor(), p.size() > 1 ? p.get(1).tensor() : null);
    }
}
