package nabla.studies.recipe;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import nabla.autograd.Activation;
import nabla.data.ImageDataset;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.core.ActivationLayer;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.normalization.BatchNormalization;
import nabla.nn.weights.Regularizer;
import nabla.optim.Adagrad;
import nabla.optim.Adam;
import nabla.optim.AdamW;
import nabla.optim.Nadam;
import nabla.optim.Optimizer;
import nabla.optim.RMSprop;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.train.EarlyStopping;
import nabla.train.FitOptions;
import nabla.train.History;

/**
 * The experiments of the courses' "recipe of deep learning" on MNIST (Hung-yi Lee's Keras demo, plus Martin
 * Görner's logistic regression vs 200-100-60-30 MLP): each builds its nets, trains them, and returns its runs and
 * figures. A run used by two experiments (the sigmoid, cross-entropy, mini-batch 100 net is the baseline of the
 * first three) is trained once.
 */
public final class Recipe {
    private static final int PATIENCE = 5;
    private static final float L2 = 1e-4f, ADAMW_DECAY = 1f, DROPOUT = 0.7f;

    private final RecipeSettings s;
    private final Consumer<String> log;
    private final NDArray xAll, yAll, xTest, yTest, xNoisy, xGrad, yGrad;
    private final int classes;
    private final Map<String, RecipeRun> cache = new LinkedHashMap<>();

    public Recipe(ImageDataset data, RecipeSettings settings, Consumer<String> log) {
        this.s = settings;
        this.log = log;
        this.classes = data.classes();
        this.xAll = data.trainImages().reshape(data.trainImages().dim(0), -1);
        this.yAll = data.trainLabelsOneHot();
        this.xTest = first(data.testImages().reshape(data.testImages().dim(0), -1), s.testSize());
        this.yTest = first(data.testLabelsOneHot(), s.testSize());
        // The course's noise: x_test = np.random.normal(x_test), i.e. N(0, 1) added to every pixel.
        this.xNoisy = xTest.add(NDArray.normal(xTest.shape(), 0f, 1f, new Rng(s.seed() + 7)));
        this.xGrad = first(xAll, s.gradSamples());
        this.yGrad = first(yAll, s.gradSamples());
    }

    /** All experiments, in the report's order. */
    public List<RecipeExperiment> runAll() {
        return List.of(lossFunction(), batchSize(), depth(), optimizers(), noise(), overfitting(), baselines());
    }

    private NDArray xTrain() {
        return first(xAll, s.trainSize());
    }

    private NDArray yTrain() {
        return first(yAll, s.trainSize());
    }

    private String demoNet(int depth, String act) {
        return "784-%s-10 MLP (%d hidden %s layers of %d, softmax output, Glorot-uniform init)"
                .formatted(
                        String.join("-", Collections.nCopies(depth, String.valueOf(s.hidden()))),
                        depth,
                        act,
                        s.hidden());
    }

    private String demoData() {
        return "the first %,d training images, tested on %,d test images; %s, batch %d, shuffled each epoch (seed %d)"
                .formatted(xTrain().dim(0), xTest.dim(0), epochs(s.epochs()), s.batchSize(), s.seed());
    }

    RecipeExperiment lossFunction() {
        RecipeRun mse = sigmoid3("mse", "square error"), ce = sigmoid3("categorical_crossentropy", "cross-entropy");
        return new RecipeExperiment(
                1,
                "loss",
                "Square error vs cross-entropy",
                "%s; SGD lr 0.1; %s.".formatted(demoNet(3, "sigmoid"), demoData()),
                acc(mse) + " vs " + acc(ce),
                "0.11 vs 0.84",
                "With a softmax output, square error gives tiny gradients far from the target, so the net barely moves; cross-entropy does not.",
                List.of(mse, ce),
                List.of(RecipeFigures.curves("loss", "Loss function", List.of(mse, ce))));
    }

