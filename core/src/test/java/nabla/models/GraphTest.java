package nabla.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.data.Dataset;
import nabla.data.Example;
import nabla.io.LayerRegistry;
import nabla.io.ModelFileException;
import nabla.losses.Loss;
import nabla.losses.MeanSquaredError;
import nabla.losses.SparseCategoricalCrossEntropy;
import nabla.nn.ConfigMap;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Lambda;
import nabla.nn.merge.Merge;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.weights.Initializer;
import nabla.optim.Adam;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nested models, shared layers, several inputs and outputs, freezing, custom pieces and exact resume. */
class GraphTest {
    @TempDir
    Path dir;

    private static NDArray normal(long seed, int... dims) {
        return NDArray.normal(Shape.of(dims), 0, 1, new Rng(seed));
    }

    private static NDArray labels(long seed, int n, int classes) {
        Rng r = new Rng(seed);
        float[] l = new float[n];
        for (int i = 0; i < n; i++) l[i] = r.nextInt(classes);
        return NDArray.of(l, n);
    }

    private static float[] flat(Model m) {
        List<Float> all = new ArrayList<>();
        for (Parameter p : m.parameters()) for (float v : p.value().toArray()) all.add(v);
        float[] a = new float[all.size()];
        for (int i = 0; i < a.length; i++) a[i] = all.get(i);
        return a;
    }

    /** Central differences in double of a float32 loss with respect to one weight element. */
    private static double numeric(java.util.function.DoubleSupplier loss, NDArray w, int i, float h) {
        float[] d = w.data();
        float old = d[w.offset() + i];
        d[w.offset() + i] = old + h;
        double up = loss.getAsDouble();
        d[w.offset() + i] = old - h;
        double down = loss.getAsDouble();
        d[w.offset() + i] = old;
        return (up - down) / (2.0 * h);
    }

    @Test
    void aSharedLayersGradientIsTheSumOverItsNodesAndMatchesFiniteDifferences() {
        SymbolicTensor a = Functional.input("a", 5), b = Functional.input("b", 5);
        Dense shared = new Dense(4, Activation.TANH);
        SymbolicTensor sum = Functional.add(a.then(shared), b.then(shared));
        Functional m = new Functional(7L, List.of(a, b), sum.then(new Dense(1)));
        assertEquals(3, m.layers().size()); // dense, add, dense_1: the shared layer is listed once
        assertEquals(4, m.parameters().size());
        NDArray xa = normal(1, 6, 5), xb = normal(2, 6, 5), y = normal(3, 6, 1);
        m.compile(new MeanSquaredError(), new SGD(0.1f));
        java.util.function.DoubleSupplier loss =
                () -> m.testOnBatch(List.of(xa, xb), List.of(y), null).get("loss");
        Parameter kernel = shared.parameters().getFirst();
        Tensor l = new MeanSquaredError()
                .compute(
                        y,
                        m.forwardAll(List.of(Tensor.of(xa), Tensor.of(xb)), false)
                                .getFirst());
        List<NDArray> g = Parameter.gradients(l, List.of(kernel));
        float[] analytic = g.getFirst().toArray();
        for (int i = 0; i < analytic.length; i++) {
            double num = numeric(loss, kernel.value(), i, 1e-2f);
            assertEquals(num, analytic[i], 2e-3 + 2e-2 * Math.abs(num), "element " + i);
        }
        // the same graph written flat, with two layers holding the same weights: the shared gradient is their sum
        SymbolicTensor fa = Functional.input("a", 5), fb = Functional.input("b", 5);
        Dense d1 = new Dense(4, Activation.TANH), d2 = new Dense(4, Activation.TANH);
        Functional flat = new Functional(
                7L, List.of(fa, fb), Functional.add(fa.then(d1), fb.then(d2)).then(new Dense(1)));
        List<NDArray> w = m.getWeights();
        flat.setWeights(List.of(w.get(0), w.get(1), w.get(0).copy(), w.get(1).copy(), w.get(2), w.get(3)));
        assertArrayEquals(
                m.predict(List.of(xa, xb)).toArray(),
                flat.predict(List.of(xa, xb)).toArray(),
                0f);
        Tensor lf = new MeanSquaredError()
                .compute(
                        y,
                        flat.forwardAll(List.of(Tensor.of(xa), Tensor.of(xb)), false)
                                .getFirst());
        List<NDArray> gf = Parameter.gradients(
                lf, List.of(d1.parameters().getFirst(), d2.parameters().getFirst()));
        assertArrayEquals(gf.get(0).add(gf.get(1)).toArray(), analytic, 1e-6f);
    }

