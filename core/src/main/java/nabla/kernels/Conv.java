package nabla.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
 * inside it: {@link Parallel} runs nested jobs inline). The patch matrix is built in row blocks (see {@link #MIN_ROWS}). Each thread keeps its col / dcol / weight-gradient
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

    /** Per-thread scratch: im2col patches and their gradient. */
    private static final class Scratch {
        float[] col = new float[0];
        float[] dcol = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /**
     * {@code y = act(conv(x, w) + bias)}: x (n, h, w, c) at xOff, w (kh, kw, c, cout) at wOff, bias (cout) or
     * null, y (n, oh, ow, cout) contiguous from 0 (overwritten).
     */
    public static void forward(
            ConvShape g,
            int cout,
            float[] x,
            int xOff,
            float[] w,
            int wOff,
            float[] bias,
            int bOff,
            ActKind act,
            float[] y) {
        if (DirectConv.applies(g, cout)) {
            DirectConv.forward(g, cout, x, xOff, w, wOff, bias, bOff, act, y);
            return;
        }
        if (DirectConv.appliesChannelsLast(g, cout)) {
            DirectConv.forwardChannelsLast(g, cout, x, xOff, w, wOff, bias, bOff, act, y);
            return;
        }
        int p = g.positions(), k = g.patch(), block = blockRows(g);
        Parallel.ChunkBody body = (chunk, from, to) -> {
            Scratch s = SCRATCH.get();
            float[] col = g.pointwise() ? null : (s.col = grow(s.col, block * k));
            for (int r = from * p, end = to * p; r < end; r += block) {
                int m = Math.min(block, end - r);
                float[] a = x;
                int ao = xOff + r * k; // pointwise: the input rows are the patch rows
                if (col != null) {
                    im2col(g, x, xOff, r, m, col);
                    a = col;
                    ao = 0;
                }
                Gemm.sgemm(false, false, m, cout, k, a, ao, k, w, wOff, cout, y, r * cout, cout, false);
                Fused.biasActivation(y, r * cout, m, cout, bias, bOff, act);
            }
        };
        Parallel.forChunks(chunks(g.n(), 2L * g.n() * p * k * cout), g.n(), body);
    }

    /**
     * Gradients of a convolution given {@code dy} (n, oh, ow, cout) with respect to its pre-activation output:
     * {@code dx} (n, h, w, c) is overwritten when not null; {@code dw} (kh, kw, c, cout) at dwOff is overwritten
     * or, with {@code accumulateDw}, added to, when not null. The bias gradient is a column sum of dy (not here).
     */
    public static void backward(
            ConvShape g,
            int cout,
            float[] x,
            int xOff,
            float[] w,
            int wOff,
            float[] dy,
            float[] dx,
            float[] dw,
            int dwOff,
            boolean accumulateDw) {
        if (dw != null && DirectConv.applies(g, cout)) {
            DirectConv.weightGradient(g, cout, x, xOff, dy, dw, dwOff, accumulateDw);
            if (dx == null) return;
            dw = null;
        }
        int p = g.positions(), k = g.patch(), n = g.n(), block = blockRows(g);
        boolean pw = g.pointwise();
        int chunks = chunks(n, 2L * (dw == null ? 1 : 2) * n * p * k * cout);
        float[][] partial = dw == null ? null : partials(chunks, k * cout);
        float[] dwAll = dw;
        Parallel.forChunks(chunks, n, (t, from, to) -> {
            Scratch s = SCRATCH.get();
            float[] col = dwAll != null && !pw ? (s.col = grow(s.col, block * k)) : null;
            float[] dcol = dx != null && !pw ? (s.dcol = grow(s.dcol, block * k)) : null;
            // The first chunk adds into dw itself; the others into their own partial sums, added at the end.
            float[] dwt = dwAll == null ? null : t == 0 ? dwAll : partial[t];
            int dwo = t == 0 ? dwOff : 0;
            if (dcol != null) Arrays.fill(dx, from * g.inSample(), to * g.inSample(), 0f);
            for (int r = from * p, end = to * p; r < end; r += block) {
                int m = Math.min(block, end - r);
                if (dwt != null) {
                    float[] a = x;
                    int ao = xOff + r * k;
                    if (col != null) {
                        im2col(g, x, xOff, r, m, col);
                        a = col;
                        ao = 0;
                    }
                    boolean add = r > from * p || (t == 0 && accumulateDw);
                    Gemm.sgemm(true, false, k, cout, m, a, ao, k, dy, r * cout, cout, dwt, dwo, cout, add);
                }
                if (dx != null) {
                    if (pw) Gemm.sgemm(false, true, m, k, cout, dy, r * cout, cout, w, wOff, cout, dx, r * k, k, false);
                    else {
                        Gemm.sgemm(false, true, m, k, cout, dy, r * cout, cout, w, wOff, cout, dcol, 0, k, false);
                        col2im(g, dcol, r, m, dx);
                    }
                }
            }
        });
        if (dw != null) for (int t = 1; t < chunks; t++) addTo(partial[t], 0, dw, dwOff, k * cout);
    }

    /** Rows of the patch matrix handled per GEMM: at least {@link #MIN_ROWS}, else what fits {@link #COL_FLOATS}. */
    static int blockRows(ConvShape g) {
        return (int) Math.max(MIN_ROWS, COL_FLOATS / g.patch());
    }

    /**
     * The patch matrix is built and multiplied in blocks of rows (output positions, spanning samples when they
     * are small: LeNet's 5×5 → 1×1 convolution then runs one GEMM over many samples instead of one-row GEMMs),
     * so its scratch stays near L2-sized even for a 224×224 image. A block has at least this many rows.
     */
    static final int MIN_ROWS = 128;
    /** Target size of a block of the patch matrix, in floats (1 MiB). */
    static final long COL_FLOATS = 1L << 18;

    /** Per-chunk partial sums of a call, owned by the calling thread (indexed by chunk, so a thread that runs two chunks never mixes them). */
    private static final ThreadLocal<float[][]> PARTIALS = ThreadLocal.withInitial(() -> new float[0][]);

    /** At least {@code count} buffers of at least {@code size} floats, from the calling thread's reusable pool (contents undefined). */
    static float[][] partials(int count, int size) {
        float[][] p = PARTIALS.get();
        if (p.length < count) PARTIALS.set(p = Arrays.copyOf(p, count));
        for (int i = 0; i < count; i++) if (p[i] == null || p[i].length < size) p[i] = new float[size];
        return p;
    }

    /** Number of batch chunks: one per thread when the work is large enough and there are 2+ samples. */
    static int chunks(int n, long flops) {
        if (n < 2 || Parallel.threads() < 2 || flops < PARALLEL_FLOPS) return 1;
        return Math.min(n, Parallel.threads());
    }

    /**
     * Writes rows [r0, r0 + rows) of the batch's patch matrix (row r: sample r / (oh·ow), output position
     * r mod (oh·ow); columns (ky, kx, channel)) into col from 0; out-of-image taps are zero.
     */
    static void im2col(ConvShape g, float[] x, int xOff, int r0, int rows, float[] col) {
        int c = g.c(), k = g.patch(), kw = g.kw(), run = kw * c, p = g.positions();
        boolean dense = g.dw() == 1;
        for (int j = 0; j < rows; j++) {
            int r = r0 + j, q = r % p, oy = q / g.ow(), ox = q % g.ow();
            int xo = xOff + (r / p) * g.inSample(), row = j * k;
            int ix0 = ox * g.sw() - g.padLeft();
            boolean rowInside = dense && ix0 >= 0 && ix0 + kw <= g.w();
            for (int ky = 0; ky < g.kh(); ky++) {
                int iy = oy * g.sh() - g.padTop() + ky * g.dh();
                int dst = row + ky * run;
                if (iy < 0 || iy >= g.h()) {
                    Arrays.fill(col, dst, dst + run, 0f);
                } else if (rowInside) {
                    copy(x, xo + (iy * g.w() + ix0) * c, col, dst, run);
                } else {
                    for (int kx = 0; kx < kw; kx++) {
                        int ix = ix0 + kx * g.dw(), d = dst + kx * c;
                        if (ix < 0 || ix >= g.w()) Arrays.fill(col, d, d + c, 0f);
                        else copy(x, xo + (iy * g.w() + ix) * c, col, d, c);
                    }
                }
            }
        }
    }

    /**
     * Copies a short run: System.arraycopy costs more than the copy itself for the 5- to 30-float runs of LeNet's
     * convolutions, so runs of at least a vector are copied by vectors (the last one overlapping the one before),
     * shorter ones by a plain loop.
     */
    private static void copy(float[] src, int so, float[] dst, int d, int n) {
        if (n >= 64) {
            System.arraycopy(src, so, dst, d, n);
        } else if (n >= L) {
            int i = 0;
            for (; i + L <= n; i += L) FloatVector.fromArray(S, src, so + i).intoArray(dst, d + i);
            if (i < n) FloatVector.fromArray(S, src, so + n - L).intoArray(dst, d + n - L);
        } else {
            for (int i = 0; i < n; i++) dst[d + i] = src[so + i];
        }
    }

    /** Adds rows [r0, r0 + rows) of a patch-gradient matrix (from dcol[0]) back into dx: the adjoint of {@link #im2col}. */
    static void col2im(ConvShape g, float[] dcol, int r0, int rows, float[] dx) {
        int c = g.c(), k = g.patch(), kw = g.kw(), run = kw * c, p = g.positions();
        boolean dense = g.dw() == 1;
        for (int j = 0; j < rows; j++) {
            int r = r0 + j, q = r % p, oy = q / g.ow(), ox = q % g.ow();
            int xo = (r / p) * g.inSample(), row = j * k;
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

    /** {@code dst[do+i] += src[so+i]} for i in [0, len); a run of at least a vector ends with one masked vector. */
    static void addTo(float[] src, int so, float[] dst, int dOff, int len) {
        int i = 0;
        if (len >= L) {
            int bound = S.loopBound(len);
            for (; i < bound; i += L)
                FloatVector.fromArray(S, dst, dOff + i)
                        .add(FloatVector.fromArray(S, src, so + i))
                        .intoArray(dst, dOff + i);
        }
        if (i < len && len >= L) {
            VectorMask<Float> m = S.indexInRange(i, len);
            FloatVector.fromArray(S, dst, dOff + i, m)
                    .add(FloatVector.fromArray(S, src, so + i, m))
                    .intoArray(dst, dOff + i, m);
            return;
        }
        for (; i < len; i++) dst[dOff + i] += src[so + i];
    }

    /** Zero-pads each (h, w, c) sample of x to (h+top+bottom, w+left+right, c) in y (overwritten). */
    public static void pad(
            int n, int h, int w, int c, int top, int bottom, int left, int right, float[] x, int xOff, float[] y) {
        int ph = h + top + bottom, pw = w + left + right;
        Arrays.fill(y, 0, n * ph * pw * c, 0f);
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                System.arraycopy(x, xOff + ((i * h + r) * w) * c, y, ((i * ph + r + top) * pw + left) * c, w * c);
    }

    /** The adjoint of {@link #pad}: dx (n, h, w, c) (overwritten) is the interior of dy. */
    public static void unpad(
            int n, int h, int w, int c, int top, int bottom, int left, int right, float[] dy, int dyOff, float[] dx) {
        int ph = h + top + bottom, pw = w + left + right;
        for (int i = 0; i < n; i++)
            for (int r = 0; r < h; r++)
                System.arraycopy(dy, dyOff + ((i * ph + r + top) * pw + left) * c, dx, ((i * h + r) * w) * c, w * c);
    }
}
