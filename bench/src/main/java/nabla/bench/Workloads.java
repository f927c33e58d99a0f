package nabla.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nabla.autograd.Activation;
import nabla.data.Example;
import nabla.losses.BinaryCrossEntropy;
import nabla.models.Sequential;
import nabla.models.Zoo;
import nabla.nn.conv.Conv2D;
import nabla.nn.core.Dense;
import nabla.nn.core.Dropout;
import nabla.nn.core.Embedding;
import nabla.nn.core.Flatten;
import nabla.nn.pool.AveragePooling2D;
import nabla.nn.pool.MaxPooling2D;
import nabla.nn.recurrent.LSTM;
import nabla.optim.Adam;
import nabla.optim.SGD;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * The training workloads W1–W5 of shared/BENCHMARKS.md: a compiled model plus in-memory data shaped as
 * {@code bench/torch_train.py} makes it (random values unless W1 is given the MNIST
 * files). Images are channels-last (n, h, w, 1) here and (n, 1, h, w) in PyTorch; class labels are indices, as
 * PyTorch's {@code CrossEntropyLoss} takes them (W1 keeps its one-hot labels and categorical cross-entropy).
 */
public final class Workloads {
    private Workloads() {}

    /**
     * One workload: {@code id} ("w2"), {@code label} ("W2 cnn", the prefix of the printed result line),
     * {@code batch} samples per step, {@code defaultBatches} steps per timed run (the same as torch_train.py's
     * defaults; aimed at ~1–3 s a run on the 2-core development machine, estimated from the FLOP counts, not yet
     * timed there), the compiled model and its data (x, y: n samples each).
     */
    public record Workload(
            String id,
            String label,
            int batch,
            int defaultBatches,
            Sequential model,
            NDArray x,
            NDArray y,
            String data) {
        /** Number of whole batches in the data. */
        public int batchesPerEpoch() {
            return x.dim(0) / batch;
        }

        /** One training step on batch number {@code i} (mod batchesPerEpoch); returns the loss. */
        public float step(int i) {
            int b = i % batchesPerEpoch();
            return model.trainStep(
                    Example.of(x.slice(0, b * batch, (b + 1) * batch), y.slice(0, b * batch, (b + 1) * batch)),
                    List.of());
        }
    }

    public static final List<String> IDS = List.of("w1", "w2", "w3", "w4", "w5");

    /**
     * The compiled model of workload {@code id} (w1…w5), without data: the model {@link #create} trains (weights
     * initialised from seed 1, as there).
     *
     * @param id the workload
     * @return a new built and compiled model
     * @throws IllegalArgumentException if {@code id} is not one of {@link #IDS}
     */
    public static Sequential model(String id) {
        return switch (id) {
            case "w1" -> {
                Sequential m = Zoo.mnistMlp(1, 784);
                m.compile("categorical_crossentropy", new Adam(1e-3f));
                yield m;
            }
            case "w2" -> {
                // Keras' mnist_cnn example.
                Sequential m = new Sequential(
                                1,
                                new Conv2D(32, 3, Activation.RELU),
                                new Conv2D(64, 3, Activation.RELU),
                                new MaxPooling2D(2),
                                new Dropout(0.25f),
                                new Flatten(),
                                new Dense(128, Activation.RELU),
                                new Dropout(0.5f),
                                new Dense(10, Activation.SOFTMAX))
                        .build(28, 28, 1);
                m.compile("sparse_categorical_crossentropy", new Adam(1e-3f));
                yield m;
            }
            case "w3" -> {
                // LeNet-5 on 32x32 input (MNIST zero-padded by 2 beforehand, as torch_train.py feeds it).
                Sequential m = new Sequential(
                                1,
                                new Conv2D(6, 5, Activation.TANH),
                                new AveragePooling2D(2),
                                new Conv2D(16, 5, Activation.TANH),
                                new AveragePooling2D(2),
                                new Conv2D(120, 5, Activation.TANH),
                                new Flatten(),
                                new Dense(84, Activation.TANH),
                                new Dense(10, Activation.SOFTMAX))
                        .build(32, 32, 1);
                m.compile("sparse_categorical_crossentropy", new SGD(0.05f, 0.9f));
                yield m;
            }
            case "w4" -> {
                Sequential m = new Sequential(
                                1, new Embedding(W4_WORDS, 128), new LSTM(128), new Dense(1, Activation.SIGMOID))
                        .build(W4_STEPS);
                m.compile(new BinaryCrossEntropy(), new Adam(1e-3f));
                yield m;
            }
            case "w5" -> {
                Sequential m = new Sequential(1, new LSTM(8), new Dense(3)).build(30, 1);
                m.compile("mse", new Adam(1e-3f));
                yield m;
            }
            default -> throw new IllegalArgumentException("unknown workload '" + id + "'; use one of " + IDS);
        };
    }

