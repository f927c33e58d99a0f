package nabla.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.models.Sequential;
import nabla.models.Zoo;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.train.FitOptions;
import nabla.train.History;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nabla train mlp}: trains a worked example on a real data set and reports its test accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a worked example on real data and print its test accuracy.")
final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The example to train: ${COMPLETION-CANDIDATES}.")
    Example example;

    @Option(names = "--dataset", defaultValue = "mnist", description = "mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "100", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0", description = "Fraction of the training set held out for validation (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @Option(names = "--save", description = "Write the trained model to this file.")
    Path save;

    enum Example { mlp }

    @Override
    public Integer call() throws Exception {
        DatasetCatalog catalog = new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg));
        ImageDataset data = switch (dataset) {
            case "mnist" -> catalog.mnist();
            case "fashion-mnist" -> catalog.fashionMnist();
            default -> throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "unknown dataset '" + dataset + "'; use mnist or fashion-mnist");
        };
        System.out.println(data);
        NDArray xTrain = data.trainImages().reshape(data.trainImages().dim(0), -1);
        NDArray xTest = data.testImages().reshape(data.testImages().dim(0), -1);
        NDArray yTrain = data.trainLabelsOneHot(), yTest = data.testLabelsOneHot();

        Sequential model = Zoo.mnistMlp(seed, xTrain.dim(1));
        model.compile("categorical_crossentropy", new Adam(learningRate), "accuracy");
        System.out.print(model.summary());
        long t0 = System.nanoTime();
        History h = model.fit(xTrain, yTrain, FitOptions.defaults().epochs(epochs).batchSize(batchSize)
                .validationSplit(validationSplit).seed(seed));
        double secs = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> test = model.evaluate(xTest, yTest);
        System.out.printf("trained %d epochs in %.1f s%n", h.epochs(), secs);
        System.out.printf("test loss: %.4f%n", test.get("loss"));
        System.out.printf("test accuracy: %.4f%n", test.get("accuracy"));
        if (save != null) {
            model.save(save);
            System.out.println("saved model to " + save);
        }
        return h.stopReason() == null ? 0 : 1;
    }
}
