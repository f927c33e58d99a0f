package nabla.bench;

import java.util.concurrent.TimeUnit;
import nabla.autograd.RecurrentOps;
import nabla.autograd.Tensor;
import nabla.kernels.Parallel;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fused whole-sequence LSTM primitive ({@link RecurrentOps#lstm}, last state only, zero initial state, no
 * mask) on the shapes of W4 (batch 32, 80 steps, 128 features → 128 units; the input needs a gradient, as it
 * comes from an Embedding) and W5 (batch 64, 30 steps, 1 feature → 8 units; the input is data). {@code forward}
 * runs the op as training does (graph recorded, no backward); {@code forwardBackward} adds BPTT with a
 * gradient of ones on the output. The {@code ·gflop} secondary metric (GFLOP/s) counts the GEMM work only:
 * forward 2·b·t·(f+u)·4u; backward 2·b·t·4u·(f+2u), plus 2·b·t·4u·f when the input needs a gradient; the gate
 * math is timed but not counted. From the primary score: GFLOP/s = ops/s × the count printed at set-up / 1e9.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar LstmBench
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar LstmBench.forwardBackward -p shape=w4
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LstmBench {
    /** w4: 32×80×128 → 128; w5: 64×30×1 → 8; imdb: the IMDB example's 64×500×32 → 100 (units not a whole vector). */
    @Param({"w4", "w5", "imdb"})
    public String shape;

    /** 0 = Parallel default (availableProcessors). */
    @Param({"0"})
    public int threads;

    private Tensor x, w, u, b;
    private NDArray seed;
    private double gflopForward, gflopForwardBackward;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        int nb, nt, nf, nu;
        boolean inputGrad;
        switch (shape) {
            case "w4" -> {
                nb = 32;
                nt = 80;
                nf = 128;
                nu = 128;
                inputGrad = true;
            }
            case "w5" -> {
                nb = 64;
                nt = 30;
                nf = 1;
                nu = 8;
                inputGrad = false;
            }
            case "imdb" -> {
                nb = 64;
                nt = 500;
                nf = 32;
                nu = 100;
                inputGrad = true;
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape + "; use w4, w5 or imdb");
        }
        Rng rng = new Rng(1);
        NDArray xv = NDArray.uniform(Shape.of(nb, nt, nf), -1, 1, rng);
        x = inputGrad ? Tensor.param(xv) : Tensor.of(xv);
        float lim = (float) Math.sqrt(6.0 / (nf + 4 * nu));
        w = Tensor.param(NDArray.uniform(Shape.of(nf, 4 * nu), -lim, lim, rng));
        u = Tensor.param(NDArray.uniform(Shape.of(nu, 4 * nu), -0.3f, 0.3f, rng));
        b = Tensor.param(NDArray.zeros(4 * nu));
        seed = NDArray.full(Shape.of(nb, nu), 1f);
        double bt4u = 2.0 * nb * nt * 4 * nu;
        gflopForward = bt4u * (nf + nu) / 1e9;
        gflopForwardBackward = gflopForward + bt4u * (nf + 2 * nu + (inputGrad ? nf : 0)) / 1e9;
        System.out.printf(
                "%n[%s: forward %.6f GFLOP, forward+backward %.6f GFLOP a call]%n",
                shape, gflopForward, gflopForwardBackward);
    }

    private Tensor lstm() {
        return RecurrentOps.lstm(x, null, null, w, u, b, null, null, false, false, false);
    }

    @Benchmark
    public Tensor forward(Flops f) {
        Tensor h = lstm();
        f.gflop += gflopForward;
        return h;
    }

    @Benchmark
    public NDArray forwardBackward(Flops f) {
        x.zeroGrad();
        w.zeroGrad();
        u.zeroGrad();
        b.zeroGrad();
        lstm().backward(seed);
        f.gflop += gflopForwardBackward;
        return w.grad();
    }
}
