package nabla.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nabla.autograd.Activation;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.models.SymbolicTensor;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.recurrent.LSTM;
import nabla.optim.Adam;
import nabla.optim.LearningRateSchedule;
import nabla.optim.RMSprop;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;

/**
 * The training run of {@link CrashResumeTest}, in a child JVM: {@code KIND CHECKPOINT OUT EPOCHS hold|run}. It loads
 * CHECKPOINT when it exists (else builds the model KIND: "mlp", "functional" or "lstm"), trains up to EPOCHS with
 * shuffling, dropout and a {@link ModelCheckpoint} to CHECKPOINT every epoch, printing "epoch N done" after each
 * checkpoint, and saves the trained model to OUT. With "hold" it stops before the last epoch and waits to be killed,
 * so that a kill always lands before the end.
 */
public final class CrashResumeMain {
    private CrashResumeMain() {}

    /**
     * Runs one training process.
     *
     * @param args KIND CHECKPOINT OUT EPOCHS hold|run
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        String kind = args[0];
        Path checkpoint = Path.of(args[1]), out = Path.of(args[2]);
        int epochs = Integer.parseInt(args[3]);
        boolean hold = args[4].equals("hold");
        // the resume pattern a user writes: the last checkpoint when there is one, else a new model; either way
        // the run goes on from the epochs the model has completed
        Model model = Files.exists(checkpoint) ? Model.load(checkpoint) : build(kind);
        say("start at epoch " + model.completedEpochs());
        FitOptions options = options(kind, epochs)
                .initialEpoch(model.completedEpochs())
                .callback(new ModelCheckpoint(checkpoint))
                .callback(new Callback() {
                    @Override
                    public void onEpochBegin(int epoch) {
                        if (hold && epoch == epochs - 1) {
                            say("holding");
                            try {
                                Thread.sleep(Long.MAX_VALUE);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        say("epoch " + (epoch + 1) + " done");
                    }
                });
        Data d = data(kind);
        model.fit(d.x(), d.y(), options);
        model.save(out);
        say("finished");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Training data and labels (class indices 0..2). */
    record Data(NDArray x, NDArray y) {}

    /**
     * The synthetic data of a model kind: the same on every run and JVM.
     *
     * @param kind "mlp", "functional" or "lstm"
     * @return inputs and class labels
     */
    static Data data(String kind) {
        Rng rng = new Rng(kind.hashCode());
        boolean sequence = kind.equals("lstm");
        int n = sequence ? 250 : 400, features = sequence ? 8 * 4 : 12;
        float[] x = new float[n * features], y = new float[n];
        for (int i = 0; i < n; i++) {
            double a = 0, b = 0;
            for (int j = 0; j < features; j++) {
                float v = (float) rng.nextGaussian();
                x[i * features + j] = v;
                if (j % 3 == 0) a += v;
                else if (j % 3 == 1) b += v;
            }
            y[i] = a > 0.5 ? 0 : b > 0 ? 1 : 2;
        }
        return new Data(sequence ? NDArray.of(x, n, 8, 4) : NDArray.of(x, n, features), NDArray.of(y, n));
    }

    /**
     * The fit options of a model kind: shuffled (seed 5), batch 20, a validation split, quiet; the functional model
     * also has a per-epoch learning-rate callback.
     *
     * @param kind the model kind
     * @param epochs the epoch to stop before
     * @return the options
     */
    static FitOptions options(String kind, int epochs) {
        FitOptions o = FitOptions.defaults()
                .epochs(epochs)
                .batchSize(20)
                .seed(5)
                .validationSplit(0.2)
                .verbose(false);
        return kind.equals("functional") ? o.callback(new LearningRateScheduler(e -> 2e-3 * Math.pow(0.8, e))) : o;
    }

    /**
     * A new, compiled model of a kind: "mlp" (Sequential, two Dropouts, Adam on an exponential-decay schedule),
     * "functional" (two branches concatenated, Dropout in a branch and after the merge, RMSprop) or "lstm" (LSTM with
     * dropout and recurrent dropout, then Dropout, Adam).
     *
     * @param kind the model kind
     * @return the model
     */
    static Model build(String kind) {
        Model m = switch (kind) {
            case "mlp" ->
                new Sequential(
                                7L,
                                new Dense(48, Activation.RELU),
                                new Dropout(0.3f),
                                new Dense(48, Activation.RELU),
                                new Dropout(0.2f),
                                new Dense(3, Activation.SOFTMAX))
                        .build(12);
            case "functional" -> {
                SymbolicTensor in = Functional.input(12);
                SymbolicTensor a = in.then(new Dense(32, Activation.RELU)).then(new Dropout(0.3f));
                SymbolicTensor b = in.then(new Dense(32, Activation.TANH));
                SymbolicTensor out =
                        Functional.concatenate(a, b).then(new Dropout(0.25f)).then(new Dense(3, Activation.SOFTMAX));
                yield new Functional(8L, in, out);
            }
            case "lstm" ->
                new Sequential(
                                9L,
                                new LSTM(16).withDropout(0.2f).withRecurrentDropout(0.2f),
                                new Dropout(0.2f),
                                new Dense(3, Activation.SOFTMAX))
                        .build(8, 4);
            default -> throw new IllegalArgumentException("unknown model kind " + kind);
        };
        var optimizer = switch (kind) {
            case "mlp" -> new Adam(3e-3f).withSchedule(LearningRateSchedule.exponentialDecay(3e-3f, 20, 0.9f, false));
            case "functional" -> new RMSprop(2e-3f);
            default -> new Adam(5e-3f);
        };
        m.compile("sparse_categorical_crossentropy", optimizer, "accuracy");
        return m;
    }
}
