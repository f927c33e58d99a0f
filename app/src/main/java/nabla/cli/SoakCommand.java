package nabla.cli;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.models.Sequential;
import nabla.models.Zoo;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.train.Callback;
import nabla.train.FitOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla soak}: a long training run and a long run of single predicts, with the heap measured after a full
 * collection at every step, to show that nothing accumulates (a leak would grow the post-GC heap step after step).
 */
@Command(
        name = "soak",
        mixinStandardHelpOptions = true,
        description = {
            "Soak test: train the MNIST MLP (784-500-500-10, Adam, batch 100) for --epochs, then run --predicts",
            "single-sample predicts (predictOnBatch, batch 1), printing the post-GC heap (System.gc(), then the",
            "MemoryMXBean's used heap) after every epoch and every --every predicts. The heap is flat when each phase",
            "grows by less than --bound-mb from its first measurement (after epoch 1, after the first --every",
            "predicts) to its last. Exit code 0 when flat, 1 when not.",
            "",
            "The full run: ./nabla soak (50 epochs, 1,000,000 predicts; several minutes)."
        })
final class SoakCommand implements Callable<Integer> {
    private static final double MB = 1 << 20;

    @Option(names = "--epochs", defaultValue = "50", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--predicts",
            defaultValue = "1000000",
            description = "Single-sample predicts after training (default: ${DEFAULT-VALUE}).")
    int predicts;

    @Option(
            names = "--every",
            defaultValue = "100000",
            description = "Measure the heap every this many predicts (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(
            names = "--bound-mb",
            defaultValue = "16",
            description =
                    "The growth of the post-GC heap, in MiB, that a phase must stay under (default: ${DEFAULT-VALUE}).")
    double boundMb;

    @Option(
            names = "--synthetic",
            description = "Train on random 784-pixel images with learnable labels instead of MNIST (no data needed).")
    boolean synthetic;

    @Option(
            names = "--limit",
            description = "Use only the first N training samples (default: all 60,000; synthetic: 60,000 made).")
    Integer limit;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed for initialization and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    java.nio.file.Path dataDir;

    @Override
    public Integer call() throws Exception {
        if (epochs < 1) throw UserError.option("--epochs must be at least 1, got " + epochs + ".");
        if (predicts < 1) throw UserError.option("--predicts must be at least 1, got " + predicts + ".");
        if (every < 1 || every > predicts)
            throw UserError.option("--every must be between 1 and --predicts (" + predicts + "), got " + every + ".");
        if (!(boundMb > 0)) throw UserError.option("--bound-mb must be a positive number, got " + boundMb + ".");
        if (limit != null && limit < 1) throw UserError.option("--limit must be at least 1, got " + limit + ".");

        NDArray[] data = synthetic ? synthetic(limit == null ? 60_000 : limit, seed) : mnist();
        NDArray x = data[0], y = data[1];
        Sequential model = Zoo.mnistMlp(seed, 784);
        model.compile("categorical_crossentropy", new Adam(1e-3f), "accuracy");
        System.out.printf(
                Locale.ROOT,
                "soak: %s MLP 784-500-500-10 (%,d weights) on %,d samples: %d epochs of batch 100, then %,d predicts"
                        + " of batch 1; the post-GC heap is the used heap after System.gc() (max heap %.0f MB)%n",
                synthetic ? "synthetic-data" : "MNIST",
                model.parameterCount(),
                x.dim(0),
                epochs,
                predicts,
                Runtime.getRuntime().maxMemory() / MB);

        List<Long> trainHeap = new ArrayList<>();
        long[] epochStart = {System.nanoTime()};
        Callback probe = new Callback() {
            @Override
            public void onEpochBegin(int epoch) {
                epochStart[0] = System.nanoTime();
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                double seconds = (System.nanoTime() - epochStart[0]) / 1e9;
                long heap = postGcHeap();
                trainHeap.add(heap);
                System.out.printf(
                        Locale.ROOT,
                        "epoch %3d/%d: loss %.4f, accuracy %.4f, %.1f s, post-GC heap %.1f MB%n",
                        epoch + 1,
                        epochs,
                        logs.get("loss"),
                        logs.get("accuracy"),
                        seconds,
                        heap / MB);
            }
        };
        model.fit(
                x,
                y,
                FitOptions.defaults()
                        .epochs(epochs)
                        .batchSize(100)
                        .seed(seed)
                        .verbose(false)
                        .callback(probe));

        List<Long> predictHeap = new ArrayList<>();
        int n = x.dim(0);
        double checksum = 0;
        long start = System.nanoTime();
        for (int i = 1; i <= predicts; i++) {
            int row = (i - 1) % n;
            NDArray p = model.predictOnBatch(List.of(x.slice(0, row, row + 1))).getFirst();
            checksum += p.toArray()[0];
            if (i % every == 0 || i == predicts) {
                double micros = (System.nanoTime() - start) / 1e3 / (i % every == 0 ? every : i % every);
                long heap = postGcHeap();
                predictHeap.add(heap);
                System.out.printf(
                        Locale.ROOT, "predicts %,9d: %.1f µs each, post-GC heap %.1f MB%n", i, micros, heap / MB);
                start = System.nanoTime();
            }
        }
        if (!Double.isFinite(checksum)) System.out.println("note: a prediction was not finite");

        boolean trainFlat = report("training", trainHeap, "epoch 1", "epoch " + epochs);
        boolean predictFlat = report(
                "predicting",
                predictHeap,
                String.format(Locale.ROOT, "%,d predicts", Math.min(every, predicts)),
                String.format(Locale.ROOT, "%,d", predicts));
        boolean flat = trainFlat && predictFlat;
        System.out.printf(
                Locale.ROOT,
                "heap flat: %s (bound: each phase grows less than %s MB from its first post-GC heap to its last)%n",
                flat ? "yes" : "NO",
                trimmed(boundMb));
        return flat ? 0 : 1;
    }