    private static Sequential encoder() {
        return new Sequential(3L, new Dense(8, Activation.RELU), new Dense(4)).named("encoder");
    }

    @Test
    void aNestedModelTrainsSavesLoadsAndShowsInTheSummary() throws IOException {
        Sequential enc = encoder().build(6);
        SymbolicTensor in = Functional.input(6);
        Functional clf = new Functional(1L, in, in.then(enc).then(new Dense(3, Activation.SOFTMAX)));
        assertEquals(
                List.of(
                        "encoder.dense.kernel",
                        "encoder.dense.bias",
                        "encoder.dense_1.kernel",
                        "encoder.dense_1.bias",
                        "dense.kernel",
                        "dense.bias"),
                List.copyOf(clf.namedParameters().keySet()));
        String summary = clf.summary();
        assertTrue(summary.contains("encoder (Sequential)") && summary.contains("│ dense_1 (Dense)"), summary);
        assertTrue(summary.contains("Total params: " + (6 * 8 + 8 + 8 * 4 + 4 + 4 * 3 + 3)), summary);
        NDArray x = normal(4, 32, 6), y = labels(5, 32, 3);
        float[] before = enc.getWeights().getFirst().toArray();
        clf.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        History h = clf.fit(x, y, FitOptions.defaults().epochs(5).batchSize(8).verbose(false));
        assertTrue(h.last("loss") < h.get("loss").getFirst(), h.get("loss").toString());
        assertFalse(java.util.Arrays.equals(before, enc.getWeights().getFirst().toArray()), "the encoder trained");
        Path f = dir.resolve("nested.nabla");
        clf.save(f);
        Functional back = Functional.load(f);
        assertEquals(clf.summary(), back.summary());
        assertArrayEquals(clf.predict(x).toArray(), back.predict(x).toArray(), 0f);
        assertEquals(clf.evaluate(x, y), back.evaluate(x, y));
        assertTrue(back.getLayer("encoder") instanceof Sequential);
        // a nested functional model in a Sequential
        SymbolicTensor i2 = Functional.input(6);
        Functional block = new Functional(2L, i2, Functional.add(i2, i2.then(new Dense(6)))).named("block");
        Sequential s = new Sequential(new Dense(6), block, new Dense(1)).build(6);
        Path f2 = dir.resolve("nested2.nabla");
        s.save(f2);
        assertArrayEquals(s.predict(x).toArray(), Sequential.load(f2).predict(x).toArray(), 0f);
    }

    @Test
    void aNestedModelsGradientsMatchFiniteDifferences() {
        Sequential enc =
                new Sequential(3L, new Dense(5, Activation.TANH)).named("enc").build(4);
        SymbolicTensor in = Functional.input(4);
        Functional m = new Functional(1L, in, in.then(enc).then(new Dense(2)));
        m.compile(new MeanSquaredError(), new SGD(0.1f));
        NDArray x = normal(1, 5, 4), y = normal(2, 5, 2);
        Parameter k = enc.parameters().getFirst();
        Tensor l = new MeanSquaredError()
                .compute(y, m.forwardAll(List.of(Tensor.of(x)), false).getFirst());
        float[] analytic = Parameter.gradients(l, List.of(k)).getFirst().toArray();
        for (int i = 0; i < analytic.length; i++) {
            double num =
                    numeric(() -> m.testOnBatch(List.of(x), List.of(y), null).get("loss"), k.value(), i, 1e-2f);
            assertEquals(num, analytic[i], 2e-3 + 2e-2 * Math.abs(num), "element " + i);
        }
    }

