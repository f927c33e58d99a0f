package nabla.nn.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.io.LayerRegistry;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attention, AdditiveAttention and MultiHeadAttention (issue 15): values against loops written out here, gradients
 * of every input and weight against central differences (with and without masks and the causal mask), configs,
 * save/load and error messages. The torch oracle is in {@link AttentionOracleTest}.
 */
class AttentionTest {
    @TempDir
    Path dir;

    static final NDArray QMASK = NDArray.of(new float[] {1, 1, 1, 0, 1, 1, 0, 0}, 2, 4);
    static final NDArray VMASK = NDArray.of(new float[] {1, 1, 1, 1, 0, 1, 1, 1, 0, 0}, 2, 5);

    private static NDArray u(long seed, int... dims) {
        return NDArray.uniform(Shape.of(dims), -1, 1, new Rng(seed));
    }

    private static boolean on(NDArray m, int b, int t) {
        return m == null || m.get(b, t) != 0f;
    }

    // ---- brute force ----------------------------------------------------------------------------------------

    /** The score of query i and key j, written out. */
    private static double denseScore(DenseAttention l, NDArray q, NDArray k, int b, int i, int j) {
        int d = q.dim(2);
        List<Parameter> ps = l.parameters();
        if (l instanceof Attention a && a.scoreMode().equals("dot")) {
            double s = 0;
            for (int c = 0; c < d; c++) s += (double) q.get(b, i, c) * k.get(b, j, c);
            return a.useScale() ? s * ps.get(0).value().data()[0] : s;
        }
        if (l instanceof Attention a) {
            double scale = a.useScale() ? ps.get(0).value().data()[0] : 1;
            double w = ps.get(a.useScale() ? 1 : 0).value().data()[0];
            double s = 0;
            for (int c = 0; c < d; c++) s += Math.tanh(scale * (q.get(b, i, c) + k.get(b, j, c)));
            return w * s;
        }
        AdditiveAttention a = (AdditiveAttention) l;
        double s = 0;
        for (int c = 0; c < d; c++)
            s += (a.useScale() ? ps.get(0).value().get(c) : 1) * Math.tanh(q.get(b, i, c) + k.get(b, j, c));
        return s;
    }