    RecipeExperiment batchSize() {
        RecipeRun mini = sigmoid3("categorical_crossentropy", "mini-batch 100");
        int n = xTrain().dim(0);
        RecipeRun full = cached(
                "sigmoid3-ce-full",
                () -> train(
                        "full batch " + n,
                        mlp("sigmoid3_full", 3, Activation.SIGMOID, 0, null),
                        "categorical_crossentropy",
                        new SGD(0.1f),
                        xTrain(),
                        yTrain(),
                        s.epochs(),
                        n,
                        "sigmoid 3x, cross-entropy, SGD 0.1, batch " + n));
        return new RecipeExperiment(
                2,
                "batch",
                "Mini-batch vs full-batch gradient descent",
                "%s; cross-entropy; SGD lr 0.1; batch %d vs the full %,d images (one update per epoch); otherwise %s."
                        .formatted(demoNet(3, "sigmoid"), s.batchSize(), n, demoData()),
                acc(mini) + " vs " + acc(full),
                "0.84 vs 0.12",
                "The same number of epochs gives %d updates with mini-batches and %d with the full batch."
                        .formatted(s.epochs() * ((n + s.batchSize() - 1) / s.batchSize()), s.epochs()),
                List.of(mini, full.labelled("full batch")),
                List.of(RecipeFigures.curves("batch", "Batch size", List.of(mini, full.labelled("full batch")))));
    }

    RecipeExperiment depth() {
        RecipeRun s3 = sigmoid3("categorical_crossentropy", "sigmoid, 3 layers");
        RecipeRun s9 = cached(
                "sigmoid9-ce",
                () -> train(
                        "sigmoid, 9 layers",
                        mlp("sigmoid9", 9, Activation.SIGMOID, 0, null),
                        "categorical_crossentropy",
                        new SGD(0.1f),
                        xTrain(),
                        yTrain(),
                        s.epochs(),
                        s.batchSize(),
                        "sigmoid 9x, cross-entropy, SGD 0.1"));
        RecipeRun r9 = cached(
                "relu9-ce",
                () -> train(
                        "ReLU, 9 layers",
                        mlp("relu9", 9, Activation.RELU, 0, null),
                        "categorical_crossentropy",
                        new SGD(0.1f),
                        xTrain(),
                        yTrain(),
                        s.epochs(),
                        s.batchSize(),
                        "ReLU 9x, cross-entropy, SGD 0.1"));
        List<RecipeRun> runs = List.of(s3, s9, r9);
        return new RecipeExperiment(
                3,
                "depth",
                "Deeper sigmoid nets and ReLU (vanishing gradient)",
                "%s vs 9 hidden layers (sigmoid, then ReLU); cross-entropy; SGD lr 0.1; %s. Gradient norms: ‖∂L/∂W‖ of every Dense kernel on the first %d training images, before and after training."
                        .formatted(demoNet(3, "sigmoid"), demoData(), xGrad.dim(0)),
                "%s vs %s; ReLU %s".formatted(acc(s3), acc(s9), acc(r9)),
                "0.84 vs 0.11; ReLU 0.96",
                "With 9 sigmoid layers the gradient shrinks layer by layer towards the input (each sigmoid multiplies it by at most 1/4), so the first layers stay random; ReLU passes it through.",
                runs,
                List.of(
                        RecipeFigures.curves("depth", "Depth and activation", runs),
                        RecipeFigures.gradients("depth-gradients", runs)));
    }

    RecipeExperiment optimizers() {
        List<RecipeRun> runs = List.of(
                relu3("SGD 0.1", new SGD(0.1f), 0f), relu3("SGD 0.01, momentum 0.9", new SGD(0.01f, 0.9f), 0f),
                relu3("Adagrad 0.01", new Adagrad(0.01f), 0f), relu3("RMSprop 0.001", new RMSprop(1e-3f), 0f),
                relu3("Adam 0.001", new Adam(1e-3f), 0f), relu3("Nadam 0.001", new Nadam(1e-3f), 0f));
        return new RecipeExperiment(
                4,
                "optimizers",
                "SGD vs adaptive learning rates and momentum",
                "%s; cross-entropy; %s. Optimizers with Keras' other defaults (Adam/Nadam β 0.9/0.999, ε 1e-7; RMSprop ρ 0.9; Adagrad initial accumulator 0.1)."
                        .formatted(demoNet(3, "ReLU"), demoData()),
                "SGD %s vs Adam %s".formatted(acc(runs.get(0)), acc(runs.get(4))),
                "SGD 0.96 vs Adam 0.97",
                "Adam reaches a lower training loss in the first epochs; the course's SGD figure is its ReLU net (0.96).",
                runs,
                List.of(RecipeFigures.curves("optimizers", "Optimizers (ReLU net)", runs)));
    }

