package nabla.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nabla.kernels.Parallel;
import nabla.models.Sequential;
import nabla.onnx.Onnx;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/**
 * Inference speed of W1 (the MNIST MLP) and W2 (the MNIST CNN) of shared/BENCHMARKS.md, Nabla against ONNX Runtime
 * (its Java API) running the same model, in one JVM: batch-1 latency (median and p99, µs) and batch-256 throughput
 * (samples/s).
 *
 * <p><b>The models and inputs.</b> Each model is {@link Workloads#model}'s (weights from seed 1, untrained), exported
 * with {@link Onnx#export} to a temporary file; the export keeps Nabla's channels-last layout, so the same
 * {@code float[]} feed both runtimes. The inputs are 256 samples, uniform in [0, 1) (W1 (n, 784), W2 (n, 28, 28, 1));
 * batch-1 calls cycle through them, batch-256 calls take all of them. Before any timing, both runtimes' outputs on the
 * batch and on single samples are compared: the largest relative difference is printed and the run stops if it
 * reaches {@value #MAX_RELATIVE_DIFF}.
 *
 * <p><b>The timed region</b> of one call, on each side, is what a user holding a {@code float[]} does to get a
 * {@code float[]} of outputs:
 *
 * <ul>
 *   <li>Nabla: {@code NDArray.wrap} of the caller's array (no copy: Nabla reads the caller's array), then
 *       {@link nabla.models.Model#predict(NDArray)} (the default {@code --api predict}; evaluation mode, no
 *       gradients, the output copied into a new array) or {@link nabla.models.Model#predictOnBatch}
 *       ({@code --api predictOnBatch}: the same forward pass without {@code predict}'s batching loop; the output is
 *       copied too), and one element of the output read.
 *   <li>ONNX Runtime: the caller's array copied into a direct {@link FloatBuffer} allocated once per batch size (the
 *       API reads a direct buffer of native order in place; a heap buffer it would copy each call), {@link
 *       OnnxTensor#createTensor(OrtEnvironment, FloatBuffer, long[])} over it, {@link OrtSession#run(Map)}, {@link
 *       OnnxTensor#getFloatBuffer()} (a copy of the output into a new buffer), one element read, the tensor and the
 *       result closed.
 * </ul>
 *
 * <p><b>Threads.</b> Nabla's kernels use {@code --threads} threads (default 2, the caller included); the ONNX Runtime
 * session has {@code --threads} intra-op threads, 1 inter-op thread, sequential execution and graph optimisation
 * level ALL_OPT (the other session options at their defaults, including its spinning thread pool).
 *
 * <p><b>The schedule.</b> Each of the four cases (W1, W2 × batch 1, 256) is first warmed up for {@code --warmup}
 * seconds on each runtime (default {@value #WARMUP_SECONDS} s; the JIT compiles Nabla's hot loops in the first
 * seconds). Then {@code --rounds} rounds (default 5; at least 3 are advised, since this machine's speed drifts) run
 * every case on Nabla, then on ONNX Runtime (ABAB): batch 1 is {@code --latency-seconds} (default 2) of consecutive
 * single-sample calls, each timed alone; batch 256 is {@code --runs} timed runs (default 5) of whole calls, each run
 * lasting at least {@code --run-seconds} (default 1), giving samples/s. Each round prints, per case, both sides'
 * figures and the speed ratio Nabla / ONNX Runtime (for batch 1, ONNX Runtime's median latency divided by Nabla's;
 * for batch 256, Nabla's median samples/s divided by ONNX Runtime's; above 1 means Nabla is faster). The final
 * Markdown table gives, per case, the latency median and p99 over all rounds' calls or the median samples/s over all
 * rounds' runs, and the median of the per-round ratios. Both models share one JVM, so the JIT's profiles have seen
 * both (as a server of both models would); run one workload ({@code w1} or {@code w2}) to keep them apart.
 *
 * <p>Usage: {@code InferenceBench [w1] [w2] [--threads T] [--rounds R] [--runs N] [--warmup S] [--latency-seconds S]
 * [--run-seconds S] [--api predict|predictOnBatch] [--quick]} (no workload: both). {@code --quick} is a smoke run of a
 * few seconds (0.3 s warm-ups, 3 rounds of 0.2 s latency runs and 2 runs of 0.1 s), not a measurement; options after
 * it override it. {@code bench/run-inference.sh} builds the jar and runs this class.
 */
