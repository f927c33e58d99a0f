package nabla.bench;

import java.nio.file.Path;
import java.util.Arrays;
import nabla.kernels.Parallel;

/**
 * End-to-end training throughput of the workloads W1–W5 of shared/BENCHMARKS.md (see {@link Workloads}):
 * samples per second of forward + loss + backward + optimizer step on in-memory batches, after a warm-up of at
 * least 20 batches and {@value #WARMUP_SECONDS} s (the JIT needs a few seconds to compile the hot loops; a training
 * job runs for minutes, so the steady state is what matters), median of the timed runs (at least 3 are asked
 * for by BENCHMARKS.md; the default is 5). {@code bench/torch_train.py} warms PyTorch up the same way.
 *
 * <p>Usage: {@code TrainThroughput [w1|w2|w3|w4|w5] [--mnist-dir DIR] [--batches N] [--runs R] [--threads T]}
 * (default w1; {@code --batches} defaults to the workload's, about 1–3 s a run on the 2-core development
 * machine; {@code --threads} 0 or absent: all cores). Prints the per-run figures and one line
 * {@code W<n> <name> nabla samples/s: X}, which {@code bench/run-train.sh} reads.
 */
public final class TrainThroughput {
    private TrainThroughput() {}

    /** Minimum warm-up time before the timed runs, in seconds. */
    static final double WARMUP_SECONDS = 5;

    public static void main(String[] args) throws Exception {
        String id = "w1";
        Path mnistDir = null;
        int batches = 0, runs = 5, threads = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mnist-dir" -> mnistDir = Path.of(args[++i]);
                case "--batches" -> batches = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> {
                    if (!Workloads.IDS.contains(args[i].toLowerCase()))
                        throw new IllegalArgumentException(
                                "unknown argument '" + args[i]
                                        + "'; usage: TrainThroughput [w1|w2|w3|w4|w5] [--mnist-dir DIR] [--batches N] [--runs R] [--threads T]");
                    id = args[i].toLowerCase();
                }
            }
        }
        if (threads > 0) Parallel.setThreads(threads);
        Workloads.Workload w = Workloads.create(id, mnistDir);
        if (batches <= 0) batches = w.defaultBatches();
        System.out.printf(
                "%s: batch %d, %d batches a run, %d runs, %d threads; data: %s%n",
                w.label(), w.batch(), batches, runs, Parallel.threads(), w.data());
        int cursor = 0;
        long warmupEnd = System.nanoTime() + (long) (WARMUP_SECONDS * 1e9);
        for (int i = 0; i < 20 || System.nanoTime() < warmupEnd; i++) w.step(cursor++);
        double[] rates = new double[runs];
        float lastLoss = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batches; i++) lastLoss = w.step(cursor++);
            rates[r] = (double) batches * w.batch() / ((System.nanoTime() - t0) / 1e9);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        System.out.printf(
                "runs (samples/s): %s   last loss %.4f%n",
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()), lastLoss);
        System.out.printf("%s nabla samples/s: %.0f%n", w.label(), median);
    }
}