    @Test
    void severalOutputsHavePerOutputLossesWeightsAndMetricsAndSaveByName() throws IOException {
        SymbolicTensor x1 = Functional.input("numbers", 4), x2 = Functional.input("extra", 2);
        SymbolicTensor h = Functional.concatenate(x1, x2).then(new Dense(8, Activation.RELU));
        SymbolicTensor reg = h.then(new Dense(1).named("value"));
        SymbolicTensor cls = h.then(new Dense(3, Activation.SOFTMAX).named("kind"));
        Functional m = new Functional(5L, List.of(x1, x2), List.of(reg, cls));
        assertEquals(List.of("numbers", "extra"), m.inputNames());
        assertEquals(List.of("value", "kind"), m.outputNames());
        m.compile(
                new Adam(0.01f),
                Map.of("value", new MeanSquaredError(), "kind", new SparseCategoricalCrossEntropy()),
                Map.of("kind", 0.5),
                Map.of("kind", List.of("accuracy")));
        NDArray a = normal(1, 40, 4), b = normal(2, 40, 2), yv = normal(3, 40, 1), yk = labels(4, 40, 3);
        Map<String, NDArray> xs = Map.of("numbers", a, "extra", b), ys = Map.of("value", yv, "kind", yk);
        History hist =
                m.fit(xs, ys, FitOptions.defaults().epochs(3).batchSize(10).verbose(false));
        assertEquals(
                List.of("loss", "value_loss", "kind_loss", "kind_accuracy"),
                List.copyOf(hist.asMap().keySet()));
        Map<String, Double> e = m.evaluate(xs, ys);
        assertEquals(e.get("value_loss") + 0.5 * e.get("kind_loss"), e.get("loss"), 1e-5);
        Map<String, NDArray> p = m.predict(Map.of("numbers", a, "extra", b));
        assertEquals(List.of("value", "kind"), List.copyOf(p.keySet()));
        assertEquals(Shape.of(40, 3), p.get("kind").shape());
        Path f = dir.resolve("two-out.nabla");
        m.save(f);
        Functional back = Functional.load(f);
        assertEquals(m.outputNames(), back.outputNames());
        assertEquals(e, back.evaluate(xs, ys));
        assertArrayEquals(
                m.predictAll(List.of(a, b)).get(1).toArray(),
                back.predictAll(List.of(a, b)).get(1).toArray(),
                0f);
        // training continues identically after the load (optimizer state, per-output compile settings)
        m.fit(
                xs,
                ys,
                FitOptions.defaults().epochs(1).batchSize(10).verbose(false).shuffle(false));
        back.fit(
                xs,
                ys,
                FitOptions.defaults().epochs(1).batchSize(10).verbose(false).shuffle(false));
        assertArrayEquals(flat(m), flat(back), 0f);
        IllegalArgumentException err = assertThrows(IllegalArgumentException.class, () -> m.predict(a));
        assertTrue(err.getMessage().contains("expected 2 input arrays [numbers, extra], got 1"), err.getMessage());
        err = assertThrows(
                IllegalArgumentException.class, () -> m.fit(Map.of("numbers", a), ys, FitOptions.defaults()));
        assertTrue(err.getMessage().contains("no array for input 'extra'"), err.getMessage());
        err = assertThrows(
                IllegalArgumentException.class,
                () -> m.compile(new Adam(), Map.of("valu", new MeanSquaredError()), Map.of(), Map.of()));
        assertTrue(
                err.getMessage().contains("'valu', which is not an output; the outputs are [value, kind]"),
                err.getMessage());
    }

