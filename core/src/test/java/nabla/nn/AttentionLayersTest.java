package nabla.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import nabla.autograd.Activation;
import nabla.autograd.GradCheck;
import nabla.autograd.Tensor;
import nabla.io.LayerRegistry;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.activation.Softmax;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.core.RepeatVector;
import nabla.nn.merge.Dot;
import nabla.nn.normalization.LayerNormalization;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first layers for attention and Transformers (issue 15): RepeatVector, Softmax, Dot; LayerNormalization. */
class AttentionLayersTest {
    @TempDir
    Path dir;

    private static NDArray u(long seed, int... dims) {
        return NDArray.uniform(Shape.of(dims), -1, 1, new Rng(seed));
    }

    @Test
    void repeatVectorCopiesEachSampleAndSumsTheGradientOverTheCopies() {
        RepeatVector rv = new RepeatVector(3);
        NDArray x = u(1, 2, 4);
        NDArray y = rv.apply(Tensor.of(x), false).value();
        assertEquals(Shape.of(2, 3, 4), y.shape());
        for (int b = 0; b < 2; b++)
            for (int k = 0; k < 3; k++) for (int j = 0; j < 4; j++) assertEquals(x.get(b, j), y.get(b, k, j));
        assertEquals(Shape.of(3, 4), rv.outputShape(Shape.of(4)));
        GradCheck.Result r = GradCheck.check(t -> rv.apply(t[0], true), x);
        assertTrue(r.ok(), r.toString());
        Tensor in = Tensor.param(x);
        rv.apply(in, true).sum().backward();
        for (float g : in.grad().toArray()) assertEquals(3f, g);
        assertNull(rv.computeMask(Tensor.of(x), NDArray.ones(2, 4))); // masks stop here, as Keras
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new RepeatVector(2).named("rv").build(Shape.of(3, 4)));
        assertTrue(
                e.getMessage().startsWith("RepeatVector 'rv': expected input (batch, features), got (batch, 3, 4)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(0));
    }

    @Test
    void softmaxOverTheLastAxisIsTheActivationAndCarriesItsLogits() {
        NDArray x = u(2, 3, 5, 7);
        Tensor in = Tensor.of(x);
        Tensor y = new Softmax().apply(in, false);
        NDArray expected =
                new ActivationLayer(Activation.SOFTMAX).apply(in, false).value();
        assertArrayEquals(expected.toArray(), y.value().toArray(), 0f);
        assertSame(in, y.logits());
        // another axis: the softmax along it, each column summing to 1
        NDArray s1 = new Softmax(1).apply(in, false).value();
        NDArray sums = s1.sum(false, 1);
        for (float v : sums.toArray()) assertEquals(1f, v, 1e-6f);
        NDArray viaLast = new Softmax()
                .apply(Tensor.of(x.permute(0, 2, 1).contiguous()), false)
                .value()
                .permute(0, 2, 1);
        assertArrayEquals(viaLast.contiguous().toArray(), s1.toArray(), 1e-7f);
        for (int axis : new int[] {1, 2, -1, -2}) {
            Softmax s = new Softmax(axis);
            GradCheck.Result r = GradCheck.check(t -> s.apply(t[0], true), u(3, 2, 4, 6));
            assertTrue(r.ok(), "axis " + axis + ": " + r);
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new Softmax(3).named("sm").apply(in, false));
        assertTrue(
                e.getMessage().startsWith("Softmax 'sm': axis 3 is not a per-sample axis of input (batch, 5, 7)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Softmax(0));
    }

    @Test
    void softmaxHonoursAPaddingMaskAsKeras() {
        NDArray scores = u(4, 2, 5); // attention pooling: a softmax over the steps
        NDArray mask = NDArray.of(new float[] {1, 1, 1, 0, 0, 1, 0, 1, 1, 0}, 2, 5);
        Softmax sm = new Softmax();
        NDArray p = sm.apply(Tensor.of(scores), mask, false).value();
        for (int b = 0; b < 2; b++) {
            double z = 0;
            for (int s = 0; s < 5; s++) if (mask.get(b, s) != 0) z += Math.exp(scores.get(b, s));
            for (int s = 0; s < 5; s++) {
                double want = mask.get(b, s) != 0 ? Math.exp(scores.get(b, s)) / z : 0;
                assertEquals(want, p.get(b, s), 1e-6, "sample " + b + " step " + s);
            }
        }
        assertSame(mask, sm.computeMask(Tensor.of(scores), mask));
        GradCheck.Result r = GradCheck.check(t -> sm.apply(t[0], mask, true), scores);
        assertTrue(r.ok(), r.toString());
        // (batch, steps, features) over the features: a masked step is all zeros, the others untouched
        NDArray x = u(5, 2, 5, 3);
        Softmax features = new Softmax();
        NDArray q = features.apply(Tensor.of(x), mask, false).value();
        NDArray plain = features.apply(Tensor.of(x), false).value();
        for (int b = 0; b < 2; b++)
            for (int s = 0; s < 5; s++)
                for (int j = 0; j < 3; j++)
                    assertEquals(mask.get(b, s) != 0 ? plain.get(b, s, j) : 0f, q.get(b, s, j), 1e-7f);
        // over the steps of (batch, steps, features): masked steps get no weight
        NDArray w = new Softmax(1).apply(Tensor.of(x), mask, false).value();
        for (int b = 0; b < 2; b++)
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int s = 0; s < 5; s++) {
                    if (mask.get(b, s) == 0) assertEquals(0f, w.get(b, s, j));
                    sum += w.get(b, s, j);
                }
                assertEquals(1, sum, 1e-6);
            }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> features.apply(Tensor.of(x), NDArray.ones(2, 4), false));
        assertTrue(e.getMessage().contains("mask (2, 4)") && e.getMessage().contains("(2, 5, 3)"), e.getMessage());
    }

