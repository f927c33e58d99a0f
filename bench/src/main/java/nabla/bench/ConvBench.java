package nabla.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import nabla.kernels.ActKind;
import nabla.kernels.Conv;
import nabla.kernels.ConvShape;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Conv} (NHWC im2col + GEMM) on the convolution layers of W2 (the Keras MNIST CNN) and W3 (LeNet-5),
 * batch 128 by default: the forward pass (with the layer's fused bias and activation), and the two backward
 * products: {@code backwardInput} (dx = col2im(dY·Wᵀ)) and {@code backwardWeights} (dW = colᵀ·dY, im2col
 * included). Each counts 2·n·oh·ow·kh·kw·c·cout FLOP a call (the bias, activation and im2col/col2im copies are
 * not counted but are timed). JMH prints the secondary metric {@code ·gflop} in GFLOP/s; from the primary
 * score, GFLOP/s = ops/s × that FLOP count / 1e9 (the FLOP count is printed at set-up).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBench
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar ConvBench.forward -p layer=mnist2_26x26x32_64k3 -p threads=1
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
public class ConvBench {
    /** A valid, stride-1 square convolution: input h×w×c, k×k window, cout filters, fused activation. */
    record Layer(String name, int h, int w, int c, int k, int cout, ActKind act) {}

    static final List<Layer> LAYERS = List.of(
            new Layer("mnist1_28x28x1_32k3", 28, 28, 1, 3, 32, ActKind.RELU),
            new Layer("mnist2_26x26x32_64k3", 26, 26, 32, 3, 64, ActKind.RELU),
            new Layer("lenet1_32x32x1_6k5", 32, 32, 1, 5, 6, ActKind.TANH),
            new Layer("lenet2_14x14x6_16k5", 14, 14, 6, 5, 16, ActKind.TANH),
            new Layer("lenet3_5x5x16_120k5", 5, 5, 16, 5, 120, ActKind.TANH));

    @Param({
        "mnist1_28x28x1_32k3",
        "mnist2_26x26x32_64k3",
        "lenet1_32x32x1_6k5",
        "lenet2_14x14x6_16k5",
        "lenet3_5x5x16_120k5"
    })
    public String layer;

    @Param({"128"})
    public int batch;

    /** 0 = Parallel default (availableProcessors). */
    @Param({"0"})
    public int threads;

    private ConvShape g;
    private Layer l;
    private float[] x, w, bias, y, dy, dx, dw;
    private double gflopPerCall;

    @Setup(Level.Trial)
    public void setup() {
        if (threads > 0) Parallel.setThreads(threads);
        l = LAYERS.stream()
                .filter(s -> s.name().equals(layer))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown layer " + layer));
        int oh = l.h() - l.k() + 1, ow = l.w() - l.k() + 1;
        g = new ConvShape(batch, l.h(), l.w(), l.c(), l.k(), l.k(), 1, 1, 1, 1, 0, 0, oh, ow);
        Random r = new Random(1);
        x = random(r, batch * g.inSample());
        w = random(r, g.patch() * l.cout());
        bias = random(r, l.cout());
        dy = random(r, batch * g.positions() * l.cout());
        y = new float[dy.length];
        dx = new float[x.length];
        dw = new float[w.length];
        gflopPerCall = 2.0 * batch * g.positions() * g.patch() * l.cout() / 1e9;
        System.out.printf("%n[%s batch %d: %.6f GFLOP a call]%n", layer, batch, gflopPerCall);
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextFloat() - 0.5f;
        return a;
    }

    @Benchmark
    public float[] forward(Flops f) {
        Conv.forward(g, l.cout(), x, 0, w, 0, bias, 0, l.act(), y);
        f.gflop += gflopPerCall;
        return y;
    }

    @Benchmark
    public float[] backwardInput(Flops f) {
        Conv.backward(g, l.cout(), x, 0, w, 0, dy, dx, null, 0, false);
        f.gflop += gflopPerCall;
        return dx;
    }

    @Benchmark
    public float[] backwardWeights(Flops f) {
        Conv.backward(g, l.cout(), x, 0, w, 0, dy, null, dw, 0, false);
        f.gflop += gflopPerCall;
        return dw;
    }
}
