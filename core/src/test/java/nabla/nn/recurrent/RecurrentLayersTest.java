package nabla.nn.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nabla.autograd.Activation;
import nabla.autograd.EmbeddingOps;
import nabla.autograd.NoGrad;
import nabla.autograd.Tensor;
import nabla.io.LayerRegistry;
import nabla.models.ModelSaveTest;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecurrentLayersTest {
    private static final NDArray MASK = NDArray.of(new float[] {1, 1, 1, 1, 1, 0, 1, 1, 0, 0}, 2, 5);

    private static NDArray u(Rng rng, int... dims) {
        return NDArray.uniform(Shape.of(dims), -1f, 1f, rng);
    }

    private static void close(NDArray a, NDArray b, float tol) {
        assertEquals(a.shape(), b.shape());
        float[] x = a.toArray(), y = b.toArray();
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], tol, "element " + i);
    }

    private static List<RecurrentCell> cells() {
        return List.of(
                new LSTMCell(5),
                new LSTMCell(17, true, false, false, "glorot_uniform", "orthogonal", "zeros"),
                new GRUCell(5),
                new GRUCell(17, true, false, "glorot_uniform", "orthogonal", "zeros"),
                new SimpleRNNCell(5),
                new SimpleRNNCell(17, Activation.RELU, true, "glorot_uniform", "identity", "zeros"));
    }

    @Test
    void fusedKernelsMatchTheUnrolledCellsInValueAndGradient() {
        Rng rng = new Rng(3);
        NDArray x = u(rng, 2, 5, 3);
        NDArray rec = NDArray.uniform(Shape.of(2, 1), 0f, 1f, rng);
        for (RecurrentCell c : cells()) {
            c.build(Shape.of(3));
            NDArray rm = NDArray.full(Shape.of(2, c.units()), 1.25f).mul(rec.gt(0.3f));
            for (boolean reverse : new boolean[] {false, true}) {
                for (NDArray mask : new NDArray[] {null, MASK}) {
                    List<NDArray> grads = new ArrayList<>();
                    NDArray[] outs = new NDArray[2];
                    for (int k = 0; k < 2; k++) {
                        for (Parameter p : c.parameters()) p.zeroGrad();
                        Tensor xt = Tensor.param(x.copy());
                        Tensor y = k == 0
                                ? c.sequence(xt, null, mask, rm, reverse, true, true)
                                : c.unrolled(xt, null, mask, rm, reverse, true, true);
                        outs[k] = y.value();
                        y.backward(NDArray.uniform(y.shape(), -1f, 1f, new Rng(9)));
                        grads.add(xt.grad());
                        for (Parameter p : c.parameters()) grads.add(p.grad().copy());
                    }
                    close(outs[0], outs[1], 1e-5f);
                    int half = grads.size() / 2;
                    for (int i = 0; i < half; i++) close(grads.get(i), grads.get(half + i), 1e-4f);
                }
            }
        }
    }

    /** Central differences on the layer's weights and input for L = Σ out·r. */
    private static void checkLayerGradients(
            Supplier<Tensor> forward, List<NDArray> wrt, List<Supplier<NDArray>> grads) {
        Tensor out = forward.get();
        NDArray r = NDArray.uniform(out.shape(), -1f, 1f, new Rng(5));
        out.backward(r);
        List<NDArray> analytic = new ArrayList<>();
        for (Supplier<NDArray> g : grads)
            analytic.add(g.get() == null ? null : g.get().copy());
        for (int i = 0; i < wrt.size(); i++) {
            float[] d = wrt.get(i).data();
            for (int j = 0; j < d.length; j++) {
                float orig = d[j];
                double h = 1e-2;
                d[j] = (float) (orig + h);
                double lp = probe(forward, r);
                d[j] = (float) (orig - h);
                double lm = probe(forward, r);
                d[j] = orig;
                double num = (lp - lm) / (2 * h);
                double an = analytic.get(i) == null ? 0 : analytic.get(i).data()[j];
                assertTrue(
                        Math.abs(num - an) <= 2e-3 + 2e-2 * Math.abs(num),
                        "input " + i + " element " + j + ": analytic " + an + ", numeric " + num);
            }
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

    private static void gradCheckLayer(Layer layer, NDArray x, NDArray mask) {
        layer.build(x.shape().dropFirst());
        Tensor xt = Tensor.param(x);
        List<NDArray> wrt = new ArrayList<>();
        List<Supplier<NDArray>> grads = new ArrayList<>();
        wrt.add(x);
        grads.add(xt::grad);
        for (Parameter p : layer.parameters()) {
            wrt.add(p.value());
            grads.add(p::grad);
        }
        checkLayerGradients(() -> layer.apply(xt, mask, false), wrt, grads);
    }

    @Test
    void bpttGradientsOfLayersMatchFiniteDifferences() {
        Rng rng = new Rng(11);
        gradCheckLayer(new LSTM(3).withPeephole(true).withReturnSequences(true), u(rng, 2, 5, 2), MASK);
        gradCheckLayer(new LSTM(3).withPeephole(true), u(rng, 2, 5, 2), null);
        gradCheckLayer(new Bidirectional(new LSTM(3).withReturnSequences(true)), u(rng, 2, 5, 2), MASK);
        gradCheckLayer(new Bidirectional(new GRU(3), Bidirectional.MergeMode.SUM), u(rng, 2, 5, 2), MASK);
        gradCheckLayer(
                new Bidirectional(new SimpleRNN(3).withReturnSequences(true), Bidirectional.MergeMode.MUL),
                u(rng, 2, 5, 2),
                null);
        gradCheckLayer(
                new GRU(4).withResetAfter(false).withGoBackwards(true).withReturnSequences(true),
                u(rng, 2, 5, 2),
                MASK);
        gradCheckLayer(new TimeDistributed(new Dense(3, Activation.TANH)), u(rng, 2, 4, 2), null);
        // Other activations run the per-step path (smooth ones here: finite differences cannot straddle a kink).
        gradCheckLayer(
                new LSTM(3)
                        .withActivation(Activation.ELU)
                        .withRecurrentActivation(Activation.SOFTSIGN)
                        .withReturnSequences(true),
                u(rng, 2, 5, 2),
                MASK);
        gradCheckLayer(
                new GRU(3).withActivation(Activation.SOFTSIGN).withRecurrentActivation(Activation.HARD_SIGMOID),
                u(rng, 2, 5, 2),
                MASK);
        gradCheckLayer(new GRU(3).withResetAfter(false).withActivation(Activation.SWISH), u(rng, 2, 5, 2), null);
        gradCheckLayer(new SimpleRNN(3, Activation.SOFTPLUS).withReturnSequences(true), u(rng, 2, 5, 2), MASK);
    }

    /** A ReLU LSTM with hard-sigmoid gates against the equations written out in doubles, two steps. */
    @Test
    void lstmWithOtherActivationsFollowsTheEquations() {
        Rng rng = new Rng(4);
        int u = 3, f = 2, steps = 2, batch = 2;
        LSTM l = new LSTM(u)
                .withActivation(Activation.RELU)
                .withRecurrentActivation(Activation.HARD_SIGMOID)
                .withReturnSequences(true);
        NDArray x = u(rng, batch, steps, f);
        l.build(Shape.of(steps, f));
        float[] w = l.parameters().get(0).value().toArray(),
                rw = l.parameters().get(1).value().toArray(),
                b = l.parameters().get(2).value().toArray();
        for (int i = 0; i < b.length; i++) b[i] += 0.3f * (i % 5) - 0.6f; // nonzero biases
        System.arraycopy(b, 0, l.parameters().get(2).value().data(), 0, b.length);
        float[] y = l.apply(Tensor.of(x), false).value().toArray();
        for (int n = 0; n < batch; n++) {
            double[] h = new double[u], c = new double[u];
            for (int t = 0; t < steps; t++) {
                double[] z = new double[4 * u];
                for (int k = 0; k < 4 * u; k++) {
                    z[k] = b[k];
                    for (int j = 0; j < f; j++) z[k] += x.get(n, t, j) * w[j * 4 * u + k];
                    for (int j = 0; j < u; j++) z[k] += h[j] * rw[j * 4 * u + k];
                }
                for (int k = 0; k < u; k++) {
                    double i = hardSigmoid(z[k]),
                            fg = hardSigmoid(z[u + k]),
                            g = Math.max(0, z[2 * u + k]),
                            o = hardSigmoid(z[3 * u + k]);
                    c[k] = fg * c[k] + i * g;
                    h[k] = o * Math.max(0, c[k]);
                    assertEquals(h[k], y[(n * steps + t) * u + k], 1e-5, "sample " + n + " step " + t + " unit " + k);
                }
            }
        }
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> LayerRegistry.fromConfig("LSTM", Map.of("units", 3, "recurrent_activation", "hardsigmoid")));
        assertTrue(
                e.getMessage().contains("unknown activation 'hardsigmoid'")
                        && e.getMessage().contains("hard_sigmoid"),
                e.getMessage());
    }

    private static double hardSigmoid(double v) {
        return Math.min(1, Math.max(0, v / 6 + 0.5));
    }

    @Test
    void aPaddedBatchGivesTheOutputsAndGradientsOfTheUnpaddedSequences() {
        float[][] seqs = {{3, 1, 4}, {1, 5}, {9, 2, 6, 5}};
        for (boolean pre : new boolean[] {false, true}) {
            for (Supplier<Layer> rnn : List.<Supplier<Layer>>of(
                    () -> new LSTM(4),
                    () -> new GRU(4),
                    () -> new GRU(4).withResetAfter(false),
                    () -> new SimpleRNN(4),
                    () -> new LSTM(4).withPeephole(true),
                    () -> new Bidirectional(new LSTM(3)))) {
                Embedding emb = new Embedding(10, 3, true);
                Layer mid = new LSTM(4).withReturnSequences(true);
                Layer top = rnn.get();
                emb.build(Shape.of(5));
                mid.build(Shape.of(5, 3));
                top.build(Shape.of(5, 4));
                float[] padded = new float[3 * 5];
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < seqs[i].length; j++)
                        padded[i * 5 + (pre ? 5 - seqs[i].length : 0) + j] = seqs[i][j];
                List<Parameter> params = new ArrayList<>(emb.parameters());
                params.addAll(mid.parameters());
                params.addAll(top.parameters());
                // padded batch
                params.forEach(Parameter::zeroGrad);
                Tensor yb = stack(emb, mid, top, NDArray.of(padded, 3, 5));
                yb.sum().backward();
                List<NDArray> gb = params.stream().map(p -> p.grad().copy()).toList();
                // each sequence alone, unpadded (gradients summed over the three)
                params.forEach(Parameter::zeroGrad);
                List<NDArray> ys = new ArrayList<>();
                for (float[] s : seqs) {
                    Tensor y = stack(emb, mid, top, NDArray.of(s, 1, s.length));
                    y.sum().backward();
                    ys.add(y.value());
                }
                for (int i = 0; i < 3; i++) close(yb.value().slice(0, i, i + 1), ys.get(i), 1e-5f);
                for (int k = 0; k < params.size(); k++)
                    close(gb.get(k), params.get(k).grad(), 1e-5f);
            }
        }
    }

    /** Embedding → LSTM(seq) → top with the mask passed by hand (layers of any sequence length). */
    private static Tensor stack(Embedding emb, Layer mid, Layer top, NDArray ids) {
        Tensor x = Tensor.of(ids);
        NDArray m = emb.computeMask(x, null);
        // the embedding lookup itself (Embedding.call), which takes any sequence length
        float[] v = ids.toArray();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) idx[i] = (int) v[i];
        Tensor e = EmbeddingOps.lookup(emb.parameters().getFirst().tensor(), idx, ids.shape());
        NDArray m2 = mid.computeMask(e, m);
        Tensor h = ((Recurrent<?>) mid).call(e, m, false);
        if (top instanceof Bidirectional b) return b.call(h, m2, false);
        return ((Recurrent<?>) top).call(h, m2, false);
    }

    @Test
    void sequentialPropagatesTheMaskFromEmbedding() {
        Sequential m = new Sequential(
                new Embedding(10, 4, true), new LSTM(5).withReturnSequences(true), new GRU(3), new Dense(1));
        NDArray x = NDArray.of(new float[] {3, 1, 4, 0, 0, 0, 0, 3, 1, 4}, 2, 5);
        NDArray y = m.predict(x);
        assertEquals(y.get(0, 0), y.get(1, 0), 1e-6f);
        Sequential plain =
                new Sequential(new Embedding(10, 4), new LSTM(5).withReturnSequences(true), new GRU(3), new Dense(1));
        NDArray yp = plain.predict(x);
        assertNotEquals(yp.get(0, 0), yp.get(1, 0), 1e-6f);
    }

    @Test
    void summaryCountsMatchKeras() {
        Sequential m =
                new Sequential(new Embedding(5000, 32), new LSTM(100), new Dense(1, Activation.SIGMOID)).build(500);
        String s = m.summary();
        assertTrue(s.contains("160,000") && s.contains("53,200") && s.contains("(None, 100)"), s);
        assertEquals(3 * (100 * 132 + 100) + 300, count(new GRU(100)));
        assertEquals(3 * (100 * 132 + 100), count(new GRU(100).withResetAfter(false)));
        assertEquals(100 * 132 + 100, count(new SimpleRNN(100)));
        Sequential b = new Sequential(
                        new Bidirectional(new LSTM(64).withReturnSequences(true)), new TimeDistributed(new Dense(2)))
                .build(7, 32);
        String sb = b.summary();
        assertTrue(
                sb.contains("(None, 7, 128)")
                        && sb.contains(String.format("%,d", 2 * 4 * (64 * 96 + 64)))
                        && sb.contains("(None, 7, 2)"),
                sb);
    }

    private static int count(Layer l) {
        l.build(Shape.of(10, 32));
        return l.parameterCount();
    }

    @Test
    void configsRoundTripAndModelsSaveAndLoad(@TempDir Path dir) throws Exception {
        List<Layer> layers = List.of(
                new Embedding(50, 8, true),
                new LSTM(6).withReturnSequences(true).withDropout(0.25f),
                new LSTM(4).withPeephole(true).withUnitForgetBias(false),
                new GRU(5).withResetAfter(false).withGoBackwards(true),
                new SimpleRNN(3, Activation.RELU).withRecurrentDropout(0.5f),
                SimpleRNN.irnn(4),
                new SimpleRNN(2, Activation.ELU),
                new LSTM(4).withActivation(Activation.RELU).withRecurrentActivation(Activation.HARD_SIGMOID),
                new GRU(3).withActivation(Activation.SOFTSIGN).withResetAfter(false),
                new LSTMCell(3),
                new GRUCell(2),
                new SimpleRNNCell(2),
                new Bidirectional(new GRU(3), Bidirectional.MergeMode.AVE),
                new TimeDistributed(new Dense(4, Activation.RELU)));
        for (Layer l : layers) {
            Layer back = LayerRegistry.fromConfig(l.type(), l.config());
            assertEquals(l.getClass(), back.getClass());
            assertEquals(l.config(), back.config());
        }
        Sequential m = new Sequential(
                        new Embedding(20, 4, true),
                        new Bidirectional(new LSTM(3).withReturnSequences(true)),
                        new TimeDistributed(new Dense(2, Activation.TANH)),
                        new GRU(3),
                        new Dense(1))
                .build(6);
        NDArray x = NDArray.of(new float[] {1, 2, 3, 0, 0, 0, 4, 5, 6, 7, 8, 19}, 2, 6);
        NDArray y = m.predict(x);
        Path f = dir.resolve("rnn.nabla");
        m.save(f);
        assertTrue(Files.exists(f));
        Sequential back = Sequential.load(f);
        ModelSaveTest.assertSameWeights(m, back);
        // Predictions agree to float rounding only: the Vector API's exp/tanh may differ by an ulp between JIT tiers.
        close(y, back.predict(x), 1e-6f);
    }

    @Test
    void errorsNameTheLayerAndTheFix() {
        LSTM l = new LSTM(4);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> l.apply(Tensor.of(NDArray.zeros(2, 784)), false));
        assertTrue(
                e.getMessage().startsWith("LSTM 'lstm': expected input (batch, steps, features), got (batch, 784)")
                        && e.getMessage().contains("Embedding"),
                e.getMessage());
        Embedding emb = new Embedding(10, 3);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> emb.apply(Tensor.of(NDArray.of(new float[] {1, 12}, 1, 2)), false));
        assertTrue(
                e.getMessage().contains("Embedding 'embedding'")
                        && e.getMessage().contains("12.0")
                        && e.getMessage().contains("[0, 10)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LSTM(3).withDropout(1.5f));
        assertTrue(e.getMessage().contains("dropout"), e.getMessage());
        LSTM s = new LSTM(4);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> s.applyWithState(
                        Tensor.of(NDArray.zeros(2, 3, 1)), null, List.of(Tensor.of(NDArray.zeros(2, 4))), false));
        assertTrue(e.getMessage().contains("2 initial state"), e.getMessage());
    }

    @Test
    void applyWithStateReturnsTheFinalStatesAndUsesTheInitialOnes() {
        Rng rng = new Rng(4);
        NDArray x = u(rng, 2, 4, 3);
        LSTM l = new LSTM(5);
        Recurrent.Output o = l.applyWithState(Tensor.of(x), null, null, false);
        assertEquals(2, o.states().size());
        close(o.output().value(), o.states().get(0).value(), 0f);
        close(o.output().value(), l.apply(Tensor.of(x), false).value(), 0f);
        // running the last two steps from the state after the first two gives the same result
        Recurrent.Output first = l.applyWithState(Tensor.of(x.slice(1, 0, 2).copy()), null, null, false);
        Recurrent.Output second = l.applyWithState(Tensor.of(x.slice(1, 2, 4).copy()), null, first.states(), false);
        close(o.output().value(), second.output().value(), 1e-6f);
        close(o.states().get(1).value(), second.states().get(1).value(), 1e-6f);
        GRU g = new GRU(3).withReturnSequences(true).withGoBackwards(true);
        Recurrent.Output og = g.applyWithState(Tensor.of(x), null, null, false);
        assertEquals(Shape.of(2, 4, 3), og.output().shape());
        close(
                og.output().value().slice(1, 3, 4).reshape(2, 3),
                og.states().get(0).value(),
                0f);
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() {
        NDArray x = u(new Rng(1), 4, 6, 3);
        Supplier<LSTM> make = () ->
                (LSTM) new LSTM(5).withDropout(0.3f).withRecurrentDropout(0.3f).seeded(8);
        LSTM a = make.get(), b = make.get();
        close(a.apply(Tensor.of(x), true).value(), b.apply(Tensor.of(x), true).value(), 0f);
        NDArray eval = a.apply(Tensor.of(x), false).value();
        NDArray plain =
                ((LSTM) new LSTM(5).seeded(8)).apply(Tensor.of(x), false).value();
        close(eval, plain, 0f);
        assertNotEquals(eval.get(0, 0), a.apply(Tensor.of(x), true).value().get(0, 0));
    }

    @Test
    void initializersAreKeras() {
        LSTM l = new LSTM(8);
        l.build(Shape.of(3, 2));
        NDArray rk = l.parameters().get(1).value();
        close(rk.matmul(rk.transpose()), NDArray.of(eye(8), 8, 8), 1e-5f);
        NDArray bias = l.parameters().get(2).value();
        assertEquals(8f, bias.sum(), 0f);
        assertEquals(1f, bias.get(8), 0f);
        SimpleRNN irnn = SimpleRNN.irnn(4);
        irnn.build(Shape.of(3, 2));
        close(irnn.parameters().get(1).value(), NDArray.of(eye(4), 4, 4), 0f);
    }

    private static float[] eye(int n) {
        float[] d = new float[n * n];
        for (int i = 0; i < n; i++) d[i * n + i] = 1;
        return d;
    }

    @Test
    void anLstmLearnsTheSignOfASequenceSum() {
        Rng rng = new Rng(21);
        int n = 512, steps = 8;
        NDArray x = NDArray.uniform(Shape.of(n, steps, 1), -1f, 1f, rng);
        NDArray y = x.sum(false, 1).gt(0f);
        Sequential m = new Sequential(new LSTM(8), new Dense(1, Activation.SIGMOID));
        m.compile("binary_crossentropy", new Adam(0.02f), "accuracy");
        m.fit(x, y, FitOptions.defaults().epochs(15).batchSize(32).verbose(false));
        Map<String, Double> r = m.evaluate(x, y);
        assertTrue(r.get("accuracy") > 0.9, r.toString());
    }
}