    /** Σ_k a[b, .., k, ..]·c[b, .., k, ..] written out, for the Keras cases of ranks 2 and 3. */
    private static NDArray bruteDot(NDArray a, NDArray c, int ax1, int ax2) {
        int batch = a.dim(0);
        int n = a.dim(ax1);
        int[] ra = a.rank() == 3 ? new int[] {a.dim(3 - ax1)} : new int[0];
        int[] rc = c.rank() == 3 ? new int[] {c.dim(3 - ax2)} : new int[0];
        int p = ra.length == 0 ? 1 : ra[0], q = rc.length == 0 ? 1 : rc[0];
        float[] out = new float[batch * p * q];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < p; i++)
                for (int j = 0; j < q; j++) {
                    double s = 0;
                    for (int k = 0; k < n; k++) {
                        float va = a.rank() == 2 ? a.get(b, k) : ax1 == 1 ? a.get(b, k, i) : a.get(b, i, k);
                        float vc = c.rank() == 2 ? c.get(b, k) : ax2 == 1 ? c.get(b, k, j) : c.get(b, j, k);
                        s += (double) va * vc;
                    }
                    out[(b * p + i) * q + j] = (float) s;
                }
        return NDArray.of(out, out.length);
    }

    @Test
    void dotFollowsKerasForEveryRankAndAxisAndMatchesFiniteDifferences() {
        record Case(int[] a, int[] c, int ax1, int ax2, int[] out) {}
        List<Case> cases = List.of(
                new Case(new int[] {3, 5}, new int[] {3, 5}, 1, 1, new int[] {3, 1}),
                new Case(new int[] {2, 4, 5}, new int[] {2, 6, 5}, 2, 2, new int[] {2, 4, 6}),
                new Case(new int[] {2, 5, 4}, new int[] {2, 5, 6}, 1, 1, new int[] {2, 4, 6}),
                new Case(new int[] {2, 4, 5}, new int[] {2, 5, 6}, 2, 1, new int[] {2, 4, 6}),
                new Case(new int[] {2, 5, 4}, new int[] {2, 6, 5}, 1, 2, new int[] {2, 4, 6}),
                new Case(new int[] {2, 5}, new int[] {2, 5, 6}, 1, 1, new int[] {2, 6}),
                new Case(new int[] {2, 4, 5}, new int[] {2, 5}, 2, 1, new int[] {2, 4}),
                new Case(new int[] {2, 4, 5}, new int[] {2, 5}, -1, -1, new int[] {2, 4}));
        long seed = 10;
        for (Case k : cases) {
            NDArray a = u(seed++, k.a()), c = u(seed++, k.c());
            Dot dot = new Dot(k.ax1(), k.ax2(), false);
            String what = Shape.of(k.a()) + "·" + Shape.of(k.c()) + " axes " + k.ax1() + ", " + k.ax2();
            NDArray y = dot.dot(Tensor.of(a), Tensor.of(c)).value();
            assertEquals(Shape.of(k.out()), y.shape(), what);
            assertEquals(
                    Shape.of(k.out()).dropFirst(),
                    dot.outputShape(List.of(a.shape().dropFirst(), c.shape().dropFirst())));
            int ax1 = k.ax1() < 0 ? k.ax1() + a.rank() : k.ax1(), ax2 = k.ax2() < 0 ? k.ax2() + c.rank() : k.ax2();
            assertArrayEquals(bruteDot(a, c, ax1, ax2).toArray(), y.contiguous().toArray(), 1e-5f, what);
            for (boolean normalize : new boolean[] {false, true}) {
                Dot d = new Dot(k.ax1(), k.ax2(), normalize);
                GradCheck.Result r = GradCheck.check(t -> d.dot(t[0], t[1]), a, c);
                assertTrue(r.ok(), what + (normalize ? " normalized: " : ": ") + r);
            }
        }
    }

    @Test
    void dotNormalizedIsTheCosineSimilarityAndBadShapesNameTheLayerAndBothShapes() {
        NDArray a = u(30, 4, 6), c = u(31, 4, 6);
        NDArray cos =
                new Dot(1).withNormalize(true).dot(Tensor.of(a), Tensor.of(c)).value();
        for (int b = 0; b < 4; b++) {
            double ab = 0, aa = 0, cc = 0;
            for (int j = 0; j < 6; j++) {
                ab += a.get(b, j) * c.get(b, j);
                aa += a.get(b, j) * a.get(b, j);
                cc += c.get(b, j) * c.get(b, j);
            }
            assertEquals(ab / Math.sqrt(aa * cc), cos.get(b, 0), 1e-6);
        }
        Dot d = (Dot) new Dot(2).named("scores");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> d.dot(Tensor.of(u(1, 2, 3, 4)), Tensor.of(u(2, 2, 3, 5))));
        assertTrue(
                e.getMessage()
                                .startsWith(
                                        "Dot 'scores': the contracted axes differ in size (4 on axis 2 vs 5 on axis 2)")
                        && e.getMessage().contains("(batch, 3, 4) and (batch, 3, 5)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> d.dot(Tensor.of(u(1, 2, 3, 4, 5)), Tensor.of(u(2, 2, 3, 4, 5))));
        assertTrue(e.getMessage().contains("(batch, 3, 4, 5) and (batch, 3, 4, 5)"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new Dot(3).dot(Tensor.of(u(1, 2, 4)), Tensor.of(u(2, 2, 4))));
        assertTrue(e.getMessage().contains("out of range for inputs (batch, 4) and (batch, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dot(0));
        e = assertThrows(IllegalArgumentException.class, () -> new Sequential(new Dot(1)));
        assertTrue(e.getMessage().contains("joins several inputs"), e.getMessage());
        SymbolicTensor x = Functional.input(3, 4);
        e = assertThrows(IllegalArgumentException.class, () -> Functional.call(new Dot(2), x));
        assertTrue(e.getMessage().contains("expected exactly 2 inputs, got 1"), e.getMessage());
    }

    @Test
    void theNewLayersRebuildFromTheirConfigsAndSaveAndLoadInAModel() throws Exception {
        for (Layer l : List.of(
                new LayerNormalization(),
                new LayerNormalization(1, 1e-5f, false, true),
                new RepeatVector(4),
                new Softmax(),
                new Softmax(1),
                new Dot(2),
                new Dot(1, 2, true))) {
            Layer back = LayerRegistry.fromConfig(l.type(), l.config());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.config(), back.config());
        }
        assertEquals(List.of(1, 2), new Dot(1, 2, false).config().get("axes"));
        assertEquals(2, new Dot(2).config().get("axes"));
        assertEquals(
                new Dot(2, 2, false).config(),
                LayerRegistry.fromConfig("Dot", java.util.Map.of("axes", List.of(2, 2)))
                        .config());

        // a tiny attention block: scores = softmax(q·kᵀ), out = scores·v; plus a repeated summary vector
        SymbolicTensor seq = Functional.input("seq", 5, 6), summary = Functional.input("summary", 6);
        SymbolicTensor h = seq.then(new LayerNormalization().named("ln"));
        SymbolicTensor q = h.then(new Dense(6).named("q")), k = h.then(new Dense(6).named("k"));
        SymbolicTensor scores =
                Functional.call(new Dot(2).named("qk"), q, k).getFirst().then(new Softmax().named("sm"));
        SymbolicTensor att =
                Functional.call(new Dot(2, 1, false).named("av"), scores, h).getFirst();
        SymbolicTensor rep = summary.then(new RepeatVector(5).named("rep"));
        SymbolicTensor both = Functional.add(att, rep);
        SymbolicTensor cos = Functional.call(
                        new Dot(1).withNormalize(true).named("cos"),
                        both.then(new Flatten()).then(new Dense(6)),
                        summary)
                .getFirst();
        Functional m = new Functional(3L, List.of(seq, summary), cos);
        NDArray xs = u(40, 3, 5, 6), xv = u(41, 3, 6);
        NDArray before = m.predict(List.of(xs, xv));
        assertEquals(Shape.of(3, 1), before.shape());
        Path f = dir.resolve("attention.nabla");
        m.save(f);
        Model back = Model.load(f);
        assertArrayEquals(before.toArray(), back.predict(List.of(xs, xv)).toArray(), 0f);
        assertEquals(m.summary(), back.summary());
        for (String name : List.of("ln", "qk", "sm", "av", "rep", "cos"))
            assertEquals(m.getLayer(name).savedConfig(), back.getLayer(name).savedConfig(), name);

        Sequential s =
                new Sequential(new Dense(4), new RepeatVector(3), new LayerNormalization(), new Softmax(1)).build(5);
        NDArray x = u(42, 2, 5);
        Path g = dir.resolve("seq.nabla");
        s.save(g);
        assertArrayEquals(s.predict(x).toArray(), Model.load(g).predict(x).toArray(), 0f);
    }
}
