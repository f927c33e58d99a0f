package nabla.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import nabla.autograd.Activation;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.nn.activation.ELU;
import nabla.nn.activation.LeakyReLU;
import nabla.nn.activation.PReLU;
import nabla.nn.conv.Conv1D;
import nabla.nn.conv.Conv2D;
import nabla.nn.conv.ZeroPadding2D;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.core.GaussianNoise;
import nabla.nn.core.Permute;
import nabla.nn.core.Reshape;
import nabla.nn.merge.Merge;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.pool.AveragePooling1D;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.GlobalAveragePooling1D;
import nabla.nn.pool.GlobalAveragePooling2D;
import nabla.nn.pool.GlobalMaxPooling1D;
import nabla.nn.pool.GlobalMaxPooling2D;
import nabla.nn.pool.MaxPooling1D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.recurrent.Bidirectional;
import nabla.nn.recurrent.GRU;
import nabla.nn.recurrent.LSTM;
import nabla.nn.recurrent.SimpleRNN;
import nabla.nn.recurrent.TimeDistributed;
import nabla.tensor.NDArray;

/** The test architectures: each a model with random weights and fixed random inputs. */
final class Architectures {
    private Architectures() {}

    /** A named model and its inputs. */
    record Case(String name, Model model, List<NDArray> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case of(String name, Supplier<Model> m, NDArray... inputs) {
        Model model = m.get();
        Ort.randomize(model, name.hashCode());
        return new Case(name, model, List.of(inputs));
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(of(
                "mlp",
                () -> new Sequential(
                                new Dense(16, Activation.RELU),
                                new Dense(8, Activation.TANH),
                                new Dropout(0.5f),
                                new Dense(5, Activation.SOFTMAX))
                        .build(12),
                Ort.input(1, 7, 12)));
        c.add(of("activations", Architectures::activations, Ort.input(2, 5, 6)));
        c.add(of(
                "cnn2d",
                () -> new Sequential(
                                new Conv2D(4, 3, Activation.RELU)
                                        .withPadding(Padding.SAME)
                                        .withStride(2),
                                new BatchNormalization(),
                                new MaxPooling2D(2).withPadding(Padding.SAME),
                                new Conv2D(5, 2).withDilation(2).withActivation(Activation.ELU),
                                new ZeroPadding2D(1, 0, 2, 1),
                                new AveragePooling2D(2, 1).withStride(1).withPadding(Padding.SAME),
                                new Conv2D(3, 3, 2, Activation.SIGMOID).withPadding(new Padding.Explicit(1, 0, 0, 2)),
                                new PReLU().withSharedAxes(1, 2),
                                new Flatten(),
                                new Dense(4, Activation.SOFTMAX))
                        .build(13, 11, 2),
                Ort.input(3, 3, 13, 11, 2)));
        c.add(of(
                "cnn1d",
                () -> new Sequential(
                                new Conv1D(6, 3, Activation.RELU)
                                        .withPadding(Padding.SAME)
                                        .withStride(2),
                                new MaxPooling1D(2),
                                new Conv1D(4, 2).withDilation(2).withPadding(Padding.SAME),
                                new AveragePooling1D(2).withPadding(Padding.SAME),
                                new BatchNormalization(),
                                new GlobalMaxPooling1D(),
                                new Dense(3))
                        .build(21, 3),
                Ort.input(4, 4, 21, 3)));
        c.add(of("global-pools", Architectures::globalPools, Ort.input(5, 3, 6, 5, 3)));
        c.add(of(
                "reshape-permute",
                () -> new Sequential(
                                new Reshape(4, 6),
                                new Permute(2, 1),
                                new Conv1D(3, 2),
                                new Flatten(),
                                new BatchNormalization(),
                                new Dense(2))
                        .build(24),
                Ort.input(6, 5, 24)));
        c.add(of(
                "embedding-lstm-gru",
                () -> new Sequential(
                                new Embedding(20, 6),
                                new LSTM(5).withReturnSequences(true),
                                new GRU(4).withReturnSequences(true),
                                new GRU(3).withResetAfter(false),
                                new Dense(2, Activation.SIGMOID))
                        .build(7),
                Ort.ids(7, 4, 7, 20)));
        c.add(of(
                "rnn-variants",
                () -> new Sequential(
                                new SimpleRNN(4).withReturnSequences(true),
                                new LSTM(3).withGoBackwards(true).withReturnSequences(true),
                                new LSTM(3).withPeephole(true).withReturnSequences(true),
                                new GRU(3).withGoBackwards(true).withReturnSequences(true),
                                new LSTM(4).withActivation(Activation.RELU),
                                new Dense(2))
                        .build(6, 3),
                Ort.input(8, 3, 6, 3)));
        c.add(of("bidirectional", Architectures::bidirectional, Ort.input(9, 3, 5, 4)));
        c.add(of(
                "time-distributed",
                () -> new Sequential(
                                new TimeDistributed(new Dense(4, Activation.RELU)),
                                new TimeDistributed(new Flatten()),
                                new GRU(3))
                        .build(5, 3, 2),
                Ort.input(10, 3, 5, 3, 2)));
        c.add(of("functional", Architectures::functional, Ort.input(11, 4, 6), Ort.input(12, 4, 6)));
        c.add(of("conv-merges", Architectures::convMerges, Ort.input(13, 2, 6, 6, 2)));
        return c;
    }

    private static Model activations() {
        SymbolicTensor in = Functional.input(6);
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Activation a : Activation.values()) outs.add(in.then(new Dense(3, a)));
        outs.add(in.then(new ActivationLayer(Activation.GELU)));
        outs.add(in.then(new ELU(0.7f)));
        outs.add(in.then(new LeakyReLU(0.1f)));
        outs.add(in.then(new PReLU()));
        outs.add(in.then(new GaussianNoise(0.3f)).then(new Dense(2)));
        return new Functional(1L, List.of(in), List.of(Functional.concatenate(outs.toArray(SymbolicTensor[]::new))));
    }