    /** Prints a phase's first, last and largest post-GC heap; true when it grew less than the bound. */
    private boolean report(String phase, List<Long> heaps, String firstLabel, String lastLabel) {
        long first = heaps.getFirst(), last = heaps.getLast();
        long max = heaps.stream().mapToLong(Long::longValue).max().orElse(last);
        double growth = (last - first) / MB;
        System.out.printf(
                Locale.ROOT,
                "%s: post-GC heap %.1f MB after %s, %.1f MB after %s (%+.1f MB; largest %.1f MB)%n",
                phase,
                first / MB,
                firstLabel,
                last / MB,
                lastLabel,
                growth,
                max / MB);
        return growth < boundMb;
    }

    private static String trimmed(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The used heap after a full collection (System.gc() twice: the first may leave finalizable garbage). */
    private static long postGcHeap() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** MNIST's training images flattened to (n, 784) and one-hot labels, the first --limit of them. */
    private NDArray[] mnist() throws java.io.IOException {
        DatasetCatalog catalog =
                new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg));
        ImageDataset data = catalog.mnist();
        NDArray x = data.trainImages().reshape(data.trainImages().dim(0), -1);
        NDArray y = data.trainLabelsOneHot();
        int n = limit == null ? x.dim(0) : Math.min(limit, x.dim(0));
        return new NDArray[] {x.slice(0, 0, n).copy(), y.slice(0, 0, n).copy()};
    }

    /**
     * Random images in [0, 1) whose label is the largest of ten fixed random projections: learnable, as MNIST's
     * shapes (n, 784) and one-hot (n, 10).
     */
    static NDArray[] synthetic(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] w = new float[784 * 10];
        for (int i = 0; i < w.length; i++) w[i] = (float) rng.nextGaussian();
        float[] x = new float[n * 784], y = new float[n * 10];
        for (int s = 0; s < n; s++) {
            double[] score = new double[10];
            for (int j = 0; j < 784; j++) {
                float v = rng.nextFloat();
                x[s * 784 + j] = v;
                for (int c = 0; c < 10; c++) score[c] += v * w[j * 10 + c];
            }
            int best = 0;
            for (int c = 1; c < 10; c++) if (score[c] > score[best]) best = c;
            y[s * 10 + best] = 1;
        }
        return new NDArray[] {NDArray.of(x, n, 784), NDArray.of(y, n, 10)};
    }
}
