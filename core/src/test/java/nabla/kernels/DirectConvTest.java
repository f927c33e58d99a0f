package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The direct single-channel convolution ({@link DirectConv}, reached through {@link Conv}) against a naive
 * double-precision convolution: forward with bias and activation, the weight gradient overwritten and
 * accumulated, the input gradient (GEMM path) in the same call, one and two threads, widths that are and are not
 * whole vectors (of 8 and 16 lanes), filter counts below, at and above one tile of eight up to 16, and paddings.
 */
class DirectConvTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @ParameterizedTest(name = "n={0} {1}x{2} k={3}x{4} cout={5} pad top={6} left={7} right={8} threads={9}")
    @CsvSource({
        "3, 32, 32, 5, 5, 6, 0, 0, 0, 2", // LeNet-5's first layer on a 32×32 image
        "2, 28, 28, 5, 5, 6, 2, 2, 2, 1", // 'same' padding of a 28×28 image
        "4, 9, 21, 3, 4, 11, 1, 0, 3, 2", // two tiles, uneven kernel, output width 21
        "5, 7, 20, 3, 3, 8, 0, 1, 1, 2", // exactly one tile
        "1, 6, 18, 2, 3, 1, 0, 0, 0, 1", // one filter, one sample, output width 16
        "2, 10, 12, 3, 3, 16, 0, 0, 0, 2", // 16 filters (two tiles), output width 10
        "3, 9, 9, 2, 2, 9, 0, 1, 0, 2", // 9 filters, output width 9
        "2, 8, 8, 3, 3, 7, 1, 1, 1, 1", // 7 filters, output width 8
        "2, 20, 19, 5, 5, 16, 2, 2, 2, 2"
    }) // 16 filters, output width 19
    void matchesNaiveConvolution(
            int n, int h, int w, int kh, int kw, int cout, int top, int left, int right, int threads) {
        int bottom = top;
        int oh = h + top + bottom - kh + 1, ow = w + left + right - kw + 1;
        ConvShape g = new ConvShape(n, h, w, 1, kh, kw, 1, 1, 1, 1, top, left, oh, ow);
        assertTrue(ow < L || DirectConv.applies(g, cout), "the shape must take the direct path");
        Random r = new Random(11 + n + cout);
        float[] x = random(r, n * h * w), wt = random(r, kh * kw * cout), bias = random(r, cout);
        float[] dy = random(r, n * oh * ow * cout);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            float[] y = new float[n * oh * ow * cout];
            Conv.forward(g, cout, x, 0, wt, 0, bias, 0, ActKind.TANH, y);
            float[] dw = new float[wt.length], dx = new float[x.length];
            Conv.backward(g, cout, x, 0, wt, 0, dy, dx, dw, 0, false);
            float[] dwTwice = dw.clone();
            Conv.backward(g, cout, x, 0, wt, 0, dy, null, dwTwice, 0, true);

            double[] yRef = new double[y.length], dwRef = new double[dw.length], dxRef = new double[dx.length];
            double[] dwMag = new double[dw.length];
            for (int i = 0; i < n; i++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int co = 0; co < cout; co++) {
                            int o = ((i * oh + oy) * ow + ox) * cout + co;
                            double sum = bias[co];
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = oy + ky - top, ix = ox + kx - left;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    int xi = (i * h + iy) * w + ix, wi = (ky * kw + kx) * cout + co;
                                    sum += (double) x[xi] * wt[wi];
                                    dwRef[wi] += (double) x[xi] * dy[o];
                                    dwMag[wi] += Math.abs((double) x[xi] * dy[o]);
                                    dxRef[xi] += (double) wt[wi] * dy[o];
                                }
                            yRef[o] = Math.tanh(sum);
                        }
            for (int i = 0; i < y.length; i++) assertEquals(yRef[i], y[i], 1e-5, "y[" + i + "]");
            for (int i = 0; i < dw.length; i++) {
                // dw sums thousands of products in float lanes: with 4 lanes (-XX:MaxVectorSize=16) each lane adds
                // more of them, hence the term in their total magnitude.
                double tol = 1e-5 * Math.max(1, Math.abs(dwRef[i])) + 1e-7 * dwMag[i];
                assertEquals(dwRef[i], dw[i], tol, "dw[" + i + "]");
                assertEquals(2 * dwRef[i], dwTwice[i], 2 * tol, "accumulated dw[" + i + "]");
            }
            for (int i = 0; i < dx.length; i++) assertEquals(dxRef[i], dx[i], 1e-5, "dx[" + i + "]");
        } finally {
            Parallel.setThreads(before);
        }
    }

    /**
     * The channels-last single-channel kernel ({@link DirectConv#forwardChannelsLast}: one input channel, a
     * multiple of GROUP filters) against the naive convolution: strides, dilations, paddings on each side, odd
     * output widths (a lone last position), every activation, without bias, one and two threads, one sample (split
     * by rows) and several.
     */
    @ParameterizedTest(name = "n={0} {1}x{2} k={3}x{4} groups={5} stride={6},{7} dil={8},{9} pad={10},{11} act={12}")
    @CsvSource({
        "2, 28, 28, 3, 3, 1, 1, 1, 1, 1, 0, 0, RELU, true, 2", // the MNIST CNN's first layer
        "1, 28, 28, 3, 3, 1, 1, 1, 1, 1, 0, 0, RELU, true, 2", // one image, split by rows
        "3, 11, 13, 3, 2, 2, 2, 1, 1, 2, 1, 2, TANH, true, 2",
        "2, 9, 10, 2, 3, 1, 1, 3, 2, 1, 2, 0, SIGMOID, false, 1",
        "1, 7, 7, 1, 1, 1, 1, 1, 1, 1, 0, 0, NONE, false, 2",
        "2, 15, 8, 5, 5, 1, 2, 2, 1, 1, 2, 2, NONE, true, 1"
    })
    void channelsLastMatchesNaiveConvolution(
            int n,
            int h,
            int w,
            int kh,
            int kw,
            int groups,
            int sh,
            int sw,
            int dh,
            int dw,
            int top,
            int left,
            ActKind act,
            boolean withBias,
            int threads) {
        int cout = groups * DirectConv.GROUP;
        // trailing padding as large as the leading one
        int oh = (h + 2 * top - (kh - 1) * dh - 1) / sh + 1, ow = (w + 2 * left - (kw - 1) * dw - 1) / sw + 1;
        ConvShape g = new ConvShape(n, h, w, 1, kh, kw, sh, sw, dh, dw, top, left, oh, ow);
        assertTrue(DirectConv.appliesChannelsLast(g, cout) && !DirectConv.applies(g, cout));
        Random r = new Random(5 + n + h + cout);
        float[] x = random(r, n * h * w), wt = random(r, kh * kw * cout), bias = withBias ? random(r, cout) : null;
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            float[] y = new float[n * oh * ow * cout];
            java.util.Arrays.fill(y, Float.NaN);
            Conv.forward(g, cout, x, 0, wt, 0, bias, 0, act, y);
            for (int i = 0; i < n; i++)
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int co = 0; co < cout; co++) {
                            double sum = bias == null ? 0 : bias[co];
                            for (int ky = 0; ky < kh; ky++)
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = oy * sh + ky * dh - top, ix = ox * sw + kx * dw - left;
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                    sum += (double) x[(i * h + iy) * w + ix] * wt[(ky * kw + kx) * cout + co];
                                }
                            double ref = switch (act) {
                                case NONE -> sum;
                                case RELU -> Math.max(0, sum);
                                case TANH -> Math.tanh(sum);
                                case SIGMOID -> 1 / (1 + Math.exp(-sum));
                            };
                            int o = ((i * oh + oy) * ow + ox) * cout + co;
                            assertEquals(ref, y[o], 1e-5, "y[" + o + "]");
                        }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[] random(Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = r.nextFloat() * 2 - 1;
        return a;
    }
}