    RecipeExperiment noise() {
        RecipeRun plain = relu3("Adam 0.001", new Adam(1e-3f), 0f).labelled("no dropout"),
                drop = relu3("Adam 0.001", new Adam(1e-3f), DROPOUT);
        return new RecipeExperiment(
                5,
                "noise",
                "Noisy test inputs, with and without dropout",
                "%s; cross-entropy; Adam lr 0.001; %s; dropout %.1f after every hidden layer (inverted dropout); test images plus N(0, 1) noise per pixel (seed %d)."
                        .formatted(demoNet(3, "ReLU"), demoData(), DROPOUT, s.seed() + 7),
                "clean %s, noisy %s; with dropout: clean %s, noisy %s"
                        .formatted(acc(plain), f(plain.noisyAccuracy()), acc(drop), f(drop.noisyAccuracy())),
                "clean 0.97, noisy 0.50",
                "Dropout trains the net to cope with missing inputs, which also helps when the test images are noisy.",
                List.of(plain, drop),
                List.of(RecipeFigures.curves("noise", "Dropout", List.of(plain, drop))));
    }

    RecipeExperiment overfitting() {
        int n = Math.min(s.overfitTrain(), xAll.dim(0) - 1), nVal = Math.min(s.overfitVal(), xAll.dim(0) - n);
        NDArray x = first(xAll, n), y = first(yAll, n);
        NDArray vx = xAll.slice(0, xAll.dim(0) - nVal, xAll.dim(0)),
                vy = yAll.slice(0, yAll.dim(0) - nVal, yAll.dim(0));
        int e = s.overfitEpochs();
        String desc = "%s; cross-entropy; Adam lr 0.001".formatted(demoNet(3, "ReLU")),
                brief = "ReLU 3x, cross-entropy, Adam 0.001";
        RecipeRun plain = train(
                "no regularization",
                mlp("overfit", 3, Activation.RELU, 0, null),
                "categorical_crossentropy",
                new Adam(1e-3f),
                x,
                y,
                e,
                s.batchSize(),
                vx,
                vy,
                null,
                brief);
        EarlyStopping stop = new EarlyStopping()
                .withMonitor("val_loss")
                .withPatience(PATIENCE)
                .withRestoreBestWeights(true);
        RecipeRun early = train(
                "early stopping",
                mlp("overfit_es", 3, Activation.RELU, 0, null),
                "categorical_crossentropy",
                new Adam(1e-3f),
                x,
                y,
                e,
                s.batchSize(),
                vx,
                vy,
                stop,
                brief + ", early stopping");
        early = new RecipeRun(
                early.label(),
                early.settings(),
                early.history(),
                early.testAccuracy(),
                early.noisyAccuracy(),
                early.gradStart(),
                early.gradEnd(),
                early.seconds(),
                stop.stoppedEpoch() >= 0
                        ? "stopped after epoch %d; weights of epoch %d restored"
                                .formatted(stop.stoppedEpoch() + 1, stop.bestEpoch() + 1)
                        : "ran all epochs; weights of epoch %d restored".formatted(stop.bestEpoch() + 1));
        RecipeRun l2 = train(
                "L2 " + plain(L2),
                mlp("overfit_l2", 3, Activation.RELU, 0, Regularizer.l2(L2)),
                "categorical_crossentropy",
                new Adam(1e-3f),
                x,
                y,
                e,
                s.batchSize(),
                vx,
                vy,
                null,
                brief + ", L2 " + plain(L2) + " on every kernel");
        RecipeRun decay = train(
                "AdamW decay " + plain(ADAMW_DECAY),
                mlp("overfit_adamw", 3, Activation.RELU, 0, null),
                "categorical_crossentropy",
                new AdamW(1e-3f, ADAMW_DECAY),
                x,
                y,
                e,
                s.batchSize(),
                vx,
                vy,
                null,
                "ReLU 3x, cross-entropy, AdamW 0.001, weight decay " + plain(ADAMW_DECAY));
        List<RecipeRun> runs = List.of(plain, early, l2, decay);
        return new RecipeExperiment(
                6,
                "overfitting",
                "Early stopping and weight decay on an over-fitting net",
                ("%s, trained on only the first %,d training images for %s, batch %d; validation on the last %,d training images; tested on %,d test images. "
                                + "Early stopping: monitor val_loss, patience %d, best weights restored. Weight decay: Keras' L2 kernel regularizer %s·Σw² on every Dense layer "
                                + "(added to the loss), or AdamW's decoupled decay %s (w ← w − lr·%s·w each step).")
                        .formatted(
                                desc,
                                n,
                                epochs(e),
                                s.batchSize(),
                                nVal,
                                xTest.dim(0),
                                PATIENCE,
                                plain(L2),
                                plain(ADAMW_DECAY),
                                plain(ADAMW_DECAY)),
                "plain %s, early stopping %s, L2 %s, AdamW %s".formatted(acc(plain), acc(early), acc(l2), acc(decay)),
                "qualitative (validation loss turns up while the training loss keeps falling)",
                ("On %,d images the net fits the training set within a few epochs; the validation loss then rises. Early stopping keeps the best epoch; "
                                + "weight decay keeps the weights small. The L2 run's losses include its penalty (as Keras reports them), so compare its validation accuracy.")
                        .formatted(n),
                runs,
                List.of(RecipeFigures.overfitCurves("overfitting", runs)));
    }

