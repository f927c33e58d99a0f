package nabla.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import nabla.kernels.Gemm;
import nabla.kernels.Parallel;

/**
 * Quick GFLOP/s table for {@link Gemm#sgemm} (workload G1) with a manual timing loop: warm-up, then
 * the median of several timed runs. Usage: {@code java --add-modules jdk.incubator.vector -cp
 * bench/target/benchmarks.jar nabla.bench.GemmGflops [threads] [filter]}.
 */
public final class GemmGflops {
    private GemmGflops() {}

    /** name, transA, transB, m, n, k. */
    public record Shape(String name, boolean tA, boolean tB, int m, int n, int k) {
        public double flops() {
            return 2.0 * m * n * k;
        }
    }

    public static List<Shape> shapes() {
        List<Shape> s = new ArrayList<>();
        for (int n : new int[] {256, 512, 1024, 2048}) s.add(new Shape("sq" + n, false, false, n, n, n));
        s.add(new Shape("fwd1_100x784x500", false, false, 100, 500, 784));
        s.add(new Shape("fwd2_100x500x500", false, false, 100, 500, 500));
        s.add(new Shape("fwd3_100x500x10", false, false, 100, 10, 500));
        s.add(new Shape("dW1_T784x100x500", true, false, 784, 500, 100));
        s.add(new Shape("dW2_T500x100x500", true, false, 500, 500, 100));
        s.add(new Shape("dW3_T500x100x10", true, false, 500, 10, 100));
        s.add(new Shape("dX2_100x500x500T", false, true, 100, 500, 500));
        s.add(new Shape("dX3_100x10x500T", false, true, 100, 500, 10));
        return s;
    }

    /** Operands for a shape, laid out densely as sgemm expects. */
    public static final class Data {
        final Shape s;
        final float[] a, b, c;
        final int lda, ldb;

        public Data(Shape s, long seed) {
            this.s = s;
            Random r = new Random(seed);
            a = new float[s.m() * s.k()];
            b = new float[s.k() * s.n()];
            c = new float[s.m() * s.n()];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = r.nextFloat() - 0.5f;
            lda = s.tA() ? s.m() : s.k();
            ldb = s.tB() ? s.k() : s.n();
        }

        public void run() {
            Gemm.sgemm(s.tA(), s.tB(), s.m(), s.n(), s.k(), a, 0, lda, b, 0, ldb, c, 0, s.n(), false);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && !args[0].isEmpty()) Parallel.setThreads(Integer.parseInt(args[0]));
        String filter = args.length > 1 ? args[1] : "";
        System.out.printf("threads=%d%n%-22s %10s %10s%n", Parallel.threads(), "shape", "GFLOP/s", "ms");
        for (Shape s : shapes()) {
            if (!s.name().contains(filter)) continue;
            Data d = new Data(s, 1);
            // warm-up: at least ~1.5 s or 200 calls, so C2 has compiled everything on real sizes
            long t0 = System.nanoTime();
            int calls = 0;
            while (System.nanoTime() - t0 < 1_500_000_000L || calls < 200) {
                d.run();
                calls++;
            }
            // timed: 7 runs, each repeating the call enough to last >= ~50 ms
            double perCall = (System.nanoTime() - t0) / (double) calls;
            int reps = (int) Math.max(1, 50e6 / perCall);
            double[] t = new double[7];
            for (int r = 0; r < t.length; r++) {
                long s0 = System.nanoTime();
                for (int i = 0; i < reps; i++) d.run();
                t[r] = (System.nanoTime() - s0) / 1e9 / reps;
            }
            Arrays.sort(t);
            double med = t[t.length / 2];
            System.out.printf("%-22s %10.1f %10.4f%n", s.name(), s.flops() / med / 1e9, med * 1e3);
        }
    }
}
