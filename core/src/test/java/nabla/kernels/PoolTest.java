package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Pool} against naive loops, for channel counts below, at and above one vector of 4, 8 and 16 lanes (the
 * per-position channel vectors with their scalar tail, and the few-channel gathers along a row), with windows
 * that do and do not overlap, clipped 'same' windows and offsets into the input and gradient arrays.
 */
class PoolTest {

    @ParameterizedTest(name = "c={0} {1}x{2} window {3}x{4} stride {5}x{6} pad {7}")
    @CsvSource({
        "1, 8, 9, 2, 2, 2, 2, 0",
        "3, 7, 7, 2, 2, 2, 2, 0",
        "6, 10, 11, 2, 2, 2, 2, 0",
        "7, 6, 9, 2, 2, 2, 2, 0",
        "8, 6, 6, 2, 2, 2, 2, 0",
        "9, 5, 7, 2, 2, 2, 2, 0",
        "15, 6, 6, 2, 2, 2, 2, 0",
        "16, 4, 6, 2, 2, 2, 2, 0",
        "17, 5, 5, 2, 2, 2, 2, 0",
        "24, 4, 4, 2, 2, 2, 2, 0",
        "33, 4, 5, 2, 2, 2, 2, 0",
        "6, 7, 8, 3, 3, 1, 1, 0",
        "8, 7, 8, 3, 3, 1, 1, 0",
        "9, 6, 7, 3, 2, 1, 2, 0",
        "16, 6, 6, 3, 3, 1, 1, 0",
        "4, 7, 9, 2, 3, 2, 3, 0",
        "12, 9, 7, 3, 2, 3, 2, 0",
        "5, 7, 7, 3, 3, 2, 2, 1",
        "8, 6, 6, 3, 3, 2, 2, 1",
        "10, 6, 5, 3, 3, 2, 2, 1",
        "16, 5, 5, 3, 3, 1, 1, 1",
        "20, 6, 6, 3, 3, 2, 2, 1"
    })
    void matchesNaivePooling(int c, int h, int w, int kh, int kw, int sh, int sw, int pad) {
        int n = 3, oh = (h + 2 * pad - kh) / sh + 1, ow = (w + 2 * pad - kw) / sw + 1;
        ConvShape g = new ConvShape(n, h, w, c, kh, kw, sh, sw, 1, 1, pad, pad, oh, ow);
        Random r = new Random(31L * c + h + 7L * kw + pad);
        int xOff = 3, dyOff = 5, out = n * oh * ow * c;
        float[] x = new float[xOff + n * h * w * c], dy = new float[dyOff + out];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() * 2 - 1;
        for (int i = 0; i < dy.length; i++) dy[i] = r.nextFloat() * 2 - 1;

        float[] maxRef = new float[out], avgRef = new float[out];
        int[] argRef = new int[out];
        double[] dxMaxRef = new double[n * h * w * c], dxAvgRef = new double[n * h * w * c];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int ch = 0; ch < c; ch++) {
                        int o = ((i * oh + oy) * ow + ox) * c + ch;
                        int y0 = Math.max(0, oy * sh - pad), y1 = Math.min(h, oy * sh - pad + kh);
                        int x0 = Math.max(0, ox * sw - pad), x1 = Math.min(w, ox * sw - pad + kw);
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = -1;
                        double sum = 0;
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++) {
                                int p = ((i * h + iy) * w + ix) * c + ch;
                                float v = x[xOff + p];
                                sum += v;
                                if (v > best) {
                                    best = v;
                                    bi = p;
                                }
                            }
                        int taps = (y1 - y0) * (x1 - x0);
                        maxRef[o] = best;
                        argRef[o] = bi;
                        avgRef[o] = (float) (sum / taps);
                        dxMaxRef[bi] += dy[dyOff + o];
                        for (int iy = y0; iy < y1; iy++)
                            for (int ix = x0; ix < x1; ix++)
                                dxAvgRef[((i * h + iy) * w + ix) * c + ch] += (double) dy[dyOff + o] / taps;
                    }

        float[] y = new float[out];
        int[] arg = new int[out];
        Pool.maxForward(g, x, xOff, y, arg);
        assertArrayEquals(maxRef, y, "max");
        assertArrayEquals(argRef, arg, "argmax");
        float[] dx = new float[n * h * w * c];
        Pool.maxBackward(g, dy, dyOff, arg, dx);
        for (int i = 0; i < dx.length; i++) assertEquals(dxMaxRef[i], dx[i], 1e-5, "max dx[" + i + "]");

        Pool.avgForward(g, x, xOff, y);
        for (int i = 0; i < out; i++) assertEquals(avgRef[i], y[i], 1e-5, "avg y[" + i + "]");
        dx = new float[n * h * w * c];
        Pool.avgBackward(g, dy, dyOff, dx);
        for (int i = 0; i < dx.length; i++) assertEquals(dxAvgRef[i], dx[i], 1e-5, "avg dx[" + i + "]");
    }
}