    /** out and weights of a dense attention layer, by loops in double. */
    private static NDArray[] bruteDense(DenseAttention l, NDArray q, NDArray v, NDArray k, NDArray qm, NDArray vm) {
        int bs = q.dim(0), tq = q.dim(1), tv = v.dim(1), dv = v.dim(2);
        float[] out = new float[bs * tq * dv], w = new float[bs * tq * tv];
        for (int b = 0; b < bs; b++)
            for (int i = 0; i < tq; i++) {
                double[] s = new double[tv];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < tv; j++) {
                    s[j] = denseScore(l, q, k, b, i, j);
                    if (!on(vm, b, j) || (l.useCausalMask() && j > i)) s[j] -= 1e9;
                    max = Math.max(max, s[j]);
                }
                double z = 0;
                for (int j = 0; j < tv; j++) z += Math.exp(s[j] - max);
                for (int j = 0; j < tv; j++) w[(b * tq + i) * tv + j] = (float) (Math.exp(s[j] - max) / z);
                for (int c = 0; c < dv; c++) {
                    double o = 0;
                    for (int j = 0; j < tv; j++) o += Math.exp(s[j] - max) / z * v.get(b, j, c);
                    out[(b * tq + i) * dv + c] = on(qm, b, i) ? (float) o : 0f;
                }
            }
        return new NDArray[] {NDArray.of(out, bs, tq, dv), NDArray.of(w, bs, tq, tv)};
    }

    /** out and weights of MultiHeadAttention, by loops in double over heads, steps and features. */
    private static NDArray[] bruteMha(
            MultiHeadAttention l, NDArray q, NDArray v, NDArray k, NDArray qm, NDArray vm, NDArray am) {
        Map<String, Parameter> w = l.namedWeights();
        int bs = q.dim(0), tq = q.dim(1), tv = v.dim(1), hN = l.numHeads(), kd = l.keyDim(), vd = l.valueDim();
        NDArray wo = w.get("output_kernel").value();
        int od = wo.dim(2);
        float[] out = new float[bs * tq * od], att = new float[bs * hN * tq * tv];
        for (int b = 0; b < bs; b++) {
            double[][][] qp = proj(q, b, w, "query", hN, kd), kp = proj(k, b, w, "key", hN, kd);
            double[][][] vp = proj(v, b, w, "value", hN, vd);
            double[][] o = new double[tq][hN * vd];
            for (int h = 0; h < hN; h++)
                for (int i = 0; i < tq; i++) {
                    double[] s = new double[tv];
                    boolean[] keep = new boolean[tv];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tv; j++) {
                        for (int c = 0; c < kd; c++) s[j] += qp[h][i][c] * kp[h][j][c];
                        s[j] /= Math.sqrt(kd);
                        keep[j] = on(qm, b, i)
                                && on(vm, b, j)
                                && (!l.useCausalMask() || j <= i)
                                && (am == null || am.get(b, i, j) != 0f);
                        if (!keep[j]) s[j] -= 1e9;
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < tv; j++) z += Math.exp(s[j] - max);
                    for (int j = 0; j < tv; j++) {
                        double p = keep[j] ? Math.exp(s[j] - max) / z : 0;
                        att[((b * hN + h) * tq + i) * tv + j] = (float) p;
                        for (int c = 0; c < vd; c++) o[i][h * vd + c] += p * vp[h][j][c];
                    }
                }
            for (int i = 0; i < tq; i++)
                for (int e = 0; e < od; e++) {
                    double y = l.useBias() ? w.get("output_bias").value().get(e) : 0;
                    for (int h = 0; h < hN; h++) for (int c = 0; c < vd; c++) y += o[i][h * vd + c] * wo.get(h, c, e);
                    out[(b * tq + i) * od + e] = (float) y;
                }
        }
        return new NDArray[] {NDArray.of(out, bs, tq, od), NDArray.of(att, bs, hN, tq, tv)};
    }

    private static double[][][] proj(NDArray x, int b, Map<String, Parameter> w, String role, int heads, int size) {
        NDArray kern = w.get(role + "_kernel").value();
        Parameter bias = w.get(role + "_bias");
        int t = x.dim(1), d = x.dim(2);
        double[][][] p = new double[heads][t][size];
        for (int h = 0; h < heads; h++)
            for (int s = 0; s < t; s++)
                for (int c = 0; c < size; c++) {
                    double y = bias == null ? 0 : bias.value().get(h, c);
                    for (int f = 0; f < d; f++) y += (double) x.get(b, s, f) * kern.get(f, h, c);
                    p[h][s][c] = y;
                }
        return p;
    }

    private static void close(NDArray want, NDArray got, double tol, String what) {
        assertEquals(want.shape(), got.shape(), what);
        float[] a = want.contiguous().toArray(), g = got.contiguous().toArray();
        for (int i = 0; i < a.length; i++)
            assertTrue(
                    Math.abs(a[i] - g[i]) <= tol * (1 + Math.abs(a[i])),
                    what + " element " + i + ": want " + a[i] + ", got " + g[i]);
    }

    /** Sets every weight to a fresh draw, so that biases and scales are not at their initial zeros and ones. */
    private static void randomize(Layer l, long seed) {
        Rng rng = new Rng(seed);
        for (Parameter p : l.parameters())
            p.value()
                    .assign(NDArray.uniform(p.shape(), -0.8f, 0.8f, rng)
                            .add(p.shape().rank() == 0 ? 0.5f : 0f));
    }

    private static List<DenseAttention> denseVariants() {
        return List.of(
                new Attention(),
                new Attention().withUseScale(true),
                new Attention().withUseScale(true).withCausalMask(true),
                new Attention().withScoreMode("concat"),
                new Attention().withScoreMode("concat").withUseScale(true).withCausalMask(true),
                new AdditiveAttention(),
                new AdditiveAttention().withUseScale(false),
                new AdditiveAttention().withCausalMask(true));
    }

    @Test
    void denseAttentionMatchesLoopsWithAndWithoutMasks() {
        NDArray q = u(1, 2, 4, 3), v = u(2, 2, 5, 6), k = u(3, 2, 5, 3);
        long seed = 10;
        for (DenseAttention l : denseVariants()) {
            for (boolean masked : new boolean[] {false, true}) {
                l.buildFor(List.of(
                        q.shape().dropFirst(), v.shape().dropFirst(), k.shape().dropFirst()));
                randomize(l, seed++);
                NDArray qm = masked ? QMASK : null, vm = masked ? VMASK : null;
                DenseAttention.Result r = l.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), qm, vm);
                NDArray[] want = bruteDense(l, q, v, k, qm, vm);
                String what = l.config() + (masked ? " masked" : "");
                close(want[0], r.output().value(), 1e-5, what + " output");
                close(want[1], r.scores().value(), 1e-5, what + " weights");
                if (l.useCausalMask())
                    for (int b = 0; b < 2; b++)
                        for (int i = 0; i < 4; i++)
                            for (int j = i + 1; j < 5; j++)
                                assertEquals(0f, r.scores().value().get(b, i, j));
            }
        }
        // the key defaults to the value
        Attention a = new Attention();
        NDArray vq = u(4, 2, 5, 3);
        assertArrayEquals(
                a.attend(Tensor.of(q), Tensor.of(vq)).output().value().toArray(),
                a.attend(Tensor.of(q), Tensor.of(vq), Tensor.of(vq), null, null)
                        .output()
                        .value()
                        .toArray(),
                0f);
    }

    @Test
    void multiHeadAttentionMatchesLoopsWithMasksCausalAndAnAttentionMask() {
        NDArray q = u(5, 2, 4, 6), v = u(6, 2, 5, 7), k = u(7, 2, 5, 3);
        NDArray am = NDArray.of(
                new float[] {
                    1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1,
                    1, 1, 0, 1, 1, 1, 1
                },
                2,
                4,
                5);
        long seed = 20;
        for (MultiHeadAttention l : List.of(
                new MultiHeadAttention(2, 3),
                new MultiHeadAttention(3, 2).withValueDim(4).withOutputShape(5),
                new MultiHeadAttention(2, 3).withUseBias(false).withCausalMask(true),
                new MultiHeadAttention(1, 4).withCausalMask(true))) {
            for (int masks = 0; masks < 3; masks++) {
                MultiHeadAttention m = (MultiHeadAttention) LayerRegistry.fromConfig(l.type(), l.config());
                NDArray qm = masks > 0 ? QMASK : null, vm = masks > 0 ? VMASK : null, amask = masks == 2 ? am : null;
                MultiHeadAttention.Result r = m.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), amask, qm, vm, null);
                randomize(m, seed++);
                r = m.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), amask, qm, vm, null);
                NDArray[] want = bruteMha(m, q, v, k, qm, vm, amask);
                String what = l.config() + " masks " + masks;
                close(want[0], r.output().value(), 1e-5, what + " output");
                close(want[1], r.scores().value(), 1e-5, what + " weights");
            }
        }
        // a key mask hides keys as the value mask does
        MultiHeadAttention m = new MultiHeadAttention(2, 3);
        NDArray viaKey = m.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), null, null, null, VMASK)
                .output()
                .value();
        NDArray viaValue = m.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), null, null, VMASK, null)
                .output()
                .value();
        assertArrayEquals(viaValue.toArray(), viaKey.toArray(), 0f);
        assertEquals(
                Shape.of(2, 4, 6),
                m.attend(Tensor.of(q), Tensor.of(v), Tensor.of(k), null, null, null, null)
                        .output()
                        .shape());
    }

    @Test
    void theFusedMaskedSoftmaxEqualsTheUnfusedFormAndHandlesRowsWithNothingToSee() {
        NDArray s = u(90, 2, 3, 4, 5);
        NDArray keep = Masks.keep(2, 4, 5, QMASK, VMASK, null, true, null);
        float[] k = keep.toArray(), add = new float[k.length];
        for (int i = 0; i < k.length; i++) add[i] = k[i] != 0f ? 0f : -1e9f;
        Shape s4 = Shape.of(2, 1, 4, 5);
        NDArray unfused = Tensor.of(s)
                .add(Tensor.of(NDArray.wrap(add, s4)))
                .softmax(3)
                .mul(Tensor.of(keep.reshape(s4)))
                .value();
        NDArray fused = nabla.autograd.AttentionOps.maskedSoftmax(Tensor.of(s), keep, 1e9f, true)
                .value();
        close(unfused, fused, 1e-6, "zeroed");
        // query 3 of sample 0 is padded: zero weights with zeroMasked, equal weights without (as Keras' Attention)
        NDArray plain = nabla.autograd.AttentionOps.maskedSoftmax(Tensor.of(s), keep, 1e9f, false)
                .value();
        for (int h = 0; h < 3; h++)
            for (int j = 0; j < 5; j++) {
                assertEquals(0f, fused.get(0, h, 3, j));
                assertEquals(0.2f, plain.get(0, h, 3, j), 1e-6f);
            }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> nabla.autograd.AttentionOps.maskedSoftmax(Tensor.of(s), NDArray.ones(2, 4, 4), 1e9f, true));
        assertTrue(e.getMessage().contains("the mask (2, 4, 4) does not fit the scores (2, 3, 4, 5)"), e.getMessage());
    }

    // ---- gradients ------------------------------------------------------------------------------------------

    /** Central differences on the inputs and every weight for L = Σ out·r, in double. */
    private static void checkGradients(
            Supplier<Tensor> forward, List<NDArray> wrt, List<Supplier<NDArray>> grads, String what) {
        Tensor out = forward.get();
        NDArray r = NDArray.uniform(out.shape(), -1f, 1f, new Rng(5));
        out.backward(r);
        List<NDArray> analytic = new ArrayList<>();
        for (Supplier<NDArray> g : grads)
            analytic.add(g.get() == null ? null : g.get().copy());
        for (int i = 0; i < wrt.size(); i++) {
            float[] d = wrt.get(i).data();
            int checked = 0;
            for (int j = 0; j < d.length; j++) {
                float orig = d[j];
                double h = 1e-2;
                d[j] = (float) (orig + h);
                double up = d[j];
                double lp = probe(forward, r);
                d[j] = (float) (orig - h);
                double down = d[j];
                double lm = probe(forward, r);
                d[j] = orig;
                double num = (lp - lm) / (up - down);
                double an = analytic.get(i) == null ? 0 : analytic.get(i).data()[j];
                assertTrue(
                        Math.abs(num - an) <= 2e-3 + 2e-2 * Math.abs(num),
                        what + ": input " + i + " element " + j + ": analytic " + an + ", numeric " + num);
                checked++;
            }
            assertEquals(d.length, checked);
        }
    }

    private static double probe(Supplier<Tensor> forward, NDArray r) {
        try (var g = NoGrad.enter()) {
            float[] o = forward.get().value().toArray(), rr = r.toArray();
            double s = 0;
            for (int k = 0; k < o.length; k++) s += (double) o[k] * rr[k];
            return s;
        }
    }

    @Test
    void denseAttentionGradientsOfEveryInputAndWeightMatchFiniteDifferences() {
        long seed = 40;
        for (DenseAttention l : denseVariants())
            for (boolean masked : new boolean[] {false, true})
                for (boolean ownKey : new boolean[] {false, true}) {
                    NDArray q = u(seed++, 2, 4, 3), v = u(seed++, 2, 5, ownKey ? 2 : 3), k = u(seed++, 2, 5, 3);
                    Tensor qt = Tensor.param(q), vt = Tensor.param(v), kt = Tensor.param(k);
                    NDArray qm = masked ? QMASK : null, vm = masked ? VMASK : null;
                    List<Shape> shapes = new ArrayList<>(
                            List.of(q.shape().dropFirst(), v.shape().dropFirst()));
                    if (ownKey) shapes.add(k.shape().dropFirst());
                    DenseAttention layer = (DenseAttention) LayerRegistry.fromConfig(l.type(), l.config());
                    layer.buildFor(shapes);
                    randomize(layer, seed++);
                    List<NDArray> wrt = new ArrayList<>(List.of(q, v));
                    List<Supplier<NDArray>> grads = new ArrayList<>(List.of(qt::grad, vt::grad));
                    if (ownKey) {
                        wrt.add(k);
                        grads.add(kt::grad);
                    }
                    for (Parameter p : layer.parameters()) {
                        wrt.add(p.value());
                        grads.add(p::grad);
                    }
                    checkGradients(
                            () -> layer.attend(qt, vt, ownKey ? kt : null, qm, vm)
                                    .output(),
                            wrt,
                            grads,
                            layer.config() + (masked ? " masked" : "") + (ownKey ? " with key" : ""));
                }
    }

    @Test
    void multiHeadAttentionGradientsOfEveryInputAndWeightMatchFiniteDifferences() {
        long seed = 60;
        NDArray am = NDArray.of(
                new float[] {
                    1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1,
                    1, 1, 0, 1, 1, 1, 1
                },
                2,
                4,
                5);
        for (MultiHeadAttention l : List.of(
                new MultiHeadAttention(2, 3).withValueDim(2).withOutputShape(3),
                new MultiHeadAttention(2, 2).withCausalMask(true),
                new MultiHeadAttention(1, 3).withUseBias(false)))
            for (int masks = 0; masks < 3; masks++) {
                NDArray q = u(seed++, 2, 4, 4), v = u(seed++, 2, 5, 3), k = u(seed++, 2, 5, 2);
                Tensor qt = Tensor.param(q), vt = Tensor.param(v), kt = Tensor.param(k);
                NDArray qm = masks > 0 ? QMASK : null, vm = masks > 0 ? VMASK : null, amask = masks == 2 ? am : null;
                MultiHeadAttention layer = (MultiHeadAttention) LayerRegistry.fromConfig(l.type(), l.config());
                layer.buildFor(List.of(
                        q.shape().dropFirst(), v.shape().dropFirst(), k.shape().dropFirst()));
                randomize(layer, seed++);
                List<NDArray> wrt = new ArrayList<>(List.of(q, v, k));
                List<Supplier<NDArray>> grads = new ArrayList<>(List.of(qt::grad, vt::grad, kt::grad));
                for (Parameter p : layer.parameters()) {
                    wrt.add(p.value());
                    grads.add(p::grad);
                }
                checkGradients(
                        () -> layer.attend(qt, vt, kt, amask, qm, vm, null).output(),
                        wrt,
                        grads,
                        layer.config() + " masks " + masks);
            }
        // the weights themselves (the second output) are differentiable too
        MultiHeadAttention l = new MultiHeadAttention(2, 2).withCausalMask(true);
        NDArray q = u(70, 2, 4, 3);
        Tensor qt = Tensor.param(q);
        l.buildFor(List.of(q.shape().dropFirst(), q.shape().dropFirst()));
        randomize(l, 71);
        List<NDArray> wrt = new ArrayList<>(List.of(q));
        List<Supplier<NDArray>> grads = new ArrayList<>(List.of(qt::grad));
        for (Parameter p : l.parameters()) {
            wrt.add(p.value());
            grads.add(p::grad);
        }
        checkGradients(() -> l.attend(qt, qt, null, null, QMASK, QMASK, null).scores(), wrt, grads, "scores");
    }

    // ---- configs, models, save/load -------------------------------------------------------------------------

    private static Map<String, Object> kerasMha() {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("num_heads", 2);
        c.put("key_dim", 4);
        c.put("value_dim", null);
        c.put("dropout", 0.0);
        c.put("output_shape", null);
        c.put("attention_axes", null);
        return c;
    }

    @Test
    void configsRoundTripAndKerasDefaultsHold() {
        for (Layer l : List.of(
                new Attention(),
                new Attention().withUseScale(true).withScoreMode("concat").withCausalMask(true),
                new Attention().withReturnAttentionScores(true),
                new AdditiveAttention(),
                new AdditiveAttention().withUseScale(false).withCausalMask(true).withReturnAttentionScores(true),
                new MultiHeadAttention(4, 8),
                new MultiHeadAttention(2, 3)
                        .withValueDim(5)
                        .withUseBias(false)
                        .withOutputShape(7)
                        .withCausalMask(true)
                        .withReturnAttentionScores(true))) {
            Layer back = LayerRegistry.fromConfig(l.type(), l.config());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.config(), back.config());
        }
        Attention a = new Attention();
        assertEquals(false, a.useScale());
        assertEquals("dot", a.scoreMode());
        assertTrue(new AdditiveAttention().useScale());
        MultiHeadAttention m = new MultiHeadAttention(4, 8);
        assertEquals(8, m.valueDim());
        assertTrue(m.useBias());
        assertNull(m.config().get("output_shape"));
        // Keras' config keys as Keras writes them
        Layer k = LayerRegistry.fromConfig("MultiHeadAttention", kerasMha());
        assertEquals(4, ((MultiHeadAttention) k).valueDim());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig(
                        "MultiHeadAttention", Map.of("num_heads", 2, "key_dim", 4, "dropout", 0.1)));
        assertTrue(e.getMessage().contains("dropout must be 0, got 0.1"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig(
                        "MultiHeadAttention", Map.of("num_heads", 2, "key_dim", 4, "attention_axes", List.of(1))));
        assertTrue(e.getMessage().contains("attention_axes = null"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> LayerRegistry.fromConfig("Attention", Map.of("dropout", 0.5)));
        assertTrue(e.getMessage().startsWith("Attention: attention dropout is not implemented"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Attention().withScoreMode("general"));
        assertTrue(e.getMessage().contains("\"dot\" or \"concat\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 4));
        // weights: Keras' names, shapes and order
        MultiHeadAttention w = new MultiHeadAttention(3, 4).withValueDim(5).withOutputShape(6);
        w.buildFor(List.of(Shape.of(7, 8), Shape.of(9, 10), Shape.of(9, 11)));
        List<String> names = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        for (Parameter p : w.parameters()) {
            names.add(p.name());
            shapes.add(p.shape());
        }
        assertEquals(
                List.of(
                        "query_kernel",
                        "query_bias",
                        "key_kernel",
                        "key_bias",
                        "value_kernel",
                        "value_bias",
                        "output_kernel",
                        "output_bias"),
                names);
        assertEquals(
                List.of(
                        Shape.of(8, 3, 4),
                        Shape.of(3, 4),
                        Shape.of(11, 3, 4),
                        Shape.of(3, 4),
                        Shape.of(10, 3, 5),
                        Shape.of(3, 5),
                        Shape.of(3, 5, 6),
                        Shape.of(6)),
                shapes);
        AdditiveAttention ad = new AdditiveAttention();
        ad.buildFor(List.of(Shape.of(3, 4), Shape.of(5, 4)));
        assertEquals(Shape.of(4), ad.parameters().getFirst().shape());
        Attention sc = new Attention().withUseScale(true).withScoreMode("concat");
        sc.buildFor(List.of(Shape.of(3, 4), Shape.of(5, 4)));
        assertEquals(
                List.of("scale", "concat_score_weight"),
                sc.parameters().stream().map(Parameter::name).toList());
        assertEquals(Shape.of(), sc.parameters().getFirst().shape());
        assertEquals(1f, sc.parameters().getFirst().value().data()[0]);
    }

    @Test
    void aTransformerBlockWithEmbeddingMasksSavesAndLoadsBitForBit() throws Exception {
        SymbolicTensor tokens = Functional.input("tokens", 6), memory = Functional.input("memory", 5, 4);
        SymbolicTensor x = tokens.then(new Embedding(20, 8, true).named("emb"));
        List<SymbolicTensor> mha = Functional.call(
                new MultiHeadAttention(2, 4)
                        .withCausalMask(true)
                        .withReturnAttentionScores(true)
                        .named("mha"),
                x,
                x);
        SymbolicTensor h = Functional.add(x, mha.get(0));
        List<SymbolicTensor> att = Functional.call(
                new Attention()
                        .withUseScale(true)
                        .withReturnAttentionScores(true)
                        .named("att"),
                h.then(new Dense(4).named("q")),
                memory);
        SymbolicTensor add = Functional.call(new AdditiveAttention().named("additive"), att.get(0), memory, memory)
                .getFirst();
        Functional m = new Functional(5L, List.of(tokens, memory), List.of(add, mha.get(1), att.get(1)));
        assertEquals(List.of(Shape.of(6, 4), Shape.of(2, 6, 6), Shape.of(6, 5)), m.outputShapes());
        NDArray ids = NDArray.of(new float[] {3, 5, 7, 1, 0, 0, 2, 9, 4, 0, 0, 0}, 2, 6);
        NDArray mem = u(80, 2, 5, 4);
        List<NDArray> before = m.predictAll(List.of(ids, mem));
        // the embedding's mask reaches the attention: padded keys get no weight, padded queries none at all
        NDArray scores = before.get(1);
        for (int b = 0; b < 2; b++)
            for (int hd = 0; hd < 2; hd++)
                for (int i = 0; i < 6; i++)
                    for (int j = 0; j < 6; j++)
                        if (ids.get(b, j) == 0 || ids.get(b, i) == 0 || j > i)
                            assertEquals(0f, scores.get(b, hd, i, j), "b " + b + " head " + hd + " " + i + "," + j);
        Path f = dir.resolve("transformer.nabla");
        m.save(f);
        Model back = Model.load(f);
        List<NDArray> after = back.predictAll(List.of(ids, mem));
        for (int i = 0; i < 3; i++)
            assertArrayEquals(before.get(i).toArray(), after.get(i).toArray(), 0f);
        for (String name : List.of("mha", "att", "additive"))
            assertEquals(m.getLayer(name).savedConfig(), back.getLayer(name).savedConfig(), name);
        // self-attention in a Sequential; the dense attention layers are refused there
        Sequential s = new Sequential(new Dense(6), new MultiHeadAttention(2, 3)).build(4, 5);
        NDArray xs = u(81, 3, 4, 5);
        Path g = dir.resolve("seq.nabla");
        s.save(g);
        assertArrayEquals(s.predict(xs).toArray(), Model.load(g).predict(xs).toArray(), 0f);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new Attention()));
        assertTrue(e.getMessage().contains("joins several inputs"), e.getMessage());
    }

    @Test
    void masksPassOnAsKerasAndBadShapesNameTheLayerAndTheShapes() {
        Attention a = (Attention) new Attention().named("att");
        Tensor q = Tensor.of(u(1, 2, 4, 3)), v = Tensor.of(u(2, 2, 5, 3));
        assertSame(
                QMASK,
                a.computeMasks(List.of(q, v), java.util.Arrays.asList(QMASK, VMASK))
                        .getFirst());
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> a.attend(q, Tensor.of(u(3, 2, 5, 4))));
        assertTrue(
                e.getMessage()
                        .startsWith("Attention 'att': the query and the value differ in features, query"
                                + " (batch, 4, 3) and value (batch, 5, 4)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ((AdditiveAttention) new AdditiveAttention().named("add"))
                        .attend(q, v, Tensor.of(u(3, 2, 6, 3)), null, null));
        assertTrue(
                e.getMessage()
                        .startsWith("AdditiveAttention 'add': the key and the value differ in steps, key"
                                + " (batch, 6, 3) and value (batch, 5, 3)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.attend(q, v, null, null, NDArray.ones(2, 4)));
        assertTrue(e.getMessage().contains("the value mask (2, 4) does not fit the value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.attend(q, Tensor.of(u(3, 3, 5, 3))));
        assertTrue(e.getMessage().contains("differ in batch size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> a.attend(q, Tensor.of(u(3, 2, 5))));
        assertTrue(e.getMessage().contains("the value must be (batch, steps, features), got (2, 5)"), e.getMessage());
        SymbolicTensor x = Functional.input(4, 3);
        e = assertThrows(IllegalArgumentException.class, () -> Functional.call(new Attention().named("one"), x));
        assertTrue(e.getMessage().contains("[query, value] or [query, value, key], got 1 inputs"), e.getMessage());
        MultiHeadAttention m = (MultiHeadAttention) new MultiHeadAttention(2, 3).named("mha");
        m.attend(q, v);
        e = assertThrows(IllegalArgumentException.class, () -> m.attend(q, Tensor.of(u(4, 2, 5, 6))));
        assertTrue(
                e.getMessage()
                        .startsWith("MultiHeadAttention 'mha': built for query (batch, 4, 3), value (batch, 5,"
                                + " 3) and key (batch, 5, 3), got query (batch, 4, 3), value (batch, 5, 6)"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> m.attend(q, v, null, NDArray.ones(2, 4, 4), null, null, null));
        assertTrue(
                e.getMessage()
                        .contains(
                                "the attention mask (2, 4, 4) does not fit; expected (batch, Tq, Tv) =" + " (2, 4, 5)"),
                e.getMessage());
    }
}
