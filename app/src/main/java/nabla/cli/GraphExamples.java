package nabla.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import nabla.autograd.Activation;
import nabla.autograd.Tensor;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.losses.BinaryCrossEntropy;
import nabla.losses.CategoricalCrossEntropy;
import nabla.losses.Loss;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.conv.Conv2D;
import nabla.nn.core.Dense;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.core.Lambda;
import nabla.nn.merge.Merge;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.recurrent.LSTM;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;

/**
 * The model-graph examples of {@code nabla train} (issue #12): a functional model of several inputs and outputs, a
 * siamese network with one shared encoder, transfer learning with a frozen nested model, and a GAN trained by a
 * custom step ({@link Gan}). They do not fit {@link TrainCommand.Setup} (one array in, one out), so each runs here
 * and prints its own progress and result lines. Each is split into the data, the model and the run, so that the
 * tests can run the same code on small data.
 */
final class GraphExamples {
    private GraphExamples() {}

    // ---- multi-io: Keras' functional-API guide, "models with multiple inputs and outputs" -------------------

    /** The guide's sizes: title and body lengths of the random data, vocabulary, tags, departments. */
    static final int TITLE_WORDS = 10, BODY_WORDS = 100, VOCABULARY = 10_000, TAGS = 12, DEPARTMENTS = 4;

    /** The guide's defaults: 1,280 samples, 2 epochs, batch 32, LSTM 128 for the title and 32 for the body. */
    static final int TICKETS = 1280, TICKET_EPOCHS = 2, TICKET_BATCH = 32, TITLE_UNITS = 128, BODY_UNITS = 32;

    /** Random tickets as the guide makes them: inputs and targets by name. */
    record Tickets(Map<String, NDArray> inputs, Map<String, NDArray> targets) {
        int size() {
            return inputs.get("title").dim(0);
        }
    }

    /**
     * {@code n} random tickets, as the guide's dummy data: word ids in [0, 10,000) for title (10) and body (100),
     * 12 tags of 0 or 1; targets: a priority in [0, 1) and 4 departments of 0 or 1 each.
     */
    static Tickets tickets(int n, long seed) {
        Rng rng = new Rng(seed);
        Map<String, NDArray> in = new LinkedHashMap<>();
        in.put("title", ints(n, TITLE_WORDS, VOCABULARY, rng));
        in.put("body", ints(n, BODY_WORDS, VOCABULARY, rng));
        in.put("tags", ints(n, TAGS, 2, rng));
        Map<String, NDArray> out = new LinkedHashMap<>();
        out.put("priority", NDArray.uniform(Shape.of(n, 1), 0, 1, rng));
        out.put("department", ints(n, DEPARTMENTS, 2, rng));
        return new Tickets(in, out);
    }

    private static NDArray ints(int n, int width, int bound, Rng rng) {
        float[] v = new float[n * width];
        for (int i = 0; i < v.length; i++) v[i] = rng.nextInt(bound);
        return NDArray.of(v, n, width);
    }

    /**
     * The guide's ticket model: title → Embedding(10,000, 64) → LSTM, body → its own Embedding(10,000, 64) → LSTM,
     * both concatenated with the tags; outputs "priority" (Dense 1, sigmoid) and "department" (Dense 4, softmax).
     * The guide's outputs are logits with from_logits losses; a sigmoid and a softmax with cross-entropies computed
     * from their logits are the same model, and predict gives probabilities.
     */
    static Functional ticketModel(long seed, int titleUnits, int bodyUnits) {
        SymbolicTensor title = Functional.input("title", TITLE_WORDS);
        SymbolicTensor body = Functional.input("body", BODY_WORDS);
        SymbolicTensor tags = Functional.input("tags", TAGS);
        SymbolicTensor t = title.then(new Embedding(VOCABULARY, 64)).then(new LSTM(titleUnits));
        SymbolicTensor b = body.then(new Embedding(VOCABULARY, 64)).then(new LSTM(bodyUnits));
        SymbolicTensor x = Functional.concatenate(t, b, tags);
        SymbolicTensor priority = x.then(new Dense(1, Activation.SIGMOID).named("priority"));
        SymbolicTensor department = x.then(new Dense(DEPARTMENTS, Activation.SOFTMAX).named("department"));
        return new Functional(seed, List.of(title, body, tags), List.of(priority, department)).named("multi_io");
    }

    /** The guide's compile: binary cross-entropy for priority, categorical for department, weights 1 and 0.2. */
    static void compileTickets(Model model, float learningRate) {
        Map<String, Loss> losses = new LinkedHashMap<>();
        losses.put("priority", new BinaryCrossEntropy());
        losses.put("department", new CategoricalCrossEntropy());
        model.compile(new Adam(learningRate), losses, Map.of("priority", 1.0, "department", 0.2), Map.of());
    }

