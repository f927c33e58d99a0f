package nabla.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import nabla.data.DatasetCatalog;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import nabla.train.Callback;
import nabla.train.FitOptions;
import nabla.train.History;
import nabla.train.TargetAccuracy;
import nabla.train.TensorBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla train EXAMPLE}: trains a worked example on real data and reports its test accuracy. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a worked example on real data and print its test accuracy.",
            "",
            "Examples:",
            "  mlp            784-500-500-10 MLP on MNIST (or --dataset fashion-mnist), Adam, batch 100, 5 epochs",
            "  imdb-lstm      IMDB sentiment: Embedding 32 -> LSTM 100 -> Dense 1 sigmoid (5,000 words, 500 steps)",
            "  imdb-cnn-lstm  as imdb-lstm with Conv1D 32x3 ReLU + MaxPooling1D 2 before the LSTM",
            "  imdb-bilstm    as imdb-lstm with a bidirectional LSTM",
            "  imdb-gru       as imdb-lstm with a GRU",
            "  reuters-mlp    Reuters-21578 topics: 1,000-word binary bag of words -> Dense 512 ReLU -> Dropout -> softmax",
            "  mnist-cnn      Keras MNIST CNN: Conv 32, Conv 64, MaxPool, Dropout, Dense 128, Dropout, softmax; Adam, batch 128, 15 epochs",
            "  lenet5         LeNet-5 on MNIST zero-padded to 32x32 (tanh, average pooling); SGD 0.05 momentum 0.9, batch 128, 20 epochs",
            "  course-cnn     'TensorFlow without a PhD' CNN 28x28x4 -> 14x14x8 -> 7x7x12 -> 200 -> 10; Adam 0.003 decaying, batch 100, 17 epochs",
            "  fashion-cnn    Fashion-MNIST CNN (2x2 conv+BN blocks, Dense 128); Adam, batch 128, 10 epochs",
            "",
            "Model graphs (functional models, shared and frozen layers, a custom training step):",
            "  multi-io       Keras' ticket model: inputs title, body, tags; outputs priority and department (loss weights",
            "                 1 and 0.2); 1,280 random samples (--limit), 2 epochs, batch 32; --lstm-units 128,32",
            "  siamese        MNIST pairs (same digit or not) through ONE shared encoder, |a-b|, Dense 1 sigmoid;",
            "                 60,000 training and 10,000 test pairs (--limit), Adam, batch 128, 10 epochs",
            "  transfer       a CNN trained on digits 0-4 (--base-epochs, 2), frozen, a new head fine-tuned on 1,000",
            "                 samples of digits 5-9 (--fine-tune-samples; --epochs, 10), against the same CNN from scratch",
            "  gan            a dense GAN on MNIST by a custom training step (tape gradients, two Adam 2e-4 optimizers);",
            "                 60,000 images (--limit), batch 64, 20 epochs; writes a PNG of samples (--out)",
            "",
            "--resume FILE continues a model saved with --save (single-array examples) up to --epochs in total;",
            "with the same --seed it prints the same 'test loss (exact)' as one uninterrupted run.",
            "",
            "--target-accuracy X stops when the test accuracy (the validation accuracy with --validation-split) reaches X",
            "and prints the training time it took, without the time of those per-epoch evaluations."
        })
