package nabla.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution on channels-last (NHWC) data by im2col + {@link Gemm#sgemm}.
 *
 * <p>Layout and why: with input (n, h, w, c), kernel (kh, kw, c, cout) as Keras stores it, and output
 * (n, oh, ow, cout), one sample's convolution is a single row-major product {@code Y[P, cout] = col[P, K] ·
 * W[K, cout]} with P = oh·ow and K = kh·kw·c, where row p of {@code col} is the receptive field of output
 * position p in (ky, kx, channel) order. Channels-last makes each (ky, kx) piece of that row one contiguous run
 * of c floats in the input (a {@code System.arraycopy}), needs no transpose of the weights and writes the
 * output directly in the layout the next layer reads; a 1×1 stride-1 convolution uses the input as col.
 * The backward passes are GEMMs too: dW += colᵀ·dY, dcol = dY·Wᵀ followed by col2im (scatter-add of the
 * patches back into dX).
 *
 * <p>Work is split over threads by sample (each worker runs whole samples, so its GEMMs run single-threaded
 * inside it: {@link Parallel} runs nested jobs inline). Samples are grouped so that each GEMM has at least a few hundred rows. Each thread keeps its col / dcol / weight-gradient
 * scratch in a thread-local buffer that grows once and is reused, so steady-state calls allocate nothing.
 * Small problems (below {@link #PARALLEL_FLOPS}) or a single sample run on the calling thread, where GEMM may
 * still use both cores by itself.
 */
public final class Conv {
    private Conv() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Total multiply-adds ×2 below which the batch is not split across threads (GEMM's own threshold). */
    static final long PARALLEL_FLOPS = Gemm.PARALLEL_FLOPS;

    /** Per-thread scratch: im2col patches, their gradient, and a partial weight gradient. */
    private static final class Scratch {
        float[] col = new float[0];
        float[] dcol = new float[0];
        float[] dw = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /**
     * {@code y = act(conv(x, w) + bias)}: x (n, h, w, c) at xOff, w (kh, kw, c, cout) at wOff, bias (cout) or
     * null, y (n, oh, ow, cout) contiguous from 0 (overwritten).
     */
    public static void forward(ConvShape g, int cout, float[] x, int xOff, float[] w, int wOff,
                               float[] bias, int bOff, ActKind act, float[] y) {
        int p = g.positions(), k = g.patch();
        int group = group(g);
        Parallel.RangeBody body = (from, to) -> {
            Scratch s = SCRATCH.get();
            float[] col = null;
            if (!g.pointwise()) col = s.col = grow(s.col, group * p * k);
            for (int i = from; i < to; i += group) {
                int m = Math.min(group, to - i) * p; // rows of this group's GEMM: its samples' positions
                float[] a = x;
                int ao = xOff + i * g.inSample();
                if (col != null) {
                    for (int j = 0; j < m / p; j++) im2col(g, x, ao + j * g.inSample(), col, j * p * k);
                    a = col;
                    ao = 0;
                }
                Gemm.sgemm(false, false, m, cout, k, a, ao, k, w, wOff, cout, y, i * p * cout, cout, false);
                Fused.biasActivation(y, i * p * cout, m, cout, bias, bOff, act);
            }
        };
        runBySample(g.n(), 2L * g.n() * p * k * cout, body);
    }

    /**
     * Gradients of a convolution given {@code dy} (n, oh, ow, cout) with respect to its pre-activation output:
     * {@code dx} (n, h, w, c) is overwritten when not null; {@code dw} (kh, kw, c, cout) at dwOff is overwritten
     * or, with {@code accumulateDw}, added to, when not null. The bias gradient is a column sum of dy (not here).
     */
    public static void backward(ConvShape g, int cout, float[] x, int xOff, float[] w, int wOff, float[] dy,
                                float[] dx, float[] dw, int dwOff, boolean accumulateDw) {
        int p = g.positions(), k = g.patch(), n = g.n();
        boolean pw = g.pointwise();
        int group = group(g);
        int chunks = chunks(n, 2L * 2 * n * p * k * cout);
        float[][] partial = new float[chunks][];
        Parallel.run(chunks, t -> {
            int from = (int) ((long) t * n / chunks), to = (int) ((long) (t + 1) * n / chunks);
            Scratch s = SCRATCH.get();
            float[] col = null, dcol = null, dwt = null;
            if (dw != null && !pw) col = s.col = grow(s.col, group * p * k);
            if (dx != null && !pw) dcol = s.dcol = grow(s.dcol, group * p * k);
            if (dw != null && t > 0) dwt = s.dw = grow(s.dw, k * cout);
            partial[t] = dwt;
            for (int i = from; i < to; i += group) {
                int samples = Math.min(group, to - i), m = samples * p;
                int xo = xOff + i * g.inSample(), yo = i * p * cout;
                if (dw != null) {
                    float[] a = x;
                    int ao = xo;
                    if (!pw) {
                        for (int j = 0; j < samples; j++) im2col(g, x, xo + j * g.inSample(), col, j * p * k);
                        a = col;
                        ao = 0;
                    }
                    if (t == 0) Gemm.sgemm(true, false, k, cout, m, a, ao, k, dy, yo, cout, dw, dwOff, cout, accumulateDw || i > from);
                    else Gemm.sgemm(true, false, k, cout, m, a, ao, k, dy, yo, cout, dwt, 0, cout, i > from);
                }
                if (dx != null) {
                    int dxo = i * g.inSample();
                    if (pw) Gemm.sgemm(false, true, m, k, cout, dy, yo, cout, w, wOff, cout, dx, dxo, k, false);
                    else {
                        Gemm.sgemm(false, true, m, k, cout, dy, yo, cout, w, wOff, cout, dcol, 0, k, false);
                        Arrays.fill(dx, dxo, dxo + samples * g.inSample(), 0f);
                        for (int j = 0; j < samples; j++) col2im(g, dcol, j * p * k, dx, dxo + j * g.inSample());
                    }
                }
            }
        });
        if (dw != null) for (int t = 1; t < chunks; t++) addTo(partial[t], 0, dw, dwOff, k * cout);
    }

    /**
     * Samples per GEMM: enough that the product has at least {@link #MIN_ROWS} rows (a layer with small outputs,
     * such as LeNet's 5×5 → 1×1 convolution, would otherwise run one-row GEMMs), with the patch matrix kept
     * within {@link #MAX_COL_FLOATS}.
     */
    static int group(ConvShape g) {
        int p = g.positions();
        int byRows = (MIN_ROWS + p - 1) / p;
        int byMemory = (int) Math.max(1, MAX_COL_FLOATS / ((long) p * g.patch()));
        return Math.max(1, Math.min(Math.min(byRows, byMemory), g.n()));
    }

    /** Rows a GEMM should have before samples are no longer grouped. */
    static final int MIN_ROWS = 256;
    /** Largest grouped patch matrix, in floats (1 MiB: stays in L2 with room for the weights). */
    static final long MAX_COL_FLOATS = 1L << 18;

    /** Number of batch chunks: one per thread when the work is large enough and there are 2+ samples. */
    private static int chunks(int n, long flops) {
        if (n < 2 || Parallel.threads() < 2 || flops < PARALLEL_FLOPS) return 1;
        return Math.min(n, Parallel.threads());
    }

    private static void runBySample(int n, long flops, Parallel.RangeBody body) {
        int c = chunks(n, flops);
        if (c == 1) body.run(0, n);
        else Parallel.run(c, t -> body.run((int) ((long) t * n / c), (int) ((long) (t + 1) * n / c)));
    }

    /** Writes one sample's patch matrix (positions × kh·kw·c) into col; out-of-image taps are zero. */
    static void im2col(ConvShape g, float[] x, int xo, float[] col, int colOff) {
        int c = g.c(), k = g.patch(), kw = g.kw(), run = kw * c;
        boolean dense = g.dw() == 1;
        for (int oy = 0; oy < g.oh(); oy++) {
            for (int ox = 0; ox < g.ow(); ox++) {
                int row = colOff + (oy * g.ow() + ox) * k;
                int ix0 = ox * g.sw() - g.padLeft();
                boolean rowInside = dense && ix0 >= 0 && ix0 + kw <= g.w();
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                    int dst = row + ky * run;
                    if (iy < 0 || iy >= g.h()) {
                        Arrays.fill(col, dst, dst + run, 0f);
                    } else if (rowInside) {
                        System.arraycopy(x, xo + (iy * g.w() + ix0) * c, col, dst, run);
                    } else {
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ix0 + kx * g.dw(), d = dst + kx * c;
                            if (ix < 0 || ix >= g.w()) Arrays.fill(col, d, d + c, 0f);
                            else System.arraycopy(x, xo + (iy * g.w() + ix) * c, col, d, c);
                        }
                    }
                }
            }
        }
    }

    /** Adds one sample's patch-gradient matrix back into dx (the adjoint of {@link #im2col}). */
    static void col2im(ConvShape g, float[] dcol, int colOff, float[] dx, int xo) {
        int c = g.c(), k = g.patch(), kw = g.kw(), run = kw * c;
        boolean dense = g.dw() == 1;
        for (int oy = 0; oy < g.oh(); oy++) {
            for (int ox = 0; ox < g.ow(); ox++) {
                int row = colOff + (oy * g.ow() + ox) * k;
                int ix0 = ox * g.sw() - g.padLeft();
                boolean rowInside = dense && ix0 >= 0 && ix0 + kw <= g.w();
                for (int ky = 0; ky < g.kh(); ky++) {
                    int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                    if (iy < 0 || iy >= g.h()) continue;
                    int src = row + ky * run;
                    if (rowInside) {
                        addTo(dcol, src, dx, xo + (iy * g.w() + ix0) * c, run);
                    } else {
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ix0 + kx * g.dw();
                            if (ix >= 0 && ix < g.w()) addTo(dcol, src + kx * c, dx, xo + (iy * g.w() + ix) * c, c);
                        }
                    }
                }
            }
        }
    }

    /** {@code dst[do+i] += src[so+i]} for i in [0, len). */
    static void addTo(float[] src, int so, float[] dst, int dOff, int len) {
        int i = 0;
        if (len >= L) {
            int bound = S.loopBound(len);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, dst, dOff + i).add(FloatVector.fromArray(S, src, so + i)).intoArray(dst, dOff + i);
        }
        for (; i < len; i++) dst[dOff + i] += src[so + i];
    }

    /** Zero-pads each (h, w, c) sample of x to (h+top+bottom, w+left+right, c) in y (overwritten). */
    public static void pad(int n, int h, int w, int c, int top, int bottom, int left, int right, float[] x, int xOff, float[] y) {
        int ph = h + top + bottom, pw = w + left + right;
        Arrays.fill(y, 0, n * ph * pw * c, 0f);
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                System.arraycopy(x, xOff + ((i * h + r) * w) * c, y, ((i * ph + r + top) * pw + left) * c, w * c);
    }

    /** The adjoint of {@link #pad}: dx (n, h, w, c) (overwritten) is the interior of dy. */
    public static void unpad(int n, int h, int w, int c, int top, int bottom, int left, int right, float[] dy, int dyOff, float[] dx) {
        int ph = h + top + bottom, pw = w + left + right;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                System.arraycopy(dy, dyOff + ((i * ph + r + top) * pw + left) * c, dx, ((i * h + r) * w) * c, w * c);
    }
}