    @Test
    void frozenLayersGetNoUpdateAndFrozenBatchNormRunsInInferenceMode() {
        Sequential enc = new Sequential(3L, new Dense(8, Activation.RELU), new BatchNormalization()).named("base");
        enc.build(6);
        enc.setTrainable(false);
        SymbolicTensor in = Functional.input(6);
        Functional m = new Functional(1L, in, in.then(enc).then(new Dense(3, Activation.SOFTMAX)));
        List<NDArray> base = enc.getWeights(), head = m.getLayer("dense").getWeights();
        m.compile("sparse_categorical_crossentropy", new Adam(0.05f));
        m.fit(
                normal(1, 64, 6).add(NDArray.scalar(3f)),
                labels(2, 64, 3),
                FitOptions.defaults().epochs(2).batchSize(16).verbose(false));
        List<NDArray> after = enc.getWeights(); // kernel, bias, gamma, beta, moving mean, moving variance
        for (int i = 0; i < base.size(); i++)
            assertArrayEquals(base.get(i).toArray(), after.get(i).toArray(), 0f);
        assertNotEquals(
                head.getFirst().toArray()[0],
                m.getLayer("dense").getWeights().getFirst().toArray()[0]);
        for (Parameter p : enc.parameters()) {
            assertFalse(p.trainable());
            assertNull(p.grad());
        }
        assertTrue(m.optimizer().state(m.namedParameters()).slots().keySet().stream()
                .noneMatch(k -> k.startsWith("base.")));
        assertTrue(m.summary().contains("Trainable params: " + (8 * 3 + 3)), m.summary());
        // unfreezing trains it again, but the moving statistics stay non-trainable
        enc.setTrainable(true);
        long trainable = enc.parameters().stream().filter(Parameter::trainable).count();
        assertEquals(4, trainable);
    }