    RecipeExperiment baselines() {
        int n = Math.min(s.baselineTrain(), xAll.dim(0));
        NDArray x = first(xAll, n), y = first(yAll, n);
        int stepsPerEpoch = (n + s.batchSize() - 1) / s.batchSize();
        Sequential logistic = new Sequential(s.seed())
                .named("logistic_regression")
                .add(new Dense(classes, Activation.SOFTMAX))
                .build(x.dim(1));
        RecipeRun lr = train(
                "logistic regression",
                logistic,
                "categorical_crossentropy",
                new SGD(0.1f),
                x,
                y,
                s.baselineEpochs(),
                s.batchSize(),
                "784-10 softmax, SGD 0.1");
        Sequential mlp = new Sequential(s.seed()).named("mlp_200_100_60_30");
        for (int units : new int[] {200, 100, 60, 30})
            mlp.add(new Dense(units, Activation.LINEAR))
                    .add(new BatchNormalization())
                    .add(new ActivationLayer(Activation.RELU));
        mlp.add(new Dense(classes, Activation.SOFTMAX)).build(x.dim(1));
        // Görner's decaying step size: lr = 0.0001 + 0.003·exp(−step/2000).
        Optimizer adam = new Adam(3e-3f).withSchedule(step -> (float) (1e-4 + 3e-3 * Math.exp(-step / 2000.0)));
        RecipeRun deep = train(
                "200-100-60-30 ReLU + BN",
                mlp,
                "categorical_crossentropy",
                adam,
                x,
                y,
                s.baselineEpochs(),
                s.batchSize(),
                "200-100-60-30 Dense + BatchNorm + ReLU, Adam with decaying lr");
        double gain = 100 * (deep.testAccuracy() - lr.testAccuracy());
        return new RecipeExperiment(
                7,
                "baselines",
                "Logistic regression vs a 200-100-60-30 MLP with ReLU, batch norm and a decaying step size",
                ("The first %,d training images, %s, batch %d, tested on %,d test images. Logistic regression: 784-10 softmax, SGD lr 0.1. "
                                + "MLP: Dense 200-100-60-30, each followed by batch normalization (momentum 0.99, ε 0.001) and ReLU, softmax output; Adam with "
                                + "lr = 0.0001 + 0.003·exp(−step/2000) (%d steps per epoch).")
                        .formatted(n, epochs(s.baselineEpochs()), s.batchSize(), xTest.dim(0), stepsPerEpoch),
                "%s vs %s (%+.1f points)".formatted(acc(lr), acc(deep), gain),
                "about 0.92 vs more than 6 points better",
                "Martin Görner's \"TensorFlow and deep learning, without a PhD\": softmax regression reaches about 92 %; the 5-layer 200-100-60-30 net with ReLU and a decaying learning rate about 98 %. Batch normalization is added here as the courses' recipe suggests.",
                List.of(lr, deep),
                List.of(RecipeFigures.curves("baselines", "Logistic regression vs MLP", List.of(lr, deep))));
    }

