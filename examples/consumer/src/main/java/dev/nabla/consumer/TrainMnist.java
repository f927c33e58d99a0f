package dev.nabla.consumer;

import java.util.Map;
import nabla.autograd.Activation;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.train.FitOptions;
import nabla.train.History;

/**
 * Trains the 784-500-500-10 MLP on MNIST through Nabla's public API, as a user's program would, and fails (exit 1)
 * when the test accuracy is below the bar. Usage: {@code TrainMnist [epochs] [minAccuracy]}.
 */
public final class TrainMnist {
    private TrainMnist() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double min = args.length > 1 ? Double.parseDouble(args[1]) : 0.975;
        DatasetCatalog catalog = new DatasetCatalog(DatasetCatalog.defaultCacheDir(System.getenv()), msg -> System.out.println("[data] " + msg));
        ImageDataset mnist = catalog.mnist();
        NDArray x = mnist.trainImages().reshape(mnist.trainImages().dim(0), 784), y = mnist.trainLabels();
        NDArray xTest = mnist.testImages().reshape(mnist.testImages().dim(0), 784), yTest = mnist.testLabels();

        Sequential mlp = new Sequential(42, new Dense(500, Activation.RELU), new Dense(500, Activation.RELU),
                new Dense(10, Activation.SOFTMAX)).build(784);
        mlp.compile("sparse_categorical_crossentropy", new Adam(1e-3f), "accuracy");
        System.out.print(mlp.summary());
        History h = mlp.fit(x, y, FitOptions.defaults().epochs(epochs).batchSize(100).seed(42));
        Map<String, Double> test = mlp.evaluate(xTest, yTest);
        System.out.printf("consumer: %d epoch(s), final training loss %.4f, test accuracy %.4f (bar %.3f)%n", h.epochs(),
                h.last("loss"), test.get("accuracy"), min);
        if (test.get("accuracy") < min) System.exit(1);
    }
}
