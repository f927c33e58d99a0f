package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max and average pooling on channels-last (NHWC) data, vectorized over the channel axis (contiguous in
 * this layout): each output position reduces kh·kw input vectors of L channels at a time (the preferred
 * species: 16 on AVX-512, 8 on AVX2). Windows are clipped to the image, so padded taps are never read: a max
 * ignores them and an average divides by the number of real taps (TensorFlow's 'SAME' semantics). Batches are split over threads by sample above
 * {@link #PARALLEL_WORK} window taps. Dilation is not used ({@link ConvShape#dh()}, dw ignored).
 */
public final class Pool {
    private Pool() {}

    // The int species must have as many lanes as the float one (same shape), so masks convert lane for lane.
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = S.length();
    private static final IntVector IOTA = IntVector.zero(IS).addIndex(1);
    /** Window taps × channels below which pooling stays on the calling thread. */
    static final long PARALLEL_WORK = 1L << 17;

    private static void bySample(ConvShape g, Parallel.RangeBody body) {
        long work = (long) g.n() * g.positions() * g.kh() * g.kw() * g.c();
        if (work < PARALLEL_WORK) body.run(0, g.n());
        else Parallel.forRange(g.n(), 1, body);
    }

    /**
     * Max pooling: y (n, oh, ow, c) overwritten; when {@code arg} is not null it receives, for each output, the
     * index (relative to xOff) of the input element chosen (the first maximum in window order).
     */
    public static void maxForward(ConvShape g, float[] x, int xOff, float[] y, int[] arg) {
        bySample(g, (from, to) -> {
            int c = g.c(), bound = S.loopBound(c);
            for (int i = from; i < to; i++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = Math.max(0, oy * g.sh() - g.padTop()),
                            y1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = Math.max(0, ox * g.sw() - g.padLeft()),
                                x1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int out = ((i * g.oh() + oy) * g.ow() + ox) * c;
                        int base = i * g.inSample();
                        int ch = 0;
                        for (; ch < bound; ch += L) maxVector(g, x, xOff, base, ch, y0, y1, x0, x1, y, out + ch, arg);
                        for (; ch < c; ch++) {
                            float best = Float.NEGATIVE_INFINITY;
                            int bi = base + (y0 * g.w() + x0) * c + ch;
                            for (int iy = y0; iy < y1; iy++)
                                for (int ix = x0; ix < x1; ix++) {
                                    int p = base + (iy * g.w() + ix) * c + ch;
                                    float v = x[xOff + p];
                                    if (v > best) {
                                        best = v;
                                        bi = p;
                                    }
                                }
                            y[out + ch] = best;
                            if (arg != null) arg[out + ch] = bi;
                        }
                    }
                }
            }
        });
    }

    private static void maxVector(
            ConvShape g,
            float[] x,
            int xOff,
            int base,
            int ch,
            int y0,
            int y1,
            int x0,
            int x1,
            float[] y,
            int yo,
            int[] arg) {
        int c = g.c();
        FloatVector best = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        IntVector bi = IntVector.broadcast(IS, base + (y0 * g.w() + x0) * c + ch);
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                int p = base + (iy * g.w() + ix) * c + ch;
                FloatVector v = FloatVector.fromArray(S, x, xOff + p);
                VectorMask<Float> m = v.compare(VectorOperators.GT, best);
                best = best.blend(v, m);
                bi = bi.blend(IntVector.broadcast(IS, p), m.cast(IS));
            }
        }
        best.intoArray(y, yo);
        if (arg != null) bi.add(IOTA).intoArray(arg, yo);
    }

    /** Max pooling backward: {@code dx[arg[j]] += dy[j]} for each output j; dx (zeroed by the caller). */
    public static void maxBackward(ConvShape g, float[] dy, int dyOff, int[] arg, float[] dx) {
        int per = g.positions() * g.c();
        bySample(g, (from, to) -> {
            for (int j = from * per; j < to * per; j++) dx[arg[j]] += dy[dyOff + j];
        });
    }

    /** Average pooling over the real (unpadded) taps of each window: y (n, oh, ow, c) overwritten. */
    public static void avgForward(ConvShape g, float[] x, int xOff, float[] y) {
        if (fewChannels(g)) {
            avgForwardFew(g, x, xOff, y);
            return;
        }
        bySample(g, (from, to) -> {
            int c = g.c(), bound = S.loopBound(c);
            for (int i = from; i < to; i++) {
                int base = xOff + i * g.inSample();
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = Math.max(0, oy * g.sh() - g.padTop()),
                            y1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = Math.max(0, ox * g.sw() - g.padLeft()),
                                x1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int out = ((i * g.oh() + oy) * g.ow() + ox) * c;
                        float inv = 1f / ((y1 - y0) * (x1 - x0));
                        int ch = 0;
                        for (; ch < bound; ch += L) {
                            FloatVector sum = FloatVector.zero(S);
                            for (int iy = y0; iy < y1; iy++)
                                for (int ix = x0; ix < x1; ix++)
                                    sum = sum.add(FloatVector.fromArray(S, x, base + (iy * g.w() + ix) * c + ch));
                            sum.mul(inv).intoArray(y, out + ch);
                        }
                        for (; ch < c; ch++) {
                            float sum = 0;
                            for (int iy = y0; iy < y1; iy++)
                                for (int ix = x0; ix < x1; ix++) sum += x[base + (iy * g.w() + ix) * c + ch];
                            y[out + ch] = sum * inv;
                        }
                    }
                }
            }
        });
    }

    /** Average pooling backward: each window tap receives dy / (real taps); dx (n, h, w, c) zeroed by the caller. */
    public static void avgBackward(ConvShape g, float[] dy, int dyOff, float[] dx) {
        if (fewChannels(g) && g.sh() == g.kh() && g.sw() == g.kw()) {
            avgBackwardFew(g, dy, dyOff, dx);
            return;
        }
        bySample(g, (from, to) -> {
            int c = g.c(), bound = S.loopBound(c);
            for (int i = from; i < to; i++) {
                int base = i * g.inSample();
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = Math.max(0, oy * g.sh() - g.padTop()),
                            y1 = Math.min(g.h(), oy * g.sh() - g.padTop() + g.kh());
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = Math.max(0, ox * g.sw() - g.padLeft()),
                                x1 = Math.min(g.w(), ox * g.sw() - g.padLeft() + g.kw());
                        int out = dyOff + ((i * g.oh() + oy) * g.ow() + ox) * c;
                        float inv = 1f / ((y1 - y0) * (x1 - x0));
                        int ch = 0;
                        for (; ch < bound; ch += L) {
                            FloatVector gv =
                                    FloatVector.fromArray(S, dy, out + ch).mul(inv);
                            for (int iy = y0; iy < y1; iy++)
                                for (int ix = x0; ix < x1; ix++) {
                                    int p = base + (iy * g.w() + ix) * c + ch;
                                    FloatVector.fromArray(S, dx, p).add(gv).intoArray(dx, p);
                                }
                        }
                        for (; ch < c; ch++) {
                            float gv = dy[out + ch] * inv;
                            for (int iy = y0; iy < y1; iy++)
                                for (int ix = x0; ix < x1; ix++) dx[base + (iy * g.w() + ix) * c + ch] += gv;
                        }
                    }
                }
            }
        });
    }

    /*
     * Fewer channels than a vector (LeNet's 6 after its first convolution): the per-position channel vectors
     * above would be scalar loops. Instead a vector runs along an output row, flattened over (ox, channel): lane
     * f of a row reads input column (f / c)·sw + kx, channel f mod c, so each window column kx is one gather with
     * a fixed index map. Only for windows that all lie inside the image (no padding), where every average
     * divides by kh·kw. The gathers are unmasked (the maps are 0, a valid index, past the row's end) and only the
     * stores masked: AVX2 has no masked gather, and the Vector API's fallback for one ran these loops about 10x
     * slower (LeNet's first pooling, 8 lanes: 2.3 ms a batch).
     */

    private static boolean fewChannels(ConvShape g) {
        return g.c() < L
                && g.padTop() == 0
                && g.padLeft() == 0
                && (g.oh() - 1) * g.sh() + g.kh() <= g.h()
                && (g.ow() - 1) * g.sw() + g.kw() <= g.w();
    }

    /** Index maps per window column kx: lane f → ((f / c)·sw + kx)·c + f mod c, rows rounded up to vectors (0 past the end). */
    private static int[] rowMaps(int count, int span, int c, int sw, int valid) {
        int[] map = new int[count * span];
        for (int kx = 0; kx < count; kx++)
            for (int f = 0; f < valid; f++) map[kx * span + f] = ((f / c) * sw + kx) * c + f % c;
        return map;
    }

    private static void avgForwardFew(ConvShape g, float[] x, int xOff, float[] y) {
        int c = g.c(), row = g.ow() * c, span = (row + L - 1) / L * L, rowIn = g.w() * c;
        int[] map = rowMaps(g.kw(), span, c, g.sw(), row);
        float inv = 1f / (g.kh() * g.kw());
        bySample(g, (from, to) -> {
            for (int i = from; i < to; i++)
                for (int oy = 0; oy < g.oh(); oy++) {
                    int in = xOff + i * g.inSample() + oy * g.sh() * rowIn, out = (i * g.oh() + oy) * row;
                    for (int f = 0; f < row; f += L) {
                        VectorMask<Float> m = S.indexInRange(f, row);
                        FloatVector sum = FloatVector.zero(S);
                        for (int ky = 0; ky < g.kh(); ky++)
                            for (int kx = 0; kx < g.kw(); kx++)
                                sum = sum.add(FloatVector.fromArray(S, x, in + ky * rowIn, map, kx * span + f));
                        sum.mul(inv).intoArray(y, out + f, m);
                    }
                }
        });
    }

    /** Non-overlapping windows (stride = window): input lane f of a covered row takes dy at column (f / c) / sw. */
    private static void avgBackwardFew(ConvShape g, float[] dy, int dyOff, float[] dx) {
        int c = g.c(), sw = g.sw(), row = g.ow() * sw * c, span = (row + L - 1) / L * L, rowOut = g.ow() * c;
        int[] map = new int[span];
        for (int f = 0; f < row; f++) map[f] = (f / c) / sw * c + f % c;
        float inv = 1f / (g.kh() * g.kw());
        bySample(g, (from, to) -> {
            for (int i = from; i < to; i++)
                for (int oy = 0; oy < g.oh(); oy++) {
                    int src = dyOff + (i * g.oh() + oy) * rowOut;
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int dst = i * g.inSample() + (oy * g.sh() + ky) * g.w() * c;
                        for (int f = 0; f < row; f += L) {
                            VectorMask<Float> m = S.indexInRange(f, row);
                            FloatVector.fromArray(S, dy, src, map, f).mul(inv).intoArray(dx, dst + f, m);
                        }
                    }
                }
        });
    }
}