    private RecipeRun sigmoid3(String loss, String label) {
        String key = "sigmoid3-" + loss;
        return cached(
                        key,
                        () -> train(
                                label,
                                mlp("sigmoid3", 3, Activation.SIGMOID, 0, null),
                                loss,
                                new SGD(0.1f),
                                xTrain(),
                                yTrain(),
                                s.epochs(),
                                s.batchSize(),
                                "sigmoid 3x, " + (loss.equals("mse") ? "square error" : "cross-entropy") + ", SGD 0.1"))
                .labelled(label);
    }

    /** The Keras demo's 3-hidden-layer ReLU net trained with {@code opt} (described as {@code optimizer}), with dropout when rate > 0. */
    private RecipeRun relu3(String optimizer, Optimizer opt, float dropout) {
        String label = dropout > 0 ? "dropout " + plain(dropout) : optimizer;
        return cached(
                "relu3-" + optimizer + "-" + dropout,
                () -> train(
                        label,
                        mlp(dropout > 0 ? "relu3_dropout" : "relu3", 3, Activation.RELU, dropout, null),
                        "categorical_crossentropy",
                        opt,
                        xTrain(),
                        yTrain(),
                        s.epochs(),
                        s.batchSize(),
                        "ReLU 3x, cross-entropy, " + optimizer + (dropout > 0 ? ", dropout " + plain(dropout) : "")));
    }

    private RecipeRun cached(String key, Supplier<RecipeRun> make) {
        RecipeRun r = cache.get(key);
        if (r == null) cache.put(key, r = make.get());
        return r;
    }

    private Sequential mlp(String name, int depth, Activation act, float dropout, Regularizer reg) {
        Sequential m = new Sequential(s.seed()).named(name);
        for (int i = 0; i < depth; i++) {
            Layer d = new Dense(s.hidden(), act);
            m.add(reg == null ? d : d.withKernelRegularizer(reg));
            if (dropout > 0) m.add(new Dropout(dropout));
        }
        Layer out = new Dense(classes, Activation.SOFTMAX);
        m.add(reg == null ? out : out.withKernelRegularizer(reg));
        return m.build(xAll.dim(1));
    }

    private RecipeRun train(
            String label,
            Sequential model,
            String loss,
            Optimizer opt,
            NDArray x,
            NDArray y,
            int epochs,
            int batch,
            String settings) {
        return train(label, model, loss, opt, x, y, epochs, batch, null, null, null, settings);
    }

    private RecipeRun train(
            String label,
            Sequential model,
            String loss,
            Optimizer opt,
            NDArray x,
            NDArray y,
            int epochs,
            int batch,
            NDArray valX,
            NDArray valY,
            EarlyStopping stop,
            String settings) {
        model.compile(loss, opt, "accuracy");
        double[] g0 = GradientNorms.ofDenseKernels(model, xGrad, yGrad);
        FitOptions o = FitOptions.defaults()
                .epochs(epochs)
                .batchSize(batch)
                .seed(s.seed())
                .verbose(false);
        if (valX != null) o = o.validationData(valX, valY);
        if (stop != null) o = o.callback(stop);
        long t0 = System.nanoTime();
        History h = model.fit(x, y, o);
        double secs = (System.nanoTime() - t0) / 1e9;
        double[] g1 = GradientNorms.ofDenseKernels(model, xGrad, yGrad);
        double test = model.evaluate(xTest, yTest).get("accuracy"),
                noisy = model.evaluate(xNoisy, yTest).get("accuracy");
        log.accept(String.format(
                Locale.ROOT,
                "%-28s %3d epochs in %6.1f s: train accuracy %.4f, test accuracy %.4f (noisy %.4f)%s",
                label,
                h.epochs(),
                secs,
                h.last("accuracy"),
                test,
                noisy,
                h.stopReason() == null ? "" : "; " + h.stopReason()));
        return new RecipeRun(
                label, settings, h, test, noisy, g0, g1, secs, h.stopReason() == null ? "" : h.stopReason());
    }

    private static NDArray first(NDArray a, int n) {
        return n >= a.dim(0) ? a : a.slice(0, 0, n);
    }

    private static String acc(RecipeRun r) {
        return f(r.testAccuracy());
    }

    /** A float as written in the source: 1e-4f gives "0.0001". */
    private static String plain(float v) {
        return new BigDecimal(Float.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