public final class InferenceBench {
    private InferenceBench() {}

    /** Default warm-up per case and runtime, in seconds. */
    static final double WARMUP_SECONDS = 5;

    /** The largest relative difference between the runtimes' outputs that lets the run go on. */
    static final double MAX_RELATIVE_DIFF = 1e-4;

    /** The large batch. */
    static final int BATCH = 256;

    /** A workload: its id in {@link Workloads}, its label and the shape of one sample. */
    private record Spec(String id, String label, Shape sample) {}

    private static final List<Spec> SPECS =
            List.of(new Spec("w1", "W1 mlp", Shape.of(784)), new Spec("w2", "W2 cnn", Shape.of(28, 28, 1)));

    /** Accumulates one element of every output, so the JIT cannot drop the calls' results. */
    private static double sink;

    /** The measurement settings. */
    private record Settings(
            int threads,
            int rounds,
            int runs,
            double warmup,
            double latencySeconds,
            double runSeconds,
            boolean predictOnBatch) {}

    /**
     * One inference call on a batch given as a flat {@code float[]}: the timed region of one call.
     */
    @FunctionalInterface
    private interface Runner {
        /** Runs the model on {@code x} ({@code n} samples) and returns one element of the output. */
        float run(float[] x, int n) throws OrtException;
    }

    /** A workload's state: the model, the ONNX session, the inputs and the runners of both sides. */
    private static final class Bench implements AutoCloseable {
        final Spec spec;
        final Sequential model;
        final OrtSession session;
        final String inputName;
        final float[] batch;
        final float[][] samples;
        final int sampleSize;
        final Runner nabla, ort;
        // over all rounds: batch-1 latencies (ns, one array a round), batch-256 runs (samples/s), per-round ratios
        final List<long[]> nablaLatency = new ArrayList<>(), ortLatency = new ArrayList<>();
        final List<Double> nablaRuns = new ArrayList<>(), ortRuns = new ArrayList<>();
        final List<Double> ratio1 = new ArrayList<>(), ratio256 = new ArrayList<>();
        int cursor;

        Bench(Spec spec, OrtEnvironment env, Settings s) throws Exception {
            this.spec = spec;
            model = Workloads.model(spec.id());
            Path file = Files.createTempFile("nabla-inference-" + spec.id(), ".onnx");
            try {
                Onnx.export(model, file);
                try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                    o.setIntraOpNumThreads(s.threads());
                    o.setInterOpNumThreads(1);
                    o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                    session = env.createSession(file.toString(), o);
                }
            } finally {
                Files.deleteIfExists(file);
            }
            inputName = session.getInputNames().iterator().next();
            sampleSize = spec.sample().size();
            batch = NDArray.uniform(spec.sample().prepend(BATCH), 0, 1, new Rng(2))
                    .toArray();
            samples = new float[BATCH][];
            for (int i = 0; i < BATCH; i++)
                samples[i] = Arrays.copyOfRange(batch, i * sampleSize, (i + 1) * sampleSize);
            Shape one = spec.sample().prepend(1), all = spec.sample().prepend(BATCH);
            boolean onBatch = s.predictOnBatch();
            nabla = (x, n) -> {
                NDArray in = NDArray.wrap(x, n == 1 ? one : all);
                NDArray out = onBatch ? model.predictOnBatch(List.of(in)).getFirst() : model.predict(in);
                return out.data()[out.offset()];
            };
            long[] oneDims = longs(one), allDims = longs(all);
            FloatBuffer oneBuf = directFloats(sampleSize), allBuf = directFloats(BATCH * sampleSize);
            ort = (x, n) -> {
                FloatBuffer buf = n == 1 ? oneBuf : allBuf;
                buf.clear();
                buf.put(x, 0, n * sampleSize).rewind();
                try (OnnxTensor t = OnnxTensor.createTensor(env, buf, n == 1 ? oneDims : allDims);
                        OrtSession.Result r = session.run(Map.of(inputName, t))) {
                    FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    return y.get(0);
                }
            };
        }