    /** W4's vocabulary size and sequence length. */
    private static final int W4_WORDS = 20000, W4_STEPS = 80;

    /** Builds workload {@code id} (w1…w5); {@code mnistDir} (or null) is used by W1 only. */
    public static Workload create(String id, Path mnistDir) throws IOException {
        Sequential m = model(id);
        Rng rng = new Rng(1);
        return switch (id) {
            case "w1" -> w1(m, mnistDir);
            case "w2" ->
                new Workload(
                        id,
                        "W2 cnn",
                        128,
                        30,
                        m,
                        NDArray.uniform(Shape.of(60000, 28, 28, 1), 0, 1, rng),
                        labels(60000, 10, rng),
                        "random, 60000 x 28x28x1");
            case "w3" ->
                new Workload(
                        id,
                        "W3 lenet",
                        128,
                        100,
                        m,
                        NDArray.uniform(Shape.of(60000, 32, 32, 1), 0, 1, rng),
                        labels(60000, 10, rng),
                        "random, 60000 x 32x32x1");
            case "w4" -> {
                int n = 25000;
                float[] ids = new float[n * W4_STEPS];
                for (int i = 0; i < ids.length; i++)
                    ids[i] = 1 + rng.nextInt(W4_WORDS - 1); // as torch.randint(1, 20000)
                yield new Workload(
                        id,
                        "W4 lstm",
                        32,
                        50,
                        m,
                        NDArray.wrap(ids, Shape.of(n, W4_STEPS)),
                        labels(n, 2, rng).reshape(n, 1),
                        "random ids in [1, 20000), 25000 x 80");
            }
            case "w5" -> {
                int n = 6400;
                yield new Workload(
                        id,
                        "W5 tiny",
                        64,
                        300,
                        m,
                        NDArray.uniform(Shape.of(n, 30, 1), 0, 1, rng),
                        NDArray.uniform(Shape.of(n, 3), 0, 1, rng),
                        "random, 6400 x 30x1");
            }
            default -> throw new IllegalArgumentException("unknown workload '" + id + "'; use one of " + IDS);
        };
    }

    /** W1: the MNIST MLP with one-hot labels, on the MNIST training images when mnistDir holds them. */
    private static Workload w1(Sequential model, Path mnistDir) throws IOException {
        Rng rng = new Rng(1);
        int n = 60000;
        NDArray x, y;
        String data;
        Path images = mnistDir == null ? null : mnistDir.resolve("train-images-idx3-ubyte");
        if (images != null && Files.exists(images)) {
            byte[] img = Files.readAllBytes(images),
                    lab = Files.readAllBytes(mnistDir.resolve("train-labels-idx1-ubyte"));
            float[] xd = new float[n * 784];
            for (int i = 0; i < xd.length; i++) xd[i] = (img[16 + i] & 0xff) / 255f;
            float[] yd = new float[n * 10];
            for (int i = 0; i < n; i++) yd[i * 10 + lab[8 + i]] = 1f;
            x = NDArray.wrap(xd, Shape.of(n, 784));
            y = NDArray.wrap(yd, Shape.of(n, 10));
            data = "MNIST from " + mnistDir;
        } else {
            x = NDArray.uniform(Shape.of(n, 784), 0, 1, rng);
            y = NDArray.zeros(n, 10);
            for (int i = 0; i < n; i++) y.set(1f, i, rng.nextInt(10));
            data = "random with MNIST's shapes (pass --mnist-dir for the real images)";
        }
        return new Workload("w1", "W1 mlp", 100, 200, model, x, y, data);
    }

    /** n class indices in [0, classes) as floats, shape (n). */
    private static NDArray labels(int n, int classes, Rng rng) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = rng.nextInt(classes);
        return NDArray.wrap(d, Shape.of(n));
    }
}
