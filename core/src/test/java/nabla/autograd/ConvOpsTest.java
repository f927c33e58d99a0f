package nabla.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** conv2d forward and both backward passes against a direct six-loop reference, on sizes that use both threads. */
class ConvOpsTest {
    /** Direct convolution in double: x (n,h,w,c), k (kh,kw,c,f), b (f); paddings top/left, output oh×ow. */
    static double[] reference(
            float[] x,
            int n,
            int h,
            int w,
            int c,
            float[] k,
            int kh,
            int kw,
            int f,
            float[] b,
            int sh,
            int sw,
            int dh,
            int dw,
            int top,
            int left,
            int oh,
            int ow) {
        double[] y = new double[n * oh * ow * f];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int o = 0; o < f; o++) {
                        double s = b == null ? 0 : b[o];
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * sh - top + ky * dh, ix = ox * sw - left + kx * dw;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                for (int ch = 0; ch < c; ch++)
                                    s += (double) x[((i * h + iy) * w + ix) * c + ch]
                                            * k[((ky * kw + kx) * c + ch) * f + o];
                            }
                        y[((i * oh + oy) * ow + ox) * f + o] = s;
                    }
        return y;
    }

    @ParameterizedTest(name = "n={0} {1}x{2}x{3} k={4}x{5} f={6} s={7} d={8} pads={9},{10},{11},{12}")
    @CsvSource({
        "4, 12, 12, 8, 3, 3, 16, 1, 1, 0, 0, 0, 0", // valid, large enough to split the batch over threads
        "7, 12, 12, 4, 3, 3, 8, 1, 1, 0, 0, 0, 0", // several samples per thread
        "6, 5, 5, 6, 5, 5, 12, 1, 1, 0, 0, 0, 0", // 1x1 output (LeNet's third conv): samples grouped into one GEMM
        "8, 16, 16, 64, 3, 3, 8, 1, 1, 1, 1, 1, 1", // K = 576: several row blocks per thread, spanning samples
        "3, 11, 10, 5, 4, 4, 7, 2, 1, 1, 2, 1, 2", // even kernel, stride 2, 'same'-style uneven pads
        "2, 9, 9, 3, 3, 3, 20, 1, 2, 2, 2, 2, 2", // dilation 2
        "5, 8, 8, 1, 5, 5, 6, 1, 1, 0, 0, 0, 0", // one input channel (LeNet's first layer)
        "3, 6, 6, 32, 1, 1, 17, 1, 1, 0, 0, 0, 0", // 1x1 pointwise path
        "2, 7, 9, 4, 2, 3, 5, 2, 1, 3, 0, 1, 2"
    }) // explicit asymmetric padding, non-square kernel
    void conv2dMatchesDirectLoopsForwardAndBackward(
            int n, int h, int w, int c, int kh, int kw, int f, int s, int d, int top, int bottom, int left, int right) {
        Rng rng = new Rng(n * 31L + f);
        NDArray x = NDArray.uniform(Shape.of(n, h, w, c), -1, 1, rng),
                k = NDArray.uniform(Shape.of(kh, kw, c, f), -1, 1, rng);
        NDArray b = NDArray.uniform(Shape.of(f), -1, 1, rng);
        Tensor tx = Tensor.param(x), tk = Tensor.param(k), tb = Tensor.param(b);
        Tensor y = ConvOps.conv2d(tx, tk, tb, s, s, d, d, top, bottom, left, right, Activation.LINEAR);
        int oh = ConvOps.outputSize(h, kh, s, d, top, bottom), ow = ConvOps.outputSize(w, kw, s, d, left, right);
        assertEquals(Shape.of(n, oh, ow, f), y.shape());
        double[] ref =
                reference(x.toArray(), n, h, w, c, k.toArray(), kh, kw, f, b.toArray(), s, s, d, d, top, left, oh, ow);
        assertClose(ref, y.value().toArray(), "forward");

        // Backward against the reference's adjoint: L = Σ y·g, so dL/dx, dL/dk are sums of products with g.
        NDArray g = NDArray.uniform(y.shape(), -1, 1, rng);
        y.backward(g);
        float[] xa = x.toArray(), ka = k.toArray(), ga = g.toArray();
        double[] dx = new double[xa.length], dk = new double[ka.length], db = new double[f];
        for (int i = 0; i < n; i++)
            for (int oy = 0; oy < oh; oy++)
                for (int ox = 0; ox < ow; ox++)
                    for (int o = 0; o < f; o++) {
                        double gv = ga[((i * oh + oy) * ow + ox) * f + o];
                        db[o] += gv;
                        for (int ky = 0; ky < kh; ky++)
                            for (int kx = 0; kx < kw; kx++) {
                                int iy = oy * s - top + ky * d, ix = ox * s - left + kx * d;
                                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                                for (int ch = 0; ch < c; ch++) {
                                    int xi = ((i * h + iy) * w + ix) * c + ch, ki = ((ky * kw + kx) * c + ch) * f + o;
                                    dx[xi] += gv * ka[ki];
                                    dk[ki] += gv * xa[xi];
                                }
                            }
                    }
        assertClose(dx, tx.grad().toArray(), "dx");
        assertClose(dk, tk.grad().toArray(), "dkernel");
        assertClose(db, tb.grad().toArray(), "dbias");

        // A second backward adds to the weight gradient (the accumulate path of the in-place GEMM).
        Tensor y2 = ConvOps.conv2d(tx, tk, tb, s, s, d, d, top, bottom, left, right, Activation.LINEAR);
        y2.backward(g);
        for (int i = 0; i < dk.length; i++) dk[i] *= 2;
        assertClose(dk, tk.grad().toArray(), "dkernel accumulated");
    }

    private static void assertClose(double[] ref, float[] got, String what) {
        assertEquals(ref.length, got.length, what + " length");
        for (int i = 0; i < ref.length; i++)
            assertTrue(
                    Math.abs(ref[i] - got[i]) <= 1e-4 + 1e-4 * Math.abs(ref[i]),
                    what + "[" + i + "]: expected " + ref[i] + ", got " + got[i]);
    }

    @Test
    void poolingForwardValues() {
        NDArray x = NDArray.arange(16).reshape(1, 4, 4, 1);
        assertEquals(
                NDArray.of(new float[] {5, 7, 13, 15}, 1, 2, 2, 1).toString(),
                ConvOps.maxPool2d(Tensor.of(x), 2, 2, 2, 2, 0, 0, 0, 0).value().toString());
        assertEquals(
                NDArray.of(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, 1, 2, 2, 1).toString(),
                ConvOps.avgPool2d(Tensor.of(x), 2, 2, 2, 2, 0, 0, 0, 0).value().toString());
        // 'same' 3x3 stride 2 on 4x4: out 2x2, pad 0 before and 1 after; the average counts only real taps.
        NDArray avg = ConvOps.avgPool2d(Tensor.of(x), 3, 3, 2, 2, 0, 1, 0, 1).value();
        assertEquals(5f, avg.get(0, 0, 0, 0), 1e-6); // mean of rows 0-2, cols 0-2
        assertEquals((10 + 11 + 14 + 15) / 4f, avg.get(0, 1, 1, 0), 1e-6);
        assertEquals(7.5f, ConvOps.globalAvgPool(Tensor.of(x)).item(), 1e-6);
        assertEquals(15f, ConvOps.globalMaxPool(Tensor.of(x)).item(), 1e-6);
    }

    @Test
    void badArgumentsAreRejectedWithShapes() {
        Tensor x = Tensor.of(NDArray.zeros(2, 5, 5, 3));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ConvOps.conv2d(
                        x, Tensor.of(NDArray.zeros(3, 3, 4, 2)), null, 1, 1, 1, 1, 0, 0, 0, 0, Activation.LINEAR));
        assertTrue(e.getMessage().contains("(3, 3, 4, 2)") && e.getMessage().contains("(2, 5, 5, 3)"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> ConvOps.conv2d(
                        x, Tensor.of(NDArray.zeros(7, 7, 3, 2)), null, 1, 1, 1, 1, 0, 0, 0, 0, Activation.LINEAR));
        assertTrue(e.getMessage().contains("smaller than the kernel"), e.getMessage());
    }
}
