package nabla.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nabla.metrics.Metric;
import nabla.models.Sequential;
import nabla.models.Zoo;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * End-to-end training throughput (workload W1 of shared/BENCHMARKS.md): samples per second of
 * forward + loss + backward + optimizer step on in-memory batches, after 20 warm-up batches, median of the
 * timed runs. Usage: {@code TrainThroughput [--mnist-dir DIR] [--batches N] [--runs R]}; prints one line
 * {@code W1 mlp nabla samples/s: X} plus the per-run figures.
 */
public final class TrainThroughput {
    public static void main(String[] args) throws Exception {
        Path mnistDir = null;
        int batches = 200, runs = 5, batch = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mnist-dir" -> mnistDir = Path.of(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int n = 60000;
        NDArray x, y;
        Path images = mnistDir == null ? null : mnistDir.resolve("train-images-idx3-ubyte");
        if (images != null && Files.exists(images)) {
            byte[] img = Files.readAllBytes(images), lab = Files.readAllBytes(mnistDir.resolve("train-labels-idx1-ubyte"));
            float[] xd = new float[n * 784];
            for (int i = 0; i < xd.length; i++) xd[i] = (img[16 + i] & 0xff) / 255f;
            float[] yd = new float[n * 10];
            for (int i = 0; i < n; i++) yd[i * 10 + lab[8 + i]] = 1f;
            x = NDArray.wrap(xd, Shape.of(n, 784));
            y = NDArray.wrap(yd, Shape.of(n, 10));
            System.out.println("data: MNIST from " + mnistDir);
        } else {
            Rng rng = new Rng(1);
            x = NDArray.uniform(Shape.of(n, 784), 0, 1, rng);
            y = NDArray.zeros(n, 10);
            for (int i = 0; i < n; i++) y.set(1f, i, rng.nextInt(10));
            System.out.println("data: random with MNIST's shapes (pass --mnist-dir for the real images)");
        }
        Sequential model = Zoo.mnistMlp(1, 784);
        model.compile("categorical_crossentropy", new Adam(1e-3f));
        List<Metric> none = List.of();
        int perEpoch = n / batch;
        int cursor = 0;
        for (int i = 0; i < 20; i++, cursor = (cursor + 1) % perEpoch)
            model.trainStep(x.slice(0, cursor * batch, (cursor + 1) * batch), y.slice(0, cursor * batch, (cursor + 1) * batch), none);
        List<Double> rates = new ArrayList<>();
        float lastLoss = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++, cursor = (cursor + 1) % perEpoch)
                lastLoss = model.trainStep(x.slice(0, cursor * batch, (cursor + 1) * batch), y.slice(0, cursor * batch, (cursor + 1) * batch), none);
            double secs = (System.nanoTime() - t0) / 1e9;
            rates.add(batches * batch / secs);
        }
        double[] sorted = rates.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("runs (samples/s): %s   last loss %.4f%n", Arrays.toString(rates.stream().mapToLong(Math::round).toArray()), lastLoss);
        System.out.printf("W1 mlp nabla samples/s: %.0f%n", sorted[sorted.length / 2]);
    }
}
