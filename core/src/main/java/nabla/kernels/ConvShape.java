package nabla.kernels;

/**
 * The geometry of one 2-D convolution or pooling window sweep over a channels-last batch: input
 * (n, h, w, c), window kh×kw with strides sh, sw, dilations dh, dw and leading paddings padTop, padLeft
 * (trailing paddings are implied by the output size), output (n, oh, ow, ·). A 1-D operation is the case h = 1,
 * kh = 1. Callers validate; kernels trust these numbers.
 */
public record ConvShape(
        int n,
        int h,
        int w,
        int c,
        int kh,
        int kw,
        int sh,
        int sw,
        int dh,
        int dw,
        int padTop,
        int padLeft,
        int oh,
        int ow) {
    /** Elements of one input sample, h·w·c. */
    public int inSample() {
        return h * w * c;
    }

    /** Output positions per sample, oh·ow. */
    public int positions() {
        return oh * ow;
    }

    /** Length of one im2col row, kh·kw·c (the GEMM's K). */
    public int patch() {
        return kh * kw * c;
    }

    /** True when the patch matrix is the input itself: a 1×1 window, stride 1 and no padding. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && padTop == 0 && padLeft == 0 && oh == h && ow == w;
    }
}