    private static Model globalPools() {
        SymbolicTensor in = Functional.input(6, 5, 3);
        SymbolicTensor conv = in.then(new Conv2D(4, 2));
        SymbolicTensor a = conv.then(new GlobalAveragePooling2D());
        SymbolicTensor b = conv.then(new GlobalMaxPooling2D());
        SymbolicTensor c = in.then(new GlobalAveragePooling2D()); // channels-last input: ReduceMean
        SymbolicTensor seq = in.then(new Reshape(30, 3));
        SymbolicTensor d = seq.then(new GlobalAveragePooling1D());
        SymbolicTensor e = seq.then(new Conv1D(2, 3)).then(new GlobalAveragePooling1D());
        return new Functional(
                2L, List.of(in), List.of(Functional.concatenate(a, b, c, d, e).then(new Dense(3).named("out"))));
    }

    private static Model bidirectional() {
        SymbolicTensor in = Functional.input(5, 4);
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Bidirectional.MergeMode mode : Bidirectional.MergeMode.values()) {
            outs.add(in.then(new Bidirectional(new LSTM(3).withReturnSequences(true), mode))
                    .then(new Flatten()));
            outs.add(in.then(new Bidirectional(new GRU(2), mode)));
        }
        outs.add(in.then(new Bidirectional(new SimpleRNN(2).withReturnSequences(true)))
                .then(new Bidirectional(new GRU(2).withResetAfter(false))));
        return new Functional(3L, List.of(in), List.of(Functional.concatenate(outs.toArray(SymbolicTensor[]::new))));
    }

    /** Two inputs through one shared tower (a nested Sequential), every merge, two outputs. */
    private static Model functional() {
        Sequential tower = new Sequential(new Dense(5, Activation.TANH), new Dense(4)).named("tower");
        Layer shared = new Dense(4, Activation.RELU).named("shared");
        SymbolicTensor a = Functional.input("left", 6), b = Functional.input("right", 6);
        SymbolicTensor ta = a.then(tower), tb = b.then(tower);
        SymbolicTensor sa = ta.then(shared), sb = tb.then(shared);
        SymbolicTensor m = Functional.concatenate(
                Functional.merge(Merge.add(), sa, sb, ta),
                Functional.merge(Merge.subtract(), sa, sb),
                Functional.merge(Merge.multiply(), sa, sb),
                Functional.merge(Merge.average(), sa, sb, tb),
                Functional.merge(Merge.maximum(), sa, sb),
                Functional.merge(Merge.minimum(), sa, sb));
        SymbolicTensor same = m.then(new Dense(1, Activation.SIGMOID).named("same"));
        SymbolicTensor digit = m.then(new Dense(3, Activation.SOFTMAX).named("digit"));
        return new Functional(4L, List.of(a, b), List.of(same, digit));
    }

    /** Merges of channels-first convolution outputs and a nested functional model with two outputs. */
    private static Model convMerges() {
        SymbolicTensor x = Functional.input(6, 6, 2);
        SymbolicTensor p = x.then(new Conv2D(3, 3).withPadding(Padding.SAME));
        SymbolicTensor q = x.then(new Conv2D(3, 1, Activation.RELU));
        SymbolicTensor sum = Functional.add(p, q);
        SymbolicTensor cat = Functional.merge(Merge.concatenate(), p, q, x);
        SymbolicTensor catH = Functional.merge(Merge.concatenate(1), p, q);
        SymbolicTensor ix = Functional.input(6, 6, 3);
        SymbolicTensor i1 = ix.then(new Conv2D(2, 2)), i2 = ix.then(new MaxPooling2D(2));
        Functional inner = new Functional(5L, List.of(ix), List.of(i1, i2)).named("inner");
        List<SymbolicTensor> io = Functional.call(inner, sum);
        SymbolicTensor out = Functional.concatenate(
                cat.then(new Flatten()),
                catH.then(new Flatten()),
                io.get(0).then(new Flatten()),
                io.get(1).then(new GlobalMaxPooling2D()));
        return new Functional(6L, List.of(x), List.of(out.then(new Dense(3, Activation.TANH).named("head"))));
    }

    /**
     * TimeDistributed around a layer other than Dense and Flatten: exported by folding the steps into the batch axis,
     * which ONNX Runtime runs but the importer (whose batch axis stays apart) does not read back.
     */
    static Case timeDistributedConv() {
        return of(
                "time-distributed-conv",
                () -> new Sequential(new TimeDistributed(new Conv1D(2, 2)), new TimeDistributed(new Flatten()))
                        .build(5, 3, 2),
                Ort.input(14, 3, 5, 3, 2));
    }

    /**
     * The attention layers of issue 15: LayerNormalization (with and without gamma and beta), Dot of every rank
     * pairing (axes 2, (2, 1), (1, 2) for a vector with a sequence, 1 normalized), Softmax over the last axis and
     * axis 1, RepeatVector. Export only: the importer does not read these ops back yet.
     */
    static Case attention() {
        return of(
                "attention",
                () -> {
                    SymbolicTensor seq = Functional.input("seq", 5, 6), summary = Functional.input("summary", 6);
                    SymbolicTensor h = seq.then(new nabla.nn.normalization.LayerNormalization().named("ln"));
                    SymbolicTensor q = h.then(new Dense(6).named("q")), k = h.then(new Dense(6).named("k"));
                    SymbolicTensor scores = Functional.call(new nabla.nn.merge.Dot(2).named("qk"), q, k)
                            .getFirst()
                            .then(new nabla.nn.activation.Softmax().named("sm"));
                    SymbolicTensor att = Functional.call(new nabla.nn.merge.Dot(2, 1, false).named("av"), scores, h)
                            .getFirst()
                            .then(new nabla.nn.normalization.LayerNormalization(-1, 1e-5f, false, false).named("ln2"));
                    SymbolicTensor rep = summary.then(new nabla.nn.core.RepeatVector(5).named("rep"));
                    SymbolicTensor sum = Functional.add(att, rep);
                    SymbolicTensor cols = sum.then(new nabla.nn.activation.Softmax(1).named("sm_steps"));
                    SymbolicTensor vs = Functional.call(new nabla.nn.merge.Dot(1, 2, false).named("vs"), summary, cols)
                            .getFirst();
                    SymbolicTensor flat = sum.then(new Flatten()).then(new Dense(6).named("proj"));
                    SymbolicTensor cos = Functional.call(
                                    new nabla.nn.merge.Dot(1)
                                            .withNormalize(true)
                                            .named("cos"),
                                    flat,
                                    summary)
                            .getFirst();
                    return new Functional(7L, List.of(seq, summary), List.of(cos, vs, sum));
                },
                Ort.input(21, 3, 5, 6),
                Ort.input(22, 3, 6));
    }

    /** A model with two layers ONNX export does not cover. */
    static Model unsupported() {
        nabla.nn.core.Lambda.register("onnx_test_square", x -> x.mul(x));
        return new Sequential(
                        new Dense(4),
                        new nabla.nn.activation.Maxout(3, 2).named("maxout"),
                        new nabla.nn.core.Lambda("onnx_test_square").named("sq"),
                        new Dense(2))
                .build(5);
    }
}