    static int multiIo(TrainCommand o) throws IOException {
        int n = o.limit != null ? o.limit : TICKETS;
        int[] units = o.lstmUnits != null ? o.lstmUnits : new int[] {TITLE_UNITS, BODY_UNITS};
        Tickets data = tickets(n, o.seed);
        System.out.printf(
                "random tickets: %,d samples; title %d and body %d word ids of %,d, %d tags; targets: priority in [0, 1), %d departments of 0 or 1%n",
                n, TITLE_WORDS, BODY_WORDS, VOCABULARY, TAGS, DEPARTMENTS);
        Functional model = ticketModel(o.seed, units[0], units[1]);
        compileTickets(model, o.learningRateOr(1e-3f));
        System.out.print(model.summary());
        long t0 = System.nanoTime();
        History h = model.fit(
                data.inputs(),
                data.targets(),
                FitOptions.defaults()
                        .epochs(o.epochsOr(TICKET_EPOCHS))
                        .batchSize(o.batchSizeOr(TICKET_BATCH))
                        .seed(o.seed));
        reportTime(h, t0);
        for (String k : List.of("loss", "priority_loss", "department_loss"))
            System.out.printf("final %s: %.4f%n", k, h.last(k));
        if (o.save != null)
            saveAndReload(model, o.save, List.copyOf(data.inputs().values()));
        return h.stopReason() == null ? 0 : 1;
    }

    // ---- siamese: one encoder shared by two inputs -----------------------------------------------------------

    /** The name the siamese model's |a − b| is registered under ({@link Lambda}). */
    static final String ABS = "abs";

    private static final UnaryOperator<Tensor> ABS_FUNCTION = Tensor::abs;

    /** Registers {@link #ABS} (idempotent), so that siamese models can be built and loaded. */
    static void registerAbs() {
        Lambda.register(ABS, ABS_FUNCTION);
    }

    /**
     * Defaults: 60,000 training and 10,000 test pairs, batch 128, 10 epochs (about 1 s an epoch on 2 cores; the test
     * pair accuracy was 0.936 after 3 epochs, 0.946 after 10, and levels off there while the training accuracy goes
     * on rising).
     */
    static final int TRAIN_PAIRS = 60_000, TEST_PAIRS = 10_000, PAIR_BATCH = 128, PAIR_EPOCHS = 10;

    /** Image pairs and whether they show the same class (1) or not (0), shape (n, 1). */
    record Pairs(NDArray left, NDArray right, NDArray same) {
        int size() {
            return left.dim(0);
        }

        List<NDArray> inputs() {
            return List.of(left, right);
        }
    }

