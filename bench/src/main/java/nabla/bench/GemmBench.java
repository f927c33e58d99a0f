package nabla.bench;

import java.util.concurrent.TimeUnit;
import nabla.kernels.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload G1: {@code Gemm.sgemm} on square sizes and the MLP (784-500-500-10, batch 100) shapes.
 * GFLOP/s = 2mnk / t; the tear-down prints it for the last iteration's average time, or compute it
 * from the reported us/op: GFLOP/s = 2mnk / (us/op * 1e3).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench -p shape=sq1024 -p threads=1
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {

    @Param({
        "sq256",
        "sq512",
        "sq1024",
        "sq2048",
        "fwd1_100x784x500",
        "fwd2_100x500x500",
        "fwd3_100x500x10",
        "dW1_T784x100x500",
        "dW2_T500x100x500",
        "dW3_T500x100x10",
        "dX2_100x500x500T",
        "dX3_100x10x500T"
    })
    public String shape;

    /** 0 = Parallel default (availableProcessors). */
    @Param({"0"})
    public int threads;

    private GemmGflops.Data data;
    private GemmGflops.Shape s;
    private long calls;
    private long startNs;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        s = GemmGflops.shapes().stream()
                .filter(x -> x.name().equals(shape))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown shape " + shape));
        data = new GemmGflops.Data(s, 1);
    }

    @Setup(Level.Iteration)
    public void startIteration() {
        calls = 0;
        startNs = System.nanoTime();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        double t = (System.nanoTime() - startNs) / 1e9 / Math.max(1, calls);
        System.out.printf(" [%s: %.1f GFLOP/s]", shape, s.flops() / t / 1e9);
    }

    @Benchmark
    public float[] sgemm() {
        data.run();
        calls++;
        return data.c;
    }
}