final class TrainCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "EXAMPLE",
            converter = ExampleConverter.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    Example example;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "For mlp: mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--epochs", description = "Epochs (default: the example's).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Mini-batch size (default: the example's).")
    Integer batchSize;

    @Option(names = "--lr", description = "Learning rate (default: the example's).")
    Float learningRate;

    @Option(
            names = "--dropout",
            description = "Dropout rate where the example has one (reuters-mlp: 0.5; 0 turns it off).")
    Float dropout;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--validation-split",
            defaultValue = "0",
            description = "Fraction of the training set held out for validation (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(
            names = "--limit",
            description =
                    "Use only the first N training and test samples (a quick try); multi-io: N random samples, siamese: N training pairs.")
    Integer limit;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @Option(
            names = "--reuters-dir",
            description =
                    "The Reuters-21578 SGML folder (default: $NABLA_REUTERS, else reuters21578 in the dataset cache).")
    Path reutersDir;

    @Option(names = "--save", description = "Write the trained model to this file (gan: the generator).")
    Path save;

    @Option(
            names = "--tensorboard",
            paramLabel = "DIR",
            description =
                    "Write TensorBoard logs (loss, metrics, learning rate per epoch) under DIR (DIR/train; DIR/validation with --validation-split); view them with: tensorboard --logdir DIR.")
    Path tensorboard;

    @Option(
            names = "--target-accuracy",
            description =
                    "Stop once the test accuracy (or val_accuracy with --validation-split) reaches this fraction, e.g. 0.99, and report the time it took.")
    Double targetAccuracy;

    @Option(
            names = "--resume",
            paramLabel = "FILE",
            description =
                    "Continue training a model saved by nabla train EXAMPLE --save FILE (same example, --seed and --limit) up to --epochs in total, as Keras' fit with initial_epoch.")
    Path resume;

    @Option(
            names = "--lstm-units",
            split = ",",
            paramLabel = "TITLE,BODY",
            description = "For multi-io: the units of the title and body LSTMs (default: 128,32, as Keras' guide).")
    int[] lstmUnits;

    @Option(
            names = "--fine-tune-samples",
            paramLabel = "N",
            description = "For transfer: labelled samples of digits 5-9 to fine-tune on (default: 1000).")
    Integer fineTuneSamples;

    @Option(
            names = "--base-epochs",
            paramLabel = "N",
            description = "For transfer: epochs of training the CNN on digits 0-4 (default: 2).")
    Integer baseEpochs;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "For gan: the PNG grid of generated samples (default: gan-samples.png).")
    Path out;

    /** Callbacks an example adds to its fit (e.g. a learning-rate schedule). */
    final List<Callback> exampleCallbacks = new ArrayList<>();

    enum Example {
        mlp,
        imdb_lstm,
        imdb_cnn_lstm,
        imdb_bilstm,
        imdb_gru,
        reuters_mlp,
        mnist_cnn,
        lenet5,
        course_cnn,
        fashion_cnn,
        multi_io,
        siamese,
        transfer,
        gan;

        /** Whether the example is a model graph of {@link GraphExamples}, not one array in and one out. */
        boolean graph() {
            return compareTo(multi_io) >= 0;
        }

        /** Whether --dataset chooses the example's data (mnist or fashion-mnist). */
        boolean takesDataset() {
            return switch (this) {
                case mlp, mnist_cnn, lenet5, course_cnn, siamese, transfer, gan -> true;
                default -> false;
            };
        }

        @Override
        public String toString() {
            return name().replace('_', '-');
        }
    }

    /** An example by its name (imdb-lstm, or imdb_lstm); the error lists the names once. */
    static final class ExampleConverter implements picocli.CommandLine.ITypeConverter<Example> {
        @Override
        public Example convert(String s) {
            for (Example e : Example.values())
                if (e.toString().equals(s) || e.name().equals(s)) return e;
            throw new picocli.CommandLine.TypeConversionException(
                    Checks.quote(s) + " is not an example; choose one of: "
                            + String.join(
                                    ", ",
                                    Arrays.stream(Example.values())
                                            .map(Example::toString)
                                            .toList()));
        }
    }

    /** What an example hands back to the common fit-and-report code. */
    record Setup(
            Sequential model,
            NDArray xTrain,
            NDArray yTrain,
            NDArray xTest,
            NDArray yTest,
            int epochs,
            int batchSize) {}

    DatasetCatalog catalog() {
        return new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg));
    }

    Environment.DataLocation reutersDirectory() {
        return Environment.reutersDirectory(reutersDir, dataDir);
    }

    int epochsOr(int d) {
        return epochs != null ? epochs : d;
    }

    int batchSizeOr(int d) {
        return batchSize != null ? batchSize : d;
    }

    float learningRateOr(float d) {
        return learningRate != null ? learningRate : d;
    }

    float dropoutOr(float d) {
        return dropout != null ? dropout : d;
    }

    /** {@code limit} samples when --limit is given: the first ones after a seeded shuffle (data sets may be sorted by class). */
    NDArray limited(NDArray a, int[] order) {
        if (limit == null || limit >= a.dim(0)) return a;
        return a.indexSelect(0, Arrays.copyOf(order, limit));
    }

    private int[] order(int n) {
        return Examples.permutation(n, seed);
    }

    /** Rejects option values that cannot work, before any data is read. */
    private void checkOptions() {
        Checks.positiveCount("--epochs", epochs);
        Checks.positiveCount("--batch-size", batchSize);
        Checks.positiveCount("--limit", limit);
        Checks.positive("--lr", learningRate);
        Checks.fractionBelowOne("--dropout", dropout);
        Checks.fractionBelowOne("--validation-split", validationSplit);
        Checks.fractionAboveZero("--target-accuracy", targetAccuracy);
        Checks.oneOf("--dataset", dataset, "mnist", "fashion-mnist");
        Checks.positiveCounts("--lstm-units", lstmUnits);
        if (lstmUnits != null && lstmUnits.length != 2)
            throw UserError.option(
                    "--lstm-units takes two numbers, the title's and the body's LSTM units (e.g. 128,32), got "
                            + Checks.plural(lstmUnits.length, "number"));
        Checks.positiveCount("--fine-tune-samples", fineTuneSamples);
        Checks.positiveCount("--base-epochs", baseEpochs);
        onlyFor("--lstm-units", lstmUnits != null, Example.multi_io);
        onlyFor("--fine-tune-samples", fineTuneSamples != null, Example.transfer);
        onlyFor("--base-epochs", baseEpochs != null, Example.transfer);
        onlyFor("--out", out != null, Example.gan);
        if (example.graph()) {
            notForGraphs("--resume", resume != null);
            notForGraphs("--validation-split", validationSplit > 0);
            notForGraphs("--target-accuracy", targetAccuracy != null);
            notForGraphs("--tensorboard", tensorboard != null);
            notForGraphs("--dropout", dropout != null);
            notForGraphs("--reuters-dir", reutersDir != null);
            if (!example.takesDataset() && !dataset.equals("mnist"))
                throw UserError.option(
                        "--dataset does not apply to " + example + ", which trains on random data of its own");
        }
        if (save != null) Checks.outputFile("--save", save);
        if (out != null) Checks.outputFile("--out", out);
        if (resume != null)
            Checks.inputFile(
                    "--resume",
                    resume,
                    "model file",
                    "save one with nabla train " + example + " --save " + Checks.clip(resume.toString()));
    }

    /** An option only some examples take: a sentence when another one is given it. */
    private void onlyFor(String option, boolean given, Example only) {
        if (given && example != only)
            throw UserError.option("%s applies to %s only, not to %s".formatted(option, only, example));
    }

    /** An option of the single-array examples (mlp ... fashion-cnn) given to a model-graph example. */
    private void notForGraphs(String option, boolean given) {
        if (given)
            throw UserError.option("%s applies to the single-array examples (mlp to fashion-cnn), not to %s"
                    .formatted(option, example));
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        if (example.graph())
            return switch (example) {
                case multi_io -> GraphExamples.multiIo(this);
                case siamese -> GraphExamples.siamese(this);
                case transfer -> GraphExamples.transfer(this);
                case gan -> GraphExamples.gan(this);
                default -> throw new IllegalStateException("not a graph example: " + example);
            };
        Sequential resumed = resume == null ? null : loadForResume(); // before the data: a wrong file fails fast
        Setup s = switch (example) {
            case mlp -> Examples.mnistMlp(this);
            case imdb_lstm, imdb_cnn_lstm, imdb_bilstm, imdb_gru -> Examples.imdb(this, example);
            case reuters_mlp -> Examples.reutersMlp(this);
            case mnist_cnn -> Examples.mnistCnn(this);
            case lenet5 -> Examples.lenet5(this);
            case course_cnn -> Examples.courseCnn(this);
            case fashion_cnn -> Examples.fashionCnn(this);
            case multi_io, siamese, transfer, gan -> throw new IllegalStateException("a graph example: " + example);
        };
        if (resumed != null) s = continueFrom(s, resumed);
        int[] trainOrder = order(s.xTrain().dim(0)), testOrder = order(s.xTest().dim(0));
        NDArray xTrain = limited(s.xTrain(), trainOrder), yTrain = limited(s.yTrain(), trainOrder);
        NDArray xTest = limited(s.xTest(), testOrder), yTest = limited(s.yTest(), testOrder);
        int kept = (int) (xTrain.dim(0) * (1 - validationSplit));
        if (validationSplit > 0 && (kept == 0 || kept == xTrain.dim(0)))
            throw UserError.option(
                    "--validation-split %s of %d training samples leaves no %s samples; raise --limit or change the split"
                            .formatted(validationSplit, xTrain.dim(0), kept == 0 ? "training" : "validation"));
        System.out.print(s.model().summary());
        int done = s.model().completedEpochs(); // 0 unless resumed
        FitOptions options = FitOptions.defaults()
                .epochs(Math.max(s.epochs(), done))
                .initialEpoch(done)
                .batchSize(s.batchSize())
                .validationSplit(validationSplit)
                .seed(seed);
        for (Callback c : exampleCallbacks) options = options.callback(c);
        TargetAccuracy target = targetAccuracy == null
                ? null
                : validationSplit > 0
                        ? TargetAccuracy.onLogs(targetAccuracy, "val_accuracy")
                        : TargetAccuracy.onData(targetAccuracy, xTest, yTest, Math.max(s.batchSize(), 256));
        if (target != null) options = options.callback(target);
        if (tensorboard != null) {
            options = options.callback(new TensorBoard(tensorboard));
            System.out.println(
                    "TensorBoard logs go to " + tensorboard + "; view them with: tensorboard --logdir " + tensorboard);
        }
        History h = null;
        double secs = 0;
        if (done >= s.epochs()) {
            System.out.printf(
                    "%s is already trained for %s, and --epochs (here %d) counts all epochs, as Keras' epochs with initial_epoch: nothing to train; give --epochs %d or more to continue it%n",
                    resume, Checks.plural(done, "epoch"), s.epochs(), done + 1);
        } else {
            if (resumed != null)
                System.out.printf(
                        "resuming %s after %s: epochs %d to %d%n",
                        resume, Checks.plural(done, "epoch"), done + 1, s.epochs());
            long t0 = System.nanoTime();
            h = s.model().fit(xTrain, yTrain, options);
            secs = (System.nanoTime() - t0) / 1e9;
        }
        Map<String, Double> test = s.model().evaluate(xTest, yTest);
        if (h != null)
            System.out.printf(
                    "trained %s in %.1f s (%.1f s per epoch)%n",
                    Checks.plural(h.epochs(), "epoch"), secs, secs / Math.max(1, h.epochs()));
        System.out.printf("test loss: %.4f%n", test.get("loss"));
        // At full precision, so that a resumed run can be compared with an uninterrupted one.
        System.out.println("test loss (exact): " + test.get("loss"));
        System.out.printf("test accuracy: %.4f%n", test.get("accuracy"));
        if (target != null) reportTarget(target, validationSplit > 0 ? "validation" : "test");
        if (save != null) {
            s.model().putAsset(RUN_ASSET, runRecord(s.batchSize()));
            s.model().save(save);
            System.out.println("saved model to " + save);
        }
        return h == null || h.stopReason() == null || (target != null && target.reached()) ? 0 : 1;
    }

    // ---- --resume ------------------------------------------------------------------------------------------

    /** The asset in which a saved model keeps the options of the run that trained it, for --resume. */
    static final String RUN_ASSET = "nabla-train-run.properties";

    /** This run's options that decide its data and order, as the lines of {@link #RUN_ASSET}. */
    String runRecord(int batch) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("example", example.toString());
        if (example.takesDataset()) r.put("dataset", dataset);
        r.put("seed", String.valueOf(seed));
        r.put("limit", limit == null ? "none" : String.valueOf(limit));
        r.put("batch_size", String.valueOf(batch));
        r.put("validation_split", String.valueOf(validationSplit));
        StringBuilder sb = new StringBuilder();
        r.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString();
    }

    /** The options a saved model was trained with (empty for a model saved without them). */
    static Map<String, String> savedRun(Sequential model) {
        Map<String, String> r = new LinkedHashMap<>();
        model.asset(RUN_ASSET).orElse("").lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) r.put(line.substring(0, eq), line.substring(eq + 1));
        });
        return r;
    }

    /**
     * The model to resume, loaded and checked against the example and --dataset before any data is read: it must be
     * a compiled Sequential saved by this example.
     */
    private Sequential loadForResume() throws IOException {
        String file = Checks.clip(resume.toString());
        Model m = Model.load(resume);
        if (!(m instanceof Sequential seq))
            throw new UserError(
                    "--resume %s holds a %s model; --resume continues the models of the single-array examples (mlp to fashion-cnn)"
                            .formatted(file, m.getClass().getSimpleName()));
        if (seq.optimizer() == null)
            throw new UserError(
                    "--resume %s was saved without its compile settings, so its training cannot be continued; save it with nabla train %s --save FILE"
                            .formatted(file, example));
        Map<String, String> run = savedRun(seq);
        String by = run.get("example");
        if (by != null && !by.equals(example.toString()))
            throw new UserError(
                    "--resume %s was saved by nabla train %s, not %s; continue it with nabla train %s --resume %s"
                            .formatted(file, by, example, by, file));
        String on = run.get("dataset");
        if (on != null && example.takesDataset() && !on.equals(dataset))
            throw UserError.option("--resume %s was trained on %s, not %s; give --dataset %s to continue it"
                    .formatted(file, on, dataset, on));
        return seq;
    }

    /**
     * The example's setup with the resumed model in place of the new one, once the architectures agree. Options that
     * change the data or its order (--seed, --limit, --batch-size, --validation-split) may differ from the saved
     * run's; a note says that the run then does not continue the same sequence of batches.
     */
    private Setup continueFrom(Setup s, Sequential resumed) {
        String file = Checks.clip(resume.toString());
        if (!resumed.name().equals(s.model().name()))
            throw new UserError(
                    "--resume %s holds the model '%s', not the %s example's '%s'; resume it with the example that saved it"
                            .formatted(
                                    file,
                                    Checks.clip(resumed.name()),
                                    example,
                                    s.model().name()));
        if (!resumed.summary().equals(s.model().summary()))
            throw new UserError(
                    "--resume %s holds a model '%s' whose layers differ from those nabla train %s builds with these options; start afresh without --resume"
                            .formatted(file, s.model().name(), example));
        Map<String, String> run = savedRun(resumed);
        Map<String, String> now = new LinkedHashMap<>();
        now.put("--seed", String.valueOf(seed));
        now.put("--limit", limit == null ? "none" : String.valueOf(limit));
        now.put("--batch-size", String.valueOf(s.batchSize()));
        now.put("--validation-split", String.valueOf(validationSplit));
        String[] keys = {"seed", "limit", "batch_size", "validation_split"};
        int k = 0;
        for (Map.Entry<String, String> e : now.entrySet()) {
            String was = run.get(keys[k++]);
            if (was != null && !was.equals(e.getValue()))
                System.out.printf(
                        "note: %s was trained with %s %s and this run has %s %s: its batches differ from those of one uninterrupted run%n",
                        file, e.getKey(), was, e.getKey(), e.getValue());
        }
        if (learningRate != null) resumed.optimizer().setLearningRate(learningRate);
        return new Setup(resumed, s.xTrain(), s.yTrain(), s.xTest(), s.yTest(), s.epochs(), s.batchSize());
    }

    private static void reportTarget(TargetAccuracy t, String on) {
        if (t.reached()) {
            System.out.printf(
                    "time to reach %.2f %% %s accuracy: %.1f s (epoch %d, %s accuracy %.4f; %.1f s including the per-epoch %s evaluations)%n",
                    100 * t.target(),
                    on,
                    t.secondsToTarget(),
                    t.epochReached(),
                    on,
                    t.accuracyReached(),
                    t.secondsToTargetWithEvaluation(),
                    on);
        } else {
            System.out.printf(
                    "did not reach %.2f %% %s accuracy (best %.4f)%n", 100 * t.target(), on, t.bestAccuracy());
        }
    }
}
