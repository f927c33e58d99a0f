package nabla.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution of single-channel input with stride and dilation 1: the first layer of a grayscale network
 * with few filters (LeNet-5's six 5×5 filters on MNIST).
 *
 * <p>Why not im2col there: with one channel, im2col copies every pixel kh·kw times in runs of kw floats, and the
 * GEMM that follows has N = filters, less than one vector wide; both together ran LeNet's first layer at about
 * 13 GFLOP/s. Here the vector runs along the output row instead: {@code y[f][oy][ox..ox+L) += w[ky,kx,f] ·
 * x[oy+ky][ox+kx..ox+kx+L)}, {@value #T} filters per sweep (their weights packed, zero-filled past the last
 * filter), so each input vector loaded feeds {@value #T} FMAs and nothing is expanded. A row whose width is not a
 * multiple of L ends with one overlapping vector (positions are recomputed, never summed twice).
 *
 * <p>Each sample is first copied into a zero-padded scratch image (padding then needs no bounds tests), its
 * output (bias as the accumulators' start, then the activation over whole vectors) built channel-major in
 * scratch and transposed into the NHWC output. The weight gradient {@code dW[ky,kx,f] = Σ x[oy+ky][ox+kx] · dy[oy][ox][f]} uses the same
 * sweep with dy transposed channel-major, rows padded with zeros to whole vectors; its vector partial sums stay
 * vectors across the samples of a chunk (one buffer per chunk) and are reduced once. Work is split by sample over the cores as in
 * {@link Conv}; all scratch is per thread and reused.
 */
final class DirectConv {
    private DirectConv() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Filters per sweep: eight accumulators. */
    static final int T = 8;

    private static final class Scratch {
        float[] image = new float[0];
        float[] out = new float[0];
        int[] gather = new int[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    /** Packed weights of the current call, built on the calling thread (read-only in the workers). */
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : new float[size];
    }

    /**
     * Whether this kernel handles the shape: one input channel, stride and dilation 1, output rows at least one
     * vector wide, and at most 16 filters. With more, the channels-last GEMM is at least a vector wide: on the
     * MNIST CNN's first layer (32 filters, batch 128, ConvBench) this kernel's forward was faster (565 vs 393
     * calls/s) but its weight gradient slower (319 vs 449), a wash.
     */
    static boolean applies(ConvShape g, int cout) {
        return g.c() == 1 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1 && g.ow() >= L && cout <= 16;
    }

    /** Filters per group of {@link #forwardChannelsLast}: four vectors. */
    static final int GROUP = 4 * L;

    /**
     * Whether {@link #forwardChannelsLast} handles the shape: one input channel and a multiple of {@link #GROUP}
     * filters (any kernel size, stride, dilation and padding). The MNIST CNN's first layer (32 3x3 filters) as a
     * patch matrix (9 columns) and GEMM ran at about 5 GFLOP/s: nine multiply-adds per output tile between its
     * zeroing and its stores, plus im2col, packing and a separate bias and activation pass.
     */
    static boolean appliesChannelsLast(ConvShape g, int cout) {
        return g.c() == 1 && cout % GROUP == 0;
    }

    /**
     * {@link Conv#forward} for {@link #appliesChannelsLast} shapes, straight into the channels-last output: two
     * output positions at a time, {@link #GROUP} filters each (eight accumulators, started at the bias), one
     * broadcast input pixel per position and tap against the tap's four weight vectors; the activation is applied
     * before the store. Each sample is first copied into a zero-padded image (no bounds tests). Work is split over
     * the cores by output row (of all samples), so a single image uses both.
     */
    static void forwardChannelsLast(
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
        final int kh = g.kh(), kw = g.kw(), taps = kh * kw, oh = g.oh(), ow = g.ow();
        final int hp = (oh - 1) * g.sh() + (kh - 1) * g.dh() + 1, wd = (ow - 1) * g.sw() + (kw - 1) * g.dw() + 1;
        final int[] tapOff = new int[taps];
        for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++) tapOff[ky * kw + kx] = ky * g.dh() * wd + kx * g.dw();
        final float[] zeros = bias == null ? new float[cout] : null;
        final float[] bv = bias == null ? zeros : bias;
        final int bo = bias == null ? 0 : bOff;
        final boolean relu = act == ActKind.RELU;
        final int rows = g.n() * oh;
        Parallel.ChunkBody body = (chunk, from, to) -> {
            Scratch s = SCRATCH.get();
            float[] image = s.image = grow(s.image, hp * wd);
            int padded = -1;
            for (int u = from; u < to; u++) {
                int i = u / oh, oy = u % oh;
                if (i != padded) {
                    padImage(g, x, xOff + i * g.inSample(), image, hp, wd);
                    padded = i;
                }
                int yRow = (i * oh + oy) * ow * cout, rowBase = oy * g.sh() * wd;
                for (int f = 0; f < cout; f += GROUP) {
                    int ox = 0;
                    for (; ox + 2 <= ow; ox += 2)
                        pair(
                                image,
                                rowBase + ox * g.sw(),
                                g.sw(),
                                tapOff,
                                w,
                                wOff + f,
                                cout,
                                bv,
                                bo + f,
                                relu,
                                y,
                                yRow + ox * cout + f,
                                cout);
                    if (ox < ow)
                        pair(
                                image,
                                rowBase + ox * g.sw(),
                                0,
                                tapOff,
                                w,
                                wOff + f,
                                cout,
                                bv,
                                bo + f,
                                relu,
                                y,
                                yRow + ox * cout + f,
                                0);
                }
                if (!relu && act != ActKind.NONE) Fused.biasActivation(y, yRow, 1, ow * cout, null, 0, act);
            }
        };
        Parallel.forChunks(Conv.chunks(rows, 2L * rows * ow * taps * cout), rows, body);
    }

    /**
     * Outputs of two positions (image offsets base and base + dx; dx = 0 for a lone last position, whose second
     * store then repeats the first at the same place) for {@link #GROUP} filters from w[wo + t·ldw ..).
     */
    private static void pair(
            float[] image,
            int base,
            int dx,
            int[] tapOff,
            float[] w,
            int wo,
            int ldw,
            float[] bias,
            int bo,
            boolean relu,
            float[] y,
            int yo,
            int dy) {
        FloatVector a0 = FloatVector.fromArray(S, bias, bo), a1 = FloatVector.fromArray(S, bias, bo + L);
        FloatVector a2 = FloatVector.fromArray(S, bias, bo + 2 * L), a3 = FloatVector.fromArray(S, bias, bo + 3 * L);
        FloatVector b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        for (int t = 0; t < tapOff.length; t++) {
            int wi = wo + t * ldw, xi = base + tapOff[t];
            FloatVector w0 = FloatVector.fromArray(S, w, wi), w1 = FloatVector.fromArray(S, w, wi + L);
            FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L), w3 = FloatVector.fromArray(S, w, wi + 3 * L);
            FloatVector u = FloatVector.broadcast(S, image[xi]), v = FloatVector.broadcast(S, image[xi + dx]);
            a0 = u.fma(w0, a0);
            a1 = u.fma(w1, a1);
            a2 = u.fma(w2, a2);
            a3 = u.fma(w3, a3);
            b0 = v.fma(w0, b0);
            b1 = v.fma(w1, b1);
            b2 = v.fma(w2, b2);
            b3 = v.fma(w3, b3);
        }
        if (relu) {
            FloatVector z = FloatVector.zero(S);
            a0 = a0.max(z);
            a1 = a1.max(z);
            a2 = a2.max(z);
            a3 = a3.max(z);
            b0 = b0.max(z);
            b1 = b1.max(z);
            b2 = b2.max(z);
            b3 = b3.max(z);
        }
        a0.intoArray(y, yo);
        a1.intoArray(y, yo + L);
        a2.intoArray(y, yo + 2 * L);
        a3.intoArray(y, yo + 3 * L);
        b0.intoArray(y, yo + dy);
        b1.intoArray(y, yo + dy + L);
        b2.intoArray(y, yo + dy + 2 * L);
        b3.intoArray(y, yo + dy + 3 * L);
    }

    /**
     * Sample at xo (h, w, 1) into image (hp, wd) at (padTop, padLeft), zeros around; rows and columns past the
     * image's extent (trailing input the output does not reach) are left out.
     */
    private static void padImage(ConvShape g, float[] x, int xo, float[] image, int hp, int wd) {
        Arrays.fill(image, 0, hp * wd, 0f);
        int c0 = Math.max(0, -g.padLeft()), c1 = Math.min(g.w(), wd - g.padLeft());
        if (c1 <= c0) return;
        for (int r = 0; r < g.h(); r++) {
            int row = r + g.padTop();
            if (row < 0) continue;
            if (row >= hp) break;
            System.arraycopy(x, xo + r * g.w() + c0, image, row * wd + g.padLeft() + c0, c1 - c0);
        }
    }

    /** See {@link Conv#forward}; the caller has checked {@link #applies}. */
    static void forward(
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
        int k = g.kh() * g.kw(), tiles = (cout + T - 1) / T, p = g.positions();
        // Per tile: the bias of its T filters, then T weights per tap; zeros past the last filter.
        int tileSize = (k + 1) * T;
        float[] packed = PACKED.get();
        if (packed.length < tiles * tileSize) PACKED.set(packed = new float[tiles * tileSize]);
        for (int t = 0; t < tiles; t++)
            for (int f = 0; f < T; f++) {
                int co = t * T + f;
                packed[t * tileSize + f] = co < cout && bias != null ? bias[bOff + co] : 0f;
                for (int j = 0; j < k; j++)
                    packed[t * tileSize + (j + 1) * T + f] = co < cout ? w[wOff + j * cout + co] : 0f;
            }
        float[] wp = packed;
        UnaryOp op = switch (act) {
            case NONE -> null;
            case RELU -> UnaryOp.RELU;
            case SIGMOID -> UnaryOp.SIGMOID;
            case TANH -> UnaryOp.TANH;
        };
        Parallel.ChunkBody body = (chunk, from, to) -> {
            Scratch s = SCRATCH.get();
            int hp = g.oh() + g.kh() - 1, wd = g.ow() + g.kw() - 1;
            float[] image = s.image = grow(s.image, hp * wd + L);
            float[] out = s.out = grow(s.out, cout * p);
            int[] gather = s.gather = gatherMap(s.gather, p, cout);
            for (int i = from; i < to; i++) {
                padSample(g, x, xOff + i * g.inSample(), image, hp, wd, hp * wd + L);
                for (int t = 0; t < tiles; t++) {
                    int nf = Math.min(T, cout - t * T);
                    for (int oy = 0; oy < g.oh(); oy++)
                        for (int ox0 = 0; ox0 < g.ow(); ox0 += L) {
                            int ox = Math.min(ox0, g.ow() - L);
                            sweep(
                                    image,
                                    oy * wd + ox,
                                    wd,
                                    g.kh(),
                                    g.kw(),
                                    wp,
                                    t * tileSize,
                                    out,
                                    (t * T) * p + oy * g.ow() + ox,
                                    p,
                                    nf);
                        }
                }
                if (op != null) Elementwise.unary(op, out, 0, 1, out, 0, cout * p);
                toChannelsLast(out, p, cout, gather, y, i * p * cout);
            }
        };
        Parallel.forChunks(Conv.chunks(g.n(), 2L * g.n() * p * k * cout), g.n(), body);
    }

    /**
     * One vector of output positions for up to {@value #T} filters: out[f·p + o ..) = b[f] + Σ_{ky,kx} w[f] ·
     * image[base + ky·wd + kx ..) with the packed tile from wb (T biases, then T weights per tap).
     */
    private static void sweep(
            float[] image, int base, int wd, int kh, int kw, float[] wp, int wb, float[] out, int o, int p, int nf) {
        FloatVector a0 = FloatVector.broadcast(S, wp[wb]),
                a1 = FloatVector.broadcast(S, wp[wb + 1]),
                a2 = FloatVector.broadcast(S, wp[wb + 2]),
                a3 = FloatVector.broadcast(S, wp[wb + 3]),
                a4 = FloatVector.broadcast(S, wp[wb + 4]),
                a5 = FloatVector.broadcast(S, wp[wb + 5]),
                a6 = FloatVector.broadcast(S, wp[wb + 6]),
                a7 = FloatVector.broadcast(S, wp[wb + 7]);
        wb += T;
        for (int ky = 0; ky < kh; ky++) {
            int xb = base + ky * wd;
            for (int kx = 0; kx < kw; kx++, wb += T) {
                FloatVector v = FloatVector.fromArray(S, image, xb + kx);
                a0 = v.fma(FloatVector.broadcast(S, wp[wb]), a0);
                a1 = v.fma(FloatVector.broadcast(S, wp[wb + 1]), a1);
                a2 = v.fma(FloatVector.broadcast(S, wp[wb + 2]), a2);
                a3 = v.fma(FloatVector.broadcast(S, wp[wb + 3]), a3);
                a4 = v.fma(FloatVector.broadcast(S, wp[wb + 4]), a4);
                a5 = v.fma(FloatVector.broadcast(S, wp[wb + 5]), a5);
                a6 = v.fma(FloatVector.broadcast(S, wp[wb + 6]), a6);
                a7 = v.fma(FloatVector.broadcast(S, wp[wb + 7]), a7);
            }
        }
        a0.intoArray(out, o);
        if (nf > 1) a1.intoArray(out, o + p);
        if (nf > 2) a2.intoArray(out, o + 2 * p);
        if (nf > 3) a3.intoArray(out, o + 3 * p);
        if (nf > 4) a4.intoArray(out, o + 4 * p);
        if (nf > 5) a5.intoArray(out, o + 5 * p);
        if (nf > 6) a6.intoArray(out, o + 6 * p);
        if (nf > 7) a7.intoArray(out, o + 7 * p);
    }

    /**
     * The gather indices that turn a block of L positions of a channel-major (cout, p) plane into cout·L
     * consecutive channels-last values: element e of the block comes from channel e mod cout, position e / cout.
     */
    private static int[] gatherMap(int[] map, int p, int cout) {
        if (map.length < cout * L) map = new int[cout * L];
        for (int e = 0; e < cout * L; e++) map[e] = (e % cout) * p + e / cout;
        return map;
    }

    /** {0, cout, 2·cout, ...}: gathers one channel of L consecutive channels-last positions. */
    private static int[] strideMap(int[] map, int cout) {
        if (map.length < L) map = new int[L];
        for (int i = 0; i < L; i++) map[i] = i * cout;
        return map;
    }

    /** y[yo + q·cout + co] = out[co·p + q]: whole blocks of L positions by gathers, the rest one by one. */
    private static void toChannelsLast(float[] out, int p, int cout, int[] gather, float[] y, int yo) {
        int q = 0;
        for (; q + L <= p; q += L) {
            int d = yo + q * cout;
            for (int j = 0; j < cout; j++, d += L)
                FloatVector.fromArray(S, out, q, gather, j * L).intoArray(y, d);
        }
        for (; q < p; q++) for (int co = 0; co < cout; co++) y[yo + q * cout + co] = out[co * p + q];
    }

    /**
     * The weight gradient (see {@link Conv#backward}): {@code dw} (kh, kw, 1, cout) at dwOff is overwritten or,
     * with {@code accumulate}, added to; dy is (n, oh, ow, cout) with respect to the pre-activation output.
     */
    static void weightGradient(
            ConvShape g, int cout, float[] x, int xOff, float[] dy, float[] dw, int dwOff, boolean accumulate) {
        int k = g.kh() * g.kw(), tiles = (cout + T - 1) / T, n = g.n();
        // dyT rows have the padded image's width wd, so tap (ky, kx) reads image[ky·wd + kx + e] against dyT[e]
        // for one flat run of e over the plane; columns past ow (and the plane's round-up) are zero.
        int wd = g.ow() + g.kw() - 1, plane = (g.oh() * wd + L - 1) / L * L, vecs = k * tiles * T * L;
        int chunks = Conv.chunks(n, 2L * n * g.positions() * k * cout);
        float[][] partial = Conv.partials(chunks, vecs);
        Parallel.forChunks(chunks, n, (c, from, to) -> {
            Scratch s = SCRATCH.get();
            int hp = g.oh() + g.kh() - 1, imageSize = hp * wd + g.kw() + 2 * L;
            float[] image = s.image = grow(s.image, imageSize);
            float[] dyT = s.out = grow(s.out, tiles * T * plane);
            float[] acc = partial[c];
            int[] stride = s.gather = strideMap(s.gather, cout);
            Arrays.fill(acc, 0, vecs, 0f);
            // Rows' padding columns and the filters past the last stay zero for every sample.
            Arrays.fill(dyT, 0, tiles * T * plane, 0f);
            for (int i = from; i < to; i++) {
                padSample(g, x, xOff + i * g.inSample(), image, hp, wd, imageSize);
                int dyo = i * g.positions() * cout;
                // dyT[co][oy][ox..ox+L) by strided gathers; a row not a whole vector wide ends with an overlapping one.
                for (int co = 0; co < cout; co++)
                    for (int oy = 0; oy < g.oh(); oy++)
                        for (int ox0 = 0; ox0 < g.ow(); ox0 += L) {
                            int ox = Math.min(ox0, g.ow() - L);
                            FloatVector.fromArray(S, dy, dyo + (oy * g.ow() + ox) * cout + co, stride, 0)
                                    .intoArray(dyT, co * plane + oy * wd + ox);
                        }
                for (int t = 0; t < tiles; t++)
                    for (int ky = 0; ky < g.kh(); ky++)
                        for (int kx = 0; kx < g.kw(); kx++)
                            correlate(
                                    image,
                                    ky * wd + kx,
                                    dyT,
                                    t * T * plane,
                                    plane,
                                    acc,
                                    ((ky * g.kw() + kx) * tiles + t) * T * L);
            }
        });
        for (int j = 0; j < k; j++)
            for (int co = 0; co < cout; co++) {
                int t = co / T, f = co % T, at = ((j * tiles + t) * T + f) * L;
                float sum = 0f;
                for (int c = 0; c < chunks; c++) {
                    FloatVector v = FloatVector.fromArray(S, partial[c], at);
                    sum += Elementwise.addLanes(v);
                }
                int d = dwOff + j * cout + co;
                dw[d] = accumulate ? dw[d] + sum : sum;
            }
    }

    /**
     * acc[a + f·L ..) += Σ_e image[base + e ..) · dyT[d + f·plane + e ..) over e in [0, plane) for the
     * {@value #T} filters of one tile: one tap's weight-gradient partial sums, kept as vectors.
     */
    private static void correlate(float[] image, int base, float[] dyT, int d, int plane, float[] acc, int a) {
        FloatVector a0 = FloatVector.fromArray(S, acc, a),
                a1 = FloatVector.fromArray(S, acc, a + L),
                a2 = FloatVector.fromArray(S, acc, a + 2 * L),
                a3 = FloatVector.fromArray(S, acc, a + 3 * L),
                a4 = FloatVector.fromArray(S, acc, a + 4 * L),
                a5 = FloatVector.fromArray(S, acc, a + 5 * L),
                a6 = FloatVector.fromArray(S, acc, a + 6 * L),
                a7 = FloatVector.fromArray(S, acc, a + 7 * L);
        for (int e = 0; e < plane; e += L) {
            FloatVector v = FloatVector.fromArray(S, image, base + e);
            int q = d + e;
            a0 = v.fma(FloatVector.fromArray(S, dyT, q), a0);
            a1 = v.fma(FloatVector.fromArray(S, dyT, q + plane), a1);
            a2 = v.fma(FloatVector.fromArray(S, dyT, q + 2 * plane), a2);
            a3 = v.fma(FloatVector.fromArray(S, dyT, q + 3 * plane), a3);
            a4 = v.fma(FloatVector.fromArray(S, dyT, q + 4 * plane), a4);
            a5 = v.fma(FloatVector.fromArray(S, dyT, q + 5 * plane), a5);
            a6 = v.fma(FloatVector.fromArray(S, dyT, q + 6 * plane), a6);
            a7 = v.fma(FloatVector.fromArray(S, dyT, q + 7 * plane), a7);
        }
        a0.intoArray(acc, a);
        a1.intoArray(acc, a + L);
        a2.intoArray(acc, a + 2 * L);
        a3.intoArray(acc, a + 3 * L);
        a4.intoArray(acc, a + 4 * L);
        a5.intoArray(acc, a + 5 * L);
        a6.intoArray(acc, a + 6 * L);
        a7.intoArray(acc, a + 7 * L);
    }

    /**
     * Copies one (h, w, 1) sample into image (hp rows of wd, then zeros up to size) with the shape's leading
     * paddings; taps outside the input are zero.
     */
    private static void padSample(ConvShape g, float[] x, int xo, float[] image, int hp, int wd, int size) {
        Arrays.fill(image, 0, size, 0f);
        int cols = Math.min(g.w(), wd - g.padLeft());
        for (int r = 0; r < g.h(); r++) {
            int row = r + g.padTop();
            if (row >= hp) break;
            System.arraycopy(x, xo + r * g.w(), image, row * wd + g.padLeft(), cols);
        }
    }
}
