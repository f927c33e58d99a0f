package nabla.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nabla.autograd.Activation;
import nabla.autograd.GradCheck;
import nabla.autograd.Tensor;
import nabla.io.ModelFileException;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.nn.merge.Merge;
import nabla.nn.recurrent.LSTM;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionalTest {
    @TempDir
    Path dir;

    private static void close(NDArray a, NDArray b, float tol) {
        assertEquals(a.shape(), b.shape());
        float[] x = a.toArray(), y = b.toArray();
        for (int i = 0; i < x.length; i++) assertEquals(x[i], y[i], tol, "element " + i);
    }

    /** A residual block and a concatenated second tower, against the same layers applied by hand. */
    private static Functional residual(long seed) {
        SymbolicTensor in = Functional.input(6);
        SymbolicTensor h = in.then(new Dense(8, Activation.RELU));
        SymbolicTensor r = Functional.add(h, h.then(new Dense(8, Activation.TANH)));
        SymbolicTensor side = in.then(new Dense(3, Activation.SIGMOID));
        SymbolicTensor out = Functional.concatenate(r, side).then(new Dense(4, Activation.SOFTMAX));
        return new Functional(seed, in, out);
    }

    @Test
    void theGraphComputesWhatItsLayersDoByHand() {
        Functional m = residual(3);
        assertEquals(
                List.of("dense", "dense_1", "add", "dense_2", "concatenate", "dense_3"),
                m.layers().stream().map(l -> l.name()).toList());
        NDArray x = NDArray.uniform(Shape.of(5, 6), -1, 1, new Rng(1));
        var L = m.layers();
        Tensor t = Tensor.of(x);
        Tensor h = L.get(0).apply(t, false);
        Tensor r = h.add(L.get(1).apply(h, false));
        Tensor side = L.get(3).apply(t, false);
        Tensor expected = L.get(5).apply(Tensor.of(NDArray.concat(1, List.of(r.value(), side.value()))), false);
        close(expected.value(), m.predict(x), 1e-6f);
        assertEquals(Shape.of(4), m.outputShape());
        String s = m.summary();
        assertTrue(
                s.contains("Connected to")
                        && s.contains("concatenate (Concatenate)")
                        && s.contains("(None, 11)")
                        && s.contains("add, dense_2")
                        && s.contains("dense, dense_1"),
                s);
        assertTrue(
                s.contains(String.format(
                        "Total params: %,d",
                        m.parameters().stream().mapToInt(p -> p.size()).sum())),
                s);
    }

    /** A chain written as a graph is the Sequential: same names, seeds, masks, training and predictions. */
    @Test
    void aChainTrainsExactlyAsTheSequential() {
        NDArray x =
                NDArray.of(new float[] {0, 0, 3, 4, 1, 2, 5, 6, 7, 1, 0, 0, 0, 0, 9, 2, 2, 0, 0, 1, 8, 8, 3, 2}, 4, 6);
        NDArray y = NDArray.of(new float[] {1, 0, 1, 0}, 4, 1);
        Sequential seq =
                new Sequential(7L, new Embedding(10, 4, true), new LSTM(5), new Dense(1, Activation.SIGMOID)).build(6);
        SymbolicTensor in = Functional.input(6);
        Functional fun = new Functional(
                7L, in, in.then(new Embedding(10, 4, true)).then(new LSTM(5)).then(new Dense(1, Activation.SIGMOID)));
        seq.compile("binary_crossentropy", new Adam(0.01f), "accuracy");
        fun.compile("binary_crossentropy", new Adam(0.01f), "accuracy");
        FitOptions o = FitOptions.defaults().epochs(3).batchSize(2).verbose(false);
        History hs = seq.fit(x, y, o), hf = fun.fit(x, y, o);
        assertEquals(hs.get("loss"), hf.get("loss"));
        close(seq.predict(x), fun.predict(x), 0f);
    }

    @Test
    void mergeLayersComputeAndDifferentiate() {
        NDArray a = NDArray.uniform(Shape.of(2, 3, 2), -1, 1, new Rng(4)),
                b = NDArray.uniform(Shape.of(2, 3, 2), -1, 1, new Rng(5));
        close(Merge.subtract().merge(List.of(Tensor.of(a), Tensor.of(b))).value(), a.sub(b), 0f);
        close(
                Merge.average().merge(List.of(Tensor.of(a), Tensor.of(b))).value(),
                a.add(b).mul(0.5f),
                1e-7f);
        close(Merge.maximum().merge(List.of(Tensor.of(a), Tensor.of(b))).value(), a.maximum(b), 0f);
        assertEquals(
                Shape.of(2, 6, 2),
                Merge.concatenate(1).merge(List.of(Tensor.of(a), Tensor.of(b))).shape());
        for (Merge m : List.of(
                Merge.add(),
                Merge.subtract(),
                Merge.multiply(),
                Merge.average(),
                Merge.maximum(),
                Merge.minimum(),
                Merge.concatenate(),
                Merge.concatenate(1))) {
            GradCheck.Result r = GradCheck.check(t -> m.merge(List.of(t[0], t[1])), a, b);
            assertTrue(r.ok(), m.type() + ": " + r);
        }
    }

    @Test
    void savedGraphsLoadWithTheirWeightsAndTraining() throws Exception {
        Functional m = residual(9);
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        NDArray x = NDArray.uniform(Shape.of(16, 6), -1, 1, new Rng(2));
        NDArray y = NDArray.of(new float[] {0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3}, 16);
        m.fit(x, y, FitOptions.defaults().epochs(2).batchSize(4).shuffle(false).verbose(false));
        Path f = dir.resolve("graph.nabla");
        m.save(f);
        Functional back = Functional.load(f);
        close(m.predict(x), back.predict(x), 1e-6f);
        assertEquals(m.summary(), back.summary());
        FitOptions more =
                FitOptions.defaults().epochs(1).batchSize(4).shuffle(false).verbose(false);
        assertEquals(m.fit(x, y, more).get("loss"), back.fit(x, y, more).get("loss"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> Sequential.load(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("Functional"), e.getMessage());
        assertTrue(Files.size(f) > 0);
    }

    /** Word ids through Embedding(maskZero) and an LSTM beside two numeric features, as a review with metadata. */
    private static Functional twoInputs() {
        SymbolicTensor words = Functional.input(5), extra = Functional.input(2);
        SymbolicTensor text = words.then(new Embedding(10, 4, true)).then(new LSTM(3));
        SymbolicTensor meta = extra.then(new Dense(3, Activation.TANH));
        return new Functional(
                11L, List.of(words, extra), Functional.concatenate(text, meta).then(new Dense(1, Activation.SIGMOID)));
    }

    @Test
    void aModelOfTwoInputsTrainsSavesAndLoads() throws Exception {
        Functional m = twoInputs();
        assertEquals(List.of(Shape.of(5), Shape.of(2)), m.inputShapes());
        NDArray ids = NDArray.of(new float[] {0, 0, 3, 4, 1, 2, 5, 6, 7, 1, 0, 0, 0, 9, 2, 8, 8, 3, 2, 1}, 4, 5);
        NDArray feats = NDArray.of(new float[] {0.5f, -1, 1, 0, -0.5f, 0.25f, 2, 1}, 4, 2);
        NDArray y = NDArray.of(new float[] {1, 0, 1, 0}, 4, 1);
        // by hand: the same layers on each input
        var L = m.layers();
        Tensor w = Tensor.of(ids);
        Tensor text = L.get(1).apply(L.get(0).apply(w, false), L.get(0).computeMask(w, null), false);
        Tensor meta = L.get(2).apply(Tensor.of(feats), false);
        NDArray expected = L.get(4)
                .apply(Tensor.of(NDArray.concat(1, List.of(text.value(), meta.value()))), false)
                .value();
        close(expected, m.predict(List.of(ids, feats)), 1e-6f);
        String summary = m.summary();
        assertTrue(
                summary.contains("input (InputLayer)")
                        && summary.contains("input_1 (InputLayer)")
                        && summary.contains("input_1\n")
                        && summary.contains("lstm, dense"),
                summary);

        m.compile("binary_crossentropy", new Adam(0.05f), "accuracy");
        History h = m.fit(
                List.of(ids, feats),
                List.of(y),
                FitOptions.defaults()
                        .epochs(20)
                        .batchSize(2)
                        .verbose(false)
                        .validationData(List.of(ids, feats), List.of(y)));
        assertTrue(
                h.last("loss") < 0.5 * h.get("loss").getFirst(), h.get("loss").toString());
        Path f = dir.resolve("two.nabla");
        m.save(f);
        Functional back = Functional.load(f);
        assertEquals(m.summary(), back.summary());
        close(m.predict(List.of(ids, feats)), back.predict(List.of(ids, feats)), 1e-6f);
        assertEquals(
                m.evaluate(List.of(ids, feats), List.of(y), null),
                back.evaluate(List.of(ids, feats), List.of(y), null));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(List.of(ids, ids)));
        assertTrue(e.getMessage().contains("input 'input_1' expected (batch, 2), got (4, 5)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(List.of(ids)));
        assertTrue(e.getMessage().contains("expected 2 input arrays [input, input_1], got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.predict(ids));
        assertTrue(e.getMessage().contains("expected 2 input arrays [input, input_1], got 1"), e.getMessage());
        SymbolicTensor a = Functional.input(3), unused = Functional.input(2);
        e = assertThrows(
                IllegalArgumentException.class, () -> new Functional(1L, List.of(a, unused), a.then(new Dense(1))));
        assertTrue(e.getMessage().contains("no output depends on the model's input 1 (None, 2)"), e.getMessage());
    }

    @Test
    void badGraphsSayWhatIsWrong() {
        SymbolicTensor in = Functional.input(6);
        SymbolicTensor a = in.then(new Dense(3)), b = in.then(new Dense(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Functional.add(a, b));
        assertTrue(
                e.getMessage().contains("Add")
                        && e.getMessage().contains("(batch, 3)")
                        && e.getMessage().contains("(batch, 4)"),
                e.getMessage());
        Dense shared = new Dense(6);
        SymbolicTensor twice = in.then(shared).then(shared);
        Functional tied = new Functional(in, twice); // one layer at two nodes: one set of weights
        assertEquals(1, tied.layers().size());
        assertEquals(2, tied.parameters().size());
        Dense narrow = new Dense(3);
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new Functional(in, in.then(narrow).then(narrow)));
        assertTrue(
                e.getMessage().contains("already built for input (batch, 6), cannot rebuild for (batch, 3)"),
                e.getMessage());
        SymbolicTensor other = Functional.input(6);
        e = assertThrows(IllegalArgumentException.class, () -> new Functional(in, other.then(new Dense(2))));
        assertTrue(e.getMessage().contains("not among the model's inputs"), e.getMessage());
        SymbolicTensor c = in.then(new Dense(2));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new Functional(in, Functional.input(3).then(new Dense(2))));
        assertTrue(e.getMessage().contains("Functional.input (None, 3) that is not among"), e.getMessage());
        IllegalArgumentException s =
                assertThrows(IllegalArgumentException.class, () -> new Sequential(new Dense(2), Merge.add()));
        assertTrue(s.getMessage().contains("Functional model"), s.getMessage());
        Functional ok = new Functional(in, c);
        e = assertThrows(IllegalArgumentException.class, () -> ok.predict(NDArray.zeros(2, 5)));
        assertTrue(e.getMessage().contains("(batch, 6)") && e.getMessage().contains("(2, 5)"), e.getMessage());
    }
}