        /** The next single sample, cycling through the batch. */
        float[] nextSample() {
            float[] x = samples[cursor];
            cursor = (cursor + 1) % BATCH;
            return x;
        }

        /** Nabla's full output for {@code n} samples of {@code x}. */
        float[] nablaOutput(float[] x, int n) {
            return model.predict(NDArray.wrap(x, spec.sample().prepend(n))).toArray();
        }

        /** ONNX Runtime's full output for {@code n} samples of {@code x}. */
        float[] ortOutput(OrtEnvironment env, float[] x, int n) throws OrtException {
            try (OnnxTensor t = OnnxTensor.createTensor(
                            env,
                            FloatBuffer.wrap(x, 0, n * sampleSize),
                            longs(spec.sample().prepend(n)));
                    OrtSession.Result r = session.run(Map.of(inputName, t))) {
                FloatBuffer y = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[y.remaining()];
                y.get(out);
                return out;
            }
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options of the class comment
     * @throws Exception if the export, ONNX Runtime or the output check fails
     */
    public static void main(String[] args) throws Exception {
        int threads = 2, rounds = 5, runs = 5;
        double warmup = WARMUP_SECONDS, latencySeconds = 2, runSeconds = 1;
        boolean onBatch = false;
        List<Spec> chosen = new ArrayList<>();
        String usage = "usage: InferenceBench [w1] [w2] [--threads T] [--rounds R] [--runs N] [--warmup S]"
                + " [--latency-seconds S] [--run-seconds S] [--api predict|predictOnBatch] [--quick]";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--latency-seconds" -> latencySeconds = Double.parseDouble(args[++i]);
                case "--run-seconds" -> runSeconds = Double.parseDouble(args[++i]);
                case "--api" -> {
                    String api = args[++i];
                    if (!api.equals("predict") && !api.equals("predictOnBatch"))
                        throw new IllegalArgumentException("unknown --api '" + api + "'; " + usage);
                    onBatch = api.equals("predictOnBatch");
                }
                case "--quick" -> {
                    warmup = 0.3;
                    rounds = 3;
                    runs = 2;
                    latencySeconds = 0.2;
                    runSeconds = 0.1;
                }
                default -> {
                    String arg = args[i];
                    Spec spec = SPECS.stream()
                            .filter(x -> x.id().equalsIgnoreCase(arg))
                            .findFirst()
                            .orElseThrow(
                                    () -> new IllegalArgumentException("unknown argument '" + arg + "'; " + usage));
                    if (!chosen.contains(spec)) chosen.add(spec);
                }
            }
        }
        if (threads < 1 || rounds < 1 || runs < 1)
            throw new IllegalArgumentException("--threads, --rounds and --runs must be at least 1; " + usage);
        if (chosen.isEmpty()) chosen.addAll(SPECS);
        Settings s = new Settings(threads, rounds, runs, warmup, latencySeconds, runSeconds, onBatch);
        Parallel.setThreads(threads);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.printf(
                Locale.ROOT,
                "InferenceBench: %d threads each (Nabla kernels; ONNX Runtime %s intra-op, 1 inter-op, ALL_OPT), Nabla"
                        + " API %s, %d rounds, warm-up %.1f s a case and runtime, batch 1: %.1f s of calls a round,"
                        + " batch %d: %d runs of >= %.1f s a round; %d processors, %s%n",
                threads,
                env.getVersion(),
                onBatch ? "predictOnBatch(List)" : "predict(NDArray)",
                rounds,
                warmup,
                latencySeconds,
                BATCH,
                runs,
                runSeconds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        List<Bench> benches = new ArrayList<>();
        try {
            for (Spec spec : chosen) {
                Bench b = new Bench(spec, env, s);
                benches.add(b);
                checkOutputs(b, env);
            }
            for (Bench b : benches) {
                for (int n : new int[] {1, BATCH}) {
                    warmUp(b, b.nabla, n, warmup);
                    warmUp(b, b.ort, n, warmup);
                }
            }
            for (int r = 1; r <= rounds; r++) {
                for (Bench b : benches) {
                    long[] a = latencies(b, b.nabla, latencySeconds), o = latencies(b, b.ort, latencySeconds);
                    b.nablaLatency.add(a);
                    b.ortLatency.add(o);
                    double ratio = median(o) / median(a);
                    b.ratio1.add(ratio);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-7s batch %3d  Nabla median %8.1f µs  p99 %8.1f µs (%d calls) | ORT median %8.1f"
                                    + " µs  p99 %8.1f µs (%d calls) | ratio %.2f%n",
                            r,
                            b.spec.label(),
                            1,
                            median(a) / 1e3,
                            p99(a) / 1e3,
                            a.length,
                            median(o) / 1e3,
                            p99(o) / 1e3,
                            o.length,
                            ratio);
                    double[] an = throughputs(b, b.nabla, runs, runSeconds),
                            on = throughputs(b, b.ort, runs, runSeconds);
                    for (double v : an) b.nablaRuns.add(v);
                    for (double v : on) b.ortRuns.add(v);
                    ratio = median(an) / median(on);
                    b.ratio256.add(ratio);
                    System.out.printf(
                            Locale.ROOT,
                            "round %d  %-7s batch %3d  Nabla %9.0f samples/s %s | ORT %9.0f samples/s %s | ratio %.2f%n",
                            r,
                            b.spec.label(),
                            BATCH,
                            median(an),
                            rounded(an),
                            median(on),
                            rounded(on),
                            ratio);
                }
            }
            System.out.println();
            System.out.println("| workload | batch | Nabla | ORT | ratio |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Bench b : benches) {
                long[] a = concat(b.nablaLatency), o = concat(b.ortLatency);
                System.out.printf(
                        Locale.ROOT,
                        "| %s | 1 | %.1f µs median, %.1f µs p99 | %.1f µs median, %.1f µs p99 | %.2f |%n",
                        b.spec.label(),
                        median(a) / 1e3,
                        p99(a) / 1e3,
                        median(o) / 1e3,
                        p99(o) / 1e3,
                        median(b.ratio1));
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %.0f samples/s | %.0f samples/s | %.2f |%n",
                        b.spec.label(),
                        BATCH,
                        median(b.nablaRuns),
                        median(b.ortRuns),
                        median(b.ratio256));
            }
            System.out.printf(
                    Locale.ROOT,
                    "(ratio: Nabla's speed / ONNX Runtime's, the median of the %d per-round ratios: at batch 1 ORT's"
                            + " median latency / Nabla's, at batch %d Nabla's samples/s / ORT's; above 1 means Nabla"
                            + " is faster. Latencies over all rounds' calls, samples/s the median of all rounds' runs;"
                            + " %d threads each. Checksum of the outputs read: %.6g)%n",
                    rounds,
                    BATCH,
                    threads,
                    sink);
        } finally {
            for (Bench b : benches) b.close();
        }
    }

    /**
     * Compares the runtimes' outputs on the batch and on the first samples one at a time; prints the largest
     * relative difference and throws if it reaches {@link #MAX_RELATIVE_DIFF}.
     */
    private static void checkOutputs(Bench b, OrtEnvironment env) throws OrtException {
        double worst = relativeDiff(b.nablaOutput(b.batch, BATCH), b.ortOutput(env, b.batch, BATCH));
        for (int i = 0; i < 8; i++) {
            float[] x = b.samples[i];
            worst = Math.max(worst, relativeDiff(b.nablaOutput(x, 1), b.ortOutput(env, x, 1)));
        }
        // the timed runners' reads must agree with the full outputs too
        float nabla1 = b.nabla.run(b.samples[0], 1), ort1 = b.ort.run(b.samples[0], 1);
        worst = Math.max(worst, relativeDiff(new float[] {nabla1}, new float[] {ort1}));
        float nablaB = b.nabla.run(b.batch, BATCH), ortB = b.ort.run(b.batch, BATCH);
        worst = Math.max(worst, relativeDiff(new float[] {nablaB}, new float[] {ortB}));
        System.out.printf(
                Locale.ROOT,
                "%s: outputs of Nabla and ONNX Runtime (batch %d and 8 single samples): max relative difference %.3g%n",
                b.spec.label(),
                BATCH,
                worst);
        if (!(worst < MAX_RELATIVE_DIFF))
            throw new IllegalStateException(b.spec.label() + ": Nabla and ONNX Runtime disagree (max relative"
                    + " difference " + worst + " >= " + MAX_RELATIVE_DIFF + "); not timing different computations");
    }

    /** max |a - b| / max(|a|, |b|) over the elements (0 where both are 0); infinite if the lengths differ. */
    static double relativeDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]), m = Math.max(Math.abs(a[i]), Math.abs(b[i]));
            if (d > 0) worst = Math.max(worst, m == 0 ? Double.POSITIVE_INFINITY : d / m);
            else if (Double.isNaN(d)) worst = Double.POSITIVE_INFINITY;
        }
        return worst;
    }

    /** Calls {@code runner} on batches of {@code n} for at least {@code seconds} (and at least 3 calls). */
    private static void warmUp(Bench b, Runner runner, int n, double seconds) throws OrtException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; i < 3 || System.nanoTime() < end; i++) sink += runner.run(n == 1 ? b.nextSample() : b.batch, n);
    }

    /** Single-sample calls for at least {@code seconds} (at least 1), each timed: nanoseconds per call. */
    private static long[] latencies(Bench b, Runner runner, double seconds) throws OrtException {
        long[] t = new long[1024];
        int count = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            float[] x = b.nextSample();
            long t0 = System.nanoTime();
            sink += runner.run(x, 1);
            long dt = System.nanoTime() - t0;
            if (count == t.length) t = Arrays.copyOf(t, 2 * count);
            t[count++] = dt;
        } while (System.nanoTime() < end);
        return Arrays.copyOf(t, count);
    }

    /** {@code runs} timed runs of whole batch calls, each at least {@code seconds} (and 1 call): samples/s. */
    private static double[] throughputs(Bench b, Runner runner, int runs, double seconds) throws OrtException {
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9), now;
            int calls = 0;
            do {
                sink += runner.run(b.batch, BATCH);
                calls++;
                now = System.nanoTime();
            } while (now < end);
            rates[r] = (double) calls * BATCH / ((now - t0) / 1e9);
        }
        return rates;
    }

    private static long[] longs(Shape shape) {
        return Arrays.stream(shape.dims()).asLongStream().toArray();
    }

    private static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static long[] concat(List<long[]> parts) {
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    /** The 99th percentile (nearest rank). */
    private static double p99(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[Math.max(0, (int) Math.ceil(0.99 * s.length) - 1)];
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double median(List<Double> v) {
        return median(v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String rounded(double[] v) {
        return Arrays.toString(Arrays.stream(v).mapToLong(Math::round).toArray());
    }
}