    /**
     * {@code n} balanced pairs of {@code images}: pair i has a random first image; for even i the second is a random
     * image of the same class, for odd i one of a random other class (so half are "same"), drawn from {@code rng}.
     */
    static Pairs pairs(NDArray images, int[] labels, int classes, int n, Rng rng) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) byClass.add(new ArrayList<>());
        for (int i = 0; i < labels.length; i++) byClass.get(labels[i]).add(i);
        for (int c = 0; c < classes; c++)
            if (byClass.get(c).isEmpty()) throw new IllegalArgumentException("pairs: no image of class " + c);
        int[] left = new int[n], right = new int[n];
        float[] same = new float[n];
        for (int i = 0; i < n; i++) {
            int a = rng.nextInt(labels.length), c = labels[a];
            boolean match = i % 2 == 0;
            int other = match ? c : (c + 1 + rng.nextInt(classes - 1)) % classes;
            List<Integer> pool = byClass.get(other);
            left[i] = a;
            right[i] = pool.get(rng.nextInt(pool.size()));
            same[i] = match ? 1 : 0;
        }
        return new Pairs(images.indexSelect(0, left), images.indexSelect(0, right), NDArray.of(same, n, 1));
    }

    /**
     * The siamese network: one encoder (Flatten → Dense 128 ReLU → Dense 64) applied to both images, so both
     * branches use and train the same weights; |a − b| of the two codes (Subtract, then the registered Lambda
     * {@link #ABS}); Dense 1 sigmoid "same": the probability that both show the same class.
     */
    static Functional siameseModel(long seed, int height, int width) {
        registerAbs();
        Sequential encoder = new Sequential(seed, new Flatten(), new Dense(128, Activation.RELU), new Dense(64))
                .named("encoder")
                .build(height, width);
        SymbolicTensor left = Functional.input("left", height, width);
        SymbolicTensor right = Functional.input("right", height, width);
        SymbolicTensor distance = Functional.merge(Merge.subtract(), left.then(encoder), right.then(encoder))
                .then(new Lambda(ABS).named("abs_difference"));
        SymbolicTensor same = distance.then(new Dense(1, Activation.SIGMOID).named("same"));
        return new Functional(seed, List.of(left, right), List.of(same)).named("siamese");
    }

    static int siamese(TrainCommand o) throws IOException {
        ImageDataset data = images(o);
        int nTrain = o.limit != null ? o.limit : TRAIN_PAIRS, nTest = Math.min(nTrain, TEST_PAIRS);
        Rng rng = new Rng(o.seed);
        Pairs train = pairs(data.trainImages(), data.trainLabelIndices(), data.classes(), nTrain, rng);
        Pairs test = pairs(data.testImages(), data.testLabelIndices(), data.classes(), nTest, rng);
        System.out.printf(
                "pairs: %,d from the training images, %,d from the test images; half show the same class%n",
                nTrain, nTest);
        Functional model = siameseModel(
                o.seed, data.trainImages().dim(1), data.trainImages().dim(2));
        model.compile(new BinaryCrossEntropy(), new Adam(o.learningRateOr(1e-3f)), "accuracy");
        System.out.print(model.summary());
        long t0 = System.nanoTime();
        History h = model.fit(
                train.inputs(),
                List.of(train.same()),
                FitOptions.defaults()
                        .epochs(o.epochsOr(PAIR_EPOCHS))
                        .batchSize(o.batchSizeOr(PAIR_BATCH))
                        .seed(o.seed));
        reportTime(h, t0);
        Map<String, Double> r = model.evaluate(test.inputs(), List.of(test.same()), null);
        System.out.printf("test pair loss: %.4f%n", r.get("loss"));
        System.out.printf("test pair accuracy: %.4f%n", r.get("accuracy"));
        if (o.save != null)
            saveAndReload(
                    model,
                    o.save,
                    List.of(test.left().slice(0, 0, 64), test.right().slice(0, 0, 64)));
        return h.stopReason() == null ? 0 : 1;
    }

    // ---- transfer: a frozen convolutional base under a new head ----------------------------------------------

    /** Defaults: 1,000 labelled samples of digits 5-9, 2 epochs on digits 0-4, 10 epochs of fine-tuning, batch 32. */
    static final int FINE_TUNE_SAMPLES = 1000, BASE_EPOCHS = 2, FINE_TUNE_EPOCHS = 10, TRANSFER_BATCH = 32;

    /** Images of some classes with labels shifted to start at 0. */
    record Digits(NDArray x, NDArray y) {
        int size() {
            return x.dim(0);
        }
    }

    /**
     * The images whose label is in [from, to), as (n, h, w, 1) with labels minus {@code from}, in the order of
     * {@code order} (indices into {@code images}), at most {@code max} of them.
     */
    static Digits digits(NDArray images, int[] labels, int from, int to, int[] order, int max) {
        int[] pick = new int[Math.min(max, labels.length)];
        float[] y = new float[pick.length];
        int k = 0;
        for (int i : order) {
            if (k == pick.length) break;
            if (labels[i] >= from && labels[i] < to) {
                y[k] = labels[i] - from;
                pick[k++] = i;
            }
        }
        NDArray x = images.indexSelect(0, Arrays.copyOf(pick, k));
        return new Digits(x.reshape(k, x.dim(1), x.dim(2), 1), NDArray.of(Arrays.copyOf(y, k), k));
    }

    /** The convolutional base: Conv 16 3×3 ReLU → MaxPool 2 → Conv 32 3×3 ReLU → MaxPool 2 → Flatten. */
    static Sequential convBase(long seed, int height, int width) {
        return new Sequential(
                        seed,
                        new Conv2D(16, 3, Activation.RELU),
                        new MaxPooling2D(2),
                        new Conv2D(32, 3, Activation.RELU),
                        new MaxPooling2D(2),
                        new Flatten())
                .named("conv_base")
                .build(height, width, 1);
    }

    /** {@code base} (a nested model, frozen or not) under a new Dense softmax head named {@code head}. */
    static Functional withHead(Sequential base, long seed, String head, int classes) {
        SymbolicTensor in = Functional.input(base.inputShape().dims());
        SymbolicTensor out = in.then(base).then(new Dense(classes, Activation.SOFTMAX).named(head));
        return new Functional(seed, in, out).named(head + "_classifier");
    }

    /** Sparse cross-entropy, Adam, accuracy. */
    static void compileDigits(Model m, float learningRate) {
        m.compile("sparse_categorical_crossentropy", new Adam(learningRate), "accuracy");
    }

    /** What the transfer run measured. */
    record TransferResult(
            double baseAccuracy, double transferAccuracy, double scratchAccuracy, boolean baseUnchanged) {}

    /**
     * Trains a base with a head for digits 0-4 on {@code base}, freezes it, fine-tunes a new head on {@code few}
     * (digits 5-9), trains the same architecture from scratch on {@code few}, and evaluates each on its test set.
     */
    static TransferResult transfer(
            Digits pretrain,
            Digits pretrainTest,
            Digits few,
            Digits test,
            long seed,
            float learningRate,
            int baseEpochs,
            int epochs,
            int batchSize,
            Path save)
            throws IOException {
        int h = pretrain.x().dim(1), w = pretrain.x().dim(2);
        Sequential base = convBase(seed, h, w);
        Functional first = withHead(base, seed, "digits_0_4", 5);
        compileDigits(first, learningRate);
        System.out.println("1. the CNN on digits 0-4 (" + String.format("%,d", pretrain.size()) + " images)");
        System.out.print(first.summary());
        fitAndTime(first, pretrain, baseEpochs, batchSize, seed);
        double baseAcc = first.evaluate(pretrainTest.x(), pretrainTest.y()).get("accuracy");
        System.out.printf("base test accuracy (digits 0-4): %.4f%n", baseAcc);

        base.setTrainable(false);
        List<NDArray> before = copies(base.getWeights());
        Functional tuned = withHead(base, seed + 1, "digits_5_9", 5);
        compileDigits(tuned, learningRate);
        System.out.println("2. the frozen base under a new head, on " + few.size() + " images of digits 5-9");
        System.out.print(tuned.summary());
        fitAndTime(tuned, few, epochs, batchSize, seed);
        boolean unchanged = same(before, base.getWeights());
        System.out.println("frozen base unchanged by fine-tuning: " + unchanged);
        double tunedAcc = tuned.evaluate(test.x(), test.y()).get("accuracy");
        System.out.printf("test accuracy: %.4f%n", tunedAcc);

        System.out.println("3. the same architecture from scratch, on the same " + few.size() + " images");
        Functional scratch = withHead(convBase(seed + 2, h, w), seed + 2, "digits_5_9", 5);
        compileDigits(scratch, learningRate);
        fitAndTime(scratch, few, epochs, batchSize, seed);
        double scratchAcc = scratch.evaluate(test.x(), test.y()).get("accuracy");
        System.out.printf("from scratch: %.4f%n", scratchAcc);
        if (save != null) saveAndReload(tuned, save, List.of(test.x().slice(0, 0, Math.min(64, test.size()))));
        return new TransferResult(baseAcc, tunedAcc, scratchAcc, unchanged);
    }

    static int transfer(TrainCommand o) throws IOException {
        ImageDataset data = images(o);
        int max = o.limit != null ? o.limit : Integer.MAX_VALUE;
        int[] trainLabels = data.trainLabelIndices(), testLabels = data.testLabelIndices();
        int[] trainOrder = Examples.permutation(trainLabels.length, o.seed);
        int[] testOrder = Examples.permutation(testLabels.length, o.seed + 1);
        Digits pretrain = digits(data.trainImages(), trainLabels, 0, 5, trainOrder, max);
        Digits pretrainTest = digits(data.testImages(), testLabels, 0, 5, testOrder, max);
        // the fine-tuning samples come from the other end of the shuffled order: none is among the pretraining ones
        int[] reversed = new int[trainOrder.length];
        for (int i = 0; i < reversed.length; i++) reversed[i] = trainOrder[reversed.length - 1 - i];
        int n = o.fineTuneSamples != null ? o.fineTuneSamples : FINE_TUNE_SAMPLES;
        Digits few = digits(data.trainImages(), trainLabels, 5, 10, reversed, n);
        Digits test = digits(data.testImages(), testLabels, 5, 10, testOrder, max);
        if (few.size() < n)
            throw UserError.option("--fine-tune-samples %d is more than the %,d training images of digits 5-9"
                    .formatted(n, few.size()));
        System.out.printf(
                "digits 0-4: %,d training, %,d test images; digits 5-9: %,d labelled training images, %,d test images%n",
                pretrain.size(), pretrainTest.size(), few.size(), test.size());
        TransferResult r = transfer(
                pretrain,
                pretrainTest,
                few,
                test,
                o.seed,
                o.learningRateOr(1e-3f),
                o.baseEpochs != null ? o.baseEpochs : BASE_EPOCHS,
                o.epochsOr(FINE_TUNE_EPOCHS),
                o.batchSizeOr(TRANSFER_BATCH),
                o.save);
        return r.baseUnchanged() ? 0 : 1;
    }

    // ---- gan: a custom training step -------------------------------------------------------------------------

    /**
     * Defaults: all 60,000 training images (--limit takes the first N of a seeded shuffle), 20 epochs, batch 64: about
     * 3 s an epoch on 2 cores, a minute in all; the samples look like handwriting from about epoch 10 on.
     */
    static final int GAN_IMAGES = 60_000, GAN_EPOCHS = 20, GAN_BATCH = 64;

    static int gan(TrainCommand o) throws IOException {
        Path out = o.out != null ? o.out : Path.of("gan-samples.png");
        Checks.outputFile("--out", out);
        ImageDataset data = images(o);
        NDArray all = data.trainImages().reshape(data.trainImages().dim(0), -1);
        int n = Math.min(all.dim(0), o.limit != null ? o.limit : GAN_IMAGES);
        NDArray x = all.indexSelect(0, Arrays.copyOf(Examples.permutation(all.dim(0), o.seed), n));
        System.out.printf("%,d training images of %s, flattened to %d values in [0, 1]%n", n, data.name(), x.dim(1));
        float lr = o.learningRateOr(2e-4f);
        Gan gan = new Gan(o.seed, Gan.NOISE, x.dim(1))
                .compile(new Adam(lr, 0.5f, 0.999f, 1e-7f), new Adam(lr, 0.5f, 0.999f, 1e-7f));
        System.out.print(gan.generator().summary());
        System.out.print(gan.discriminator().summary());
        long t0 = System.nanoTime();
        History h = gan.fit(
                List.of(x),
                List.of(),
                FitOptions.defaults()
                        .epochs(o.epochsOr(GAN_EPOCHS))
                        .batchSize(o.batchSizeOr(GAN_BATCH))
                        .seed(o.seed));
        reportTime(h, t0);
        System.out.printf("final d_loss: %.4f%n", h.last("d_loss"));
        System.out.printf("final g_loss: %.4f%n", h.last("g_loss"));
        int side = data.trainImages().dim(1);
        CnnImages.write(gan.sampleGrid(64, side, data.trainImages().dim(2), o.seed + 7), out);
        System.out.println("generated samples: " + out);
        if (o.save != null) {
            gan.generator().save(o.save);
            System.out.println("saved the generator to " + o.save + " (noise (" + Gan.NOISE + ") in, images out)");
        }
        return h.stopReason() == null ? 0 : 1;
    }

    // ---- shared ----------------------------------------------------------------------------------------------

    /** MNIST, or Fashion-MNIST with --dataset fashion-mnist. */
    private static ImageDataset images(TrainCommand o) throws IOException {
        DatasetCatalog catalog = o.catalog();
        ImageDataset data = o.dataset.equals("fashion-mnist") ? catalog.fashionMnist() : catalog.mnist();
        System.out.println(data);
        return data;
    }

    private static History fitAndTime(Model m, Digits d, int epochs, int batchSize, long seed) {
        long t0 = System.nanoTime();
        History h = m.fit(
                d.x(),
                d.y(),
                FitOptions.defaults().epochs(epochs).batchSize(batchSize).seed(seed));
        reportTime(h, t0);
        return h;
    }

    private static void reportTime(History h, long t0) {
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "trained %s in %.1f s (%.1f s per epoch)%n",
                Checks.plural(h.epochs(), "epoch"), secs, secs / Math.max(1, h.epochs()));
        if (h.stopReason() != null) System.out.println("stopped: " + h.stopReason());
    }

    static List<NDArray> copies(List<NDArray> arrays) {
        List<NDArray> c = new ArrayList<>();
        for (NDArray a : arrays) c.add(a.copy());
        return c;
    }

    /** Whether two lists of arrays hold the same shapes and bit-identical values. */
    static boolean same(List<NDArray> a, List<NDArray> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++)
            if (!a.get(i).shape().equals(b.get(i).shape())
                    || !Arrays.equals(a.get(i).toArray(), b.get(i).toArray())) return false;
        return true;
    }

    /** Saves {@code model}, loads the file back and checks that it predicts the same on {@code probe}. */
    static void saveAndReload(Model model, Path file, List<NDArray> probe) throws IOException {
        model.save(file);
        Model back = Model.load(file);
        if (!same(model.predictAll(probe), back.predictAll(probe)))
            throw new IllegalStateException("the model reloaded from " + file + " predicts differently");
        System.out.println("saved model to " + file + " (reloaded: the same predictions)");
    }
}