    @Test
    void getAndSetWeightsCopyAModel() {
        Sequential a = new Sequential(1L, new Dense(4, Activation.RELU), new Dense(2)).build(3);
        Sequential b = new Sequential(2L, new Dense(4, Activation.RELU), new Dense(2)).build(3);
        NDArray x = normal(9, 5, 3);
        assertFalse(java.util.Arrays.equals(a.predict(x).toArray(), b.predict(x).toArray()));
        b.setWeights(a.getWeights());
        assertArrayEquals(a.predict(x).toArray(), b.predict(x).toArray(), 0f);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> b.setWeights(a.getWeights().subList(0, 3)));
        assertTrue(e.getMessage().contains("setWeights got 3 arrays for 4 weights"), e.getMessage());
    }

    /** A custom layer: y = x · scale, one trainable weight per feature, initialised to a configured value. */
    static final class Scale extends Layer {
        private final float init;
        private Parameter scale;

        Scale(float init) {
            this.init = init;
        }

        static Scale fromConfig(ConfigMap c) {
            return new Scale(c.floatValue("init", 1f));
        }

        @Override
        protected void create(Shape in, Rng rng) {
            scale = addWeight("scale", Shape.of(in.last()), Initializer.constant(init), rng, true);
        }

        @Override
        protected Tensor call(Tensor x, boolean training) {
            Tensor y = x.mul(scale.tensor());
            addLoss(scale.tensor().mul(scale.tensor()).sum().mul(0.01f)); // an auxiliary loss, as Keras' add_loss
            return y;
        }

        @Override
        public Shape outputShape(Shape in) {
            return in;
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("init", init);
            return c;
        }
    }

    @Test
    void customLayersLossesAndLambdasSaveAndLoadOnceRegistered() throws IOException {
        Lambda.register("graph_test_square", x -> x.mul(x));
        Sequential m =
                new Sequential(1L, new Dense(3), new Scale(2f), new Lambda("graph_test_square"), new Dense(1)).build(4);
        NDArray x = normal(1, 8, 4), y = normal(2, 8, 1);
        m.compile(new MeanSquaredError(), new SGD(0.01f));
        // the added loss counts: the total is the data loss plus 0.01·Σ scale²
        Map<String, Double> logs = m.testOnBatch(List.of(x), List.of(y), null);
        double data = new MeanSquaredError().compute(y, Tensor.of(m.predict(x))).item();
        assertEquals(data + 0.01 * 3 * 4, logs.get("loss"), 1e-4);
        Path f = dir.resolve("custom.nabla");
        m.save(f);
        ModelFileException e = assertThrows(ModelFileException.class, () -> Sequential.load(f));
        assertTrue(e.getMessage().contains("LayerRegistry.register(\"Scale\", Scale::fromConfig)"), e.getMessage());
        LayerRegistry.register("Scale", Scale::fromConfig);
        Sequential back = Sequential.load(f);
        assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 0f);
        m.trainOnBatch(x, y);
        back.trainOnBatch(x, y);
        assertArrayEquals(flat(m), flat(back), 0f);
    }

    @Test
    void onBatchMethodsAndFitOnADatasetAgreeWithFit() {
        NDArray x = normal(1, 48, 5), y = normal(2, 48, 2);
        Sequential a = new Sequential(4L, new Dense(6, Activation.TANH), new Dense(2));
        Sequential b = new Sequential(4L, new Dense(6, Activation.TANH), new Dense(2));
        Sequential c = new Sequential(4L, new Dense(6, Activation.TANH), new Dense(2));
        for (Sequential s : List.of(a, b, c)) s.compile("mse", new Adam(0.01f), "mae");
        a.fit(x, y, FitOptions.defaults().epochs(2).batchSize(16).shuffle(false).verbose(false));
        b.fit(
                Dataset.fromArrays(x, y).batch(16),
                FitOptions.defaults().epochs(2).verbose(false));
        for (int e = 0; e < 2; e++)
            for (int i = 0; i < 3; i++)
                c.trainOnBatch(x.slice(0, 16 * i, 16 * i + 16), y.slice(0, 16 * i, 16 * i + 16));
        assertArrayEquals(flat(a), flat(b), 0f);
        assertArrayEquals(flat(a), flat(c), 0f);
        assertEquals(a.evaluate(x, y), b.evaluate(Dataset.fromArrays(x, y).batch(256)));
        assertArrayEquals(
                a.predict(x).toArray(),
                b.predict(Dataset.fromArrays(x, y).batch(7)).getFirst().toArray(),
                1e-6f); // batches of 7 and of 256 round differently in the GEMM's blocking
        assertArrayEquals(
                a.predict(x.slice(0, 0, 5)).toArray(),
                a.predictOnBatch(List.of(x.slice(0, 0, 5))).getFirst().toArray(),
                0f);
    }

    @Test
    void sampleWeightsOfOnesChangeNothingAndClassWeightsWeightTheLoss() {
        NDArray x = normal(1, 30, 4), y = labels(2, 30, 3);
        Sequential a = new Sequential(4L, new Dense(3, Activation.SOFTMAX)),
                b = new Sequential(4L, new Dense(3, Activation.SOFTMAX));
        a.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        b.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        a.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false));
        b.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false).sampleWeights(NDArray.ones(30)));
        assertArrayEquals(flat(a), flat(b), 0f);
        // class weight 2 for class 0 equals sample weight 2 on the class-0 samples
        float[] w = new float[30];
        for (int i = 0; i < 30; i++) w[i] = y.toArray()[i] == 0 ? 2f : 1f;
        Sequential c = new Sequential(4L, new Dense(3, Activation.SOFTMAX)),
                d = new Sequential(4L, new Dense(3, Activation.SOFTMAX));
        c.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        d.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        c.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false).classWeights(Map.of(0, 2f)));
        d.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false).sampleWeights(NDArray.of(w, 30)));
        assertArrayEquals(flat(c), flat(d), 0f);
        assertFalse(java.util.Arrays.equals(flat(a), flat(c)));
        double weighted = a.evaluate(x, y, NDArray.of(w, 30)).get("loss");
        assertNotEquals(a.evaluate(x, y).get("loss"), weighted);
    }

    @Test
    void saveLoadAndFitOnEqualsOneUninterruptedFitWithShufflingAndDropout() throws IOException {
        NDArray x = normal(1, 64, 6), y = labels(2, 64, 3);
        FitOptions o = FitOptions.defaults().batchSize(8).verbose(false).seed(11);
        Sequential whole = net();
        whole.fit(x, y, o.epochs(4));
        Sequential first = net();
        first.fit(x, y, o.epochs(2));
        assertEquals(2, first.completedEpochs());
        Path f = dir.resolve("half.nabla");
        first.save(f);
        Sequential resumed = Sequential.load(f);
        assertEquals(2, resumed.completedEpochs());
        resumed.fit(x, y, o.epochs(4).initialEpoch(resumed.completedEpochs()));
        assertArrayEquals(flat(whole), flat(resumed), 0f);
        assertEquals(4, resumed.completedEpochs());
        // without the saved random state the dropout masks would repeat and the weights differ
        Sequential fresh = net();
        fresh.build(6);
        fresh.setWeights(Sequential.load(f).getWeights());
        fresh.compile("sparse_categorical_crossentropy", Sequential.load(f).optimizer());
        fresh.fit(x, y, o.epochs(4).initialEpoch(2));
        assertFalse(java.util.Arrays.equals(flat(whole), flat(fresh)));
    }

    private static Sequential net() {
        Sequential s =
                new Sequential(9L, new Dense(16, Activation.RELU), new Dropout(0.5f), new Dense(3, Activation.SOFTMAX));
        s.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        return s;
    }

    @Test
    void modelsWithoutALossTrainOnTheLossesTheirLayersAdd() {
        Sequential m = new Sequential(1L, new Dense(3), new Scale(2f)).build(4);
        m.compile(new SGD(0.5f));
        History h = m.fit(
                List.of(normal(1, 16, 4)),
                List.of(),
                FitOptions.defaults().epochs(3).batchSize(16).verbose(false));
        assertTrue(h.last("loss") < h.get("loss").getFirst(), h.get("loss").toString()); // 0.01·Σ scale² shrinks
    }

    @Test
    void formatVersionOneFunctionalFilesStillLoad() throws IOException {
        // the version-1 layout: "InputLayer" entries first, then each layer naming the layers that feed it
        Dense d = new Dense(2);
        List<nabla.io.LayerSpec> layers = List.of(
                new nabla.io.LayerSpec("InputLayer", "input", Map.of("shape", List.of(3L))),
                new nabla.io.LayerSpec("InputLayer", "input_1", Map.of("shape", List.of(2L))),
                nabla.io.LayerSpec.of(Merge.concatenate(), List.of("input", "input_1")),
                nabla.io.LayerSpec.of(d, List.of("concatenate")));
        NDArray k = normal(1, 5, 2), bias = normal(2, 2);
        Path f = dir.resolve("v1.nabla");
        new nabla.io.ModelArchive(
                        new nabla.io.ModelSpec("Functional", "old", 42L, Shape.of(3), layers, null),
                        Map.of("dense.kernel", k, "dense.bias", bias))
                .write(f);
        Path v1 = ArchiveRewrite.rewrite(
                f,
                dir.resolve("v1b.nabla"),
                "nabla.json",
                b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"format_version\" : 2", "\"format_version\" : 1")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Functional m = Functional.load(v1);
        NDArray a = normal(3, 4, 3), b = normal(4, 4, 2);
        NDArray expected = NDArray.concat(1, List.of(a, b)).matmul(k).add(bias);
        assertArrayEquals(expected.toArray(), m.predict(List.of(a, b)).toArray(), 1e-6f);
    }

    @Test
    void lossesFromLogitsTrainALinearOutput() {
        NDArray x = normal(1, 30, 4), y = labels(2, 30, 3);
        Sequential soft = new Sequential(4L, new Dense(3, Activation.SOFTMAX));
        Sequential lin = new Sequential(4L, new Dense(3));
        soft.compile("sparse_categorical_crossentropy", new SGD(0.1f));
        lin.compile(new SparseCategoricalCrossEntropy(true), new SGD(0.1f));
        soft.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false));
        lin.fit(x, y, FitOptions.defaults().epochs(2).batchSize(8).verbose(false));
        assertArrayEquals(flat(soft), flat(lin), 0f);
        Loss saved = Loss.fromConfig(lin.loss().name(), lin.loss().config());
        assertTrue(((SparseCategoricalCrossEntropy) saved).fromLogits());
    }

    @Test
    void trainStepOfACustomModelSeesTheBatch() {
        // a model subclass with its own step: fit drives it
        final int[] calls = {0};
        Dense inner = new Dense(1);
        Model custom = new Model() {
            @Override
            protected List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
                return List.of(inner.apply(inputs.getFirst(), training));
            }

            @Override
            public List<Layer> layers() {
                return List.of(inner);
            }

            @Override
            public float trainStep(Example batch, List<nabla.metrics.Metric> metrics) {
                calls[0]++;
                Tensor out = forwardAll(List.of(Tensor.of(batch.inputs().getFirst())), true)
                        .getFirst();
                return optimizer()
                        .minimize(new MeanSquaredError().compute(batch.targets().getFirst(), out), parameters());
            }
        };
        custom.compile(new SGD(0.1f));
        NDArray x = normal(1, 20, 3), y = normal(2, 20, 1);
        History h =
                custom.fit(x, y, FitOptions.defaults().epochs(4).batchSize(5).verbose(false));
        assertEquals(16, calls[0]);
        assertTrue(h.last("loss") < h.get("loss").getFirst());
        assertThrows(UnsupportedOperationException.class, () -> custom.save(dir.resolve("c.nabla")));
    }

    @Test
    void aFeatureExtractorFromATrainedModelSharesItsLayers() {
        SymbolicTensor in = Functional.input(5);
        SymbolicTensor h = in.then(new Dense(4, Activation.TANH).named("features"));
        Functional clf = new Functional(3L, in, h.then(new Dense(2, Activation.SOFTMAX)));
        Functional features = new Functional(3L, clf.inputs(), List.of(clf.output("features")));
        NDArray x = normal(1, 6, 5);
        NDArray before = features.predict(x);
        clf.compile("sparse_categorical_crossentropy", new Adam(0.1f));
        clf.fit(x, labels(2, 6, 2), FitOptions.defaults().epochs(3).batchSize(6).verbose(false));
        NDArray after = features.predict(x);
        assertFalse(
                java.util.Arrays.equals(before.toArray(), after.toArray()), "the extractor sees the trained weights");
        NDArray direct = x.matmul(clf.getLayer("features").getWeights().get(0))
                .add(clf.getLayer("features").getWeights().get(1))
                .tanh();
        assertArrayEquals(direct.toArray(), after.toArray(), 1e-6f);
        // a new head on a Sequential: pop the old one
        Sequential s = new Sequential(1L, new Dense(4, Activation.RELU), new Dense(3)).build(5);
        Layer old = s.pop();
        s.add(new Dense(7));
        assertEquals(Shape.of(6, 7), s.predict(x).shape());
        assertEquals("dense_1", old.name());
    }

    @Test
    void edgeCasesOfTheLoop() {
        Sequential s = new Sequential(1L, new Dense(3)).build(4);
        assertEquals(Shape.of(0, 3), s.predict(NDArray.zeros(0, 4)).shape());
        s.compile("mse", new SGD(0.1f));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> nabla.train.Trainer.predict(s, NDArray.zeros(2, 4), 0));
        assertTrue(e.getMessage().contains("batch size must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.fit(NDArray.zeros(0, 4), NDArray.zeros(0, 3), 1, 8));
        assertTrue(e.getMessage().contains("fit: the training data has no samples (shape (0, 4))"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> s.evaluate(NDArray.zeros(0, 4), NDArray.zeros(0, 3)));
        assertTrue(e.getMessage().contains("evaluate: the data has no samples"), e.getMessage());
        // a failed build leaves no weights behind
        Layer bad = new Layer() {
            @Override
            protected void create(Shape in, Rng rng) {
                addWeight("w", Shape.of(2), Initializer.zeros(), rng, true);
                if (in.last() != 2) throw new IllegalArgumentException("wants 2 features");
            }

            @Override
            protected Tensor call(Tensor x, boolean training) {
                return x;
            }

            @Override
            public Shape outputShape(Shape in) {
                return in;
            }

            @Override
            public Map<String, Object> config() {
                return new LinkedHashMap<>();
            }
        };
        assertThrows(IllegalArgumentException.class, () -> bad.build(Shape.of(3)));
        assertFalse(bad.isBuilt());
        assertEquals(0, bad.parameters().size());
        bad.build(Shape.of(2));
        assertEquals(1, bad.parameters().size());
    }
}
