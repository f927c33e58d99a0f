package nabla.autograd;

import nabla.kernels.ActKind;
import nabla.kernels.Conv;
import nabla.kernels.ConvShape;
import nabla.kernels.Fused;
import nabla.kernels.Pool;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Differentiable convolution, pooling and zero-padding primitives on channels-last tensors (Keras'
 * {@code channels_last}, TensorFlow's NHWC; PyTorch uses NCHW): 2-D ops take (batch, height, width, channels),
 * 1-D ops (batch, steps, channels). Kernels are laid out as Keras stores them: (kh, kw, in, out) for 2-D and
 * (k, in, out) for 1-D. Paddings are explicit numbers here (the layers turn 'valid' and 'same' into them); the
 * output size along an axis is {@code floor((in + padBefore + padAfter − dilation·(k − 1) − 1) / stride) + 1}.
 * Each op is one graph node; convolutions are cross-correlations (the kernel is not flipped), as in Keras and
 * PyTorch. Invalid shapes and arguments throw {@link IllegalArgumentException}.
 */
public final class ConvOps {
    private ConvOps() {}

    /**
     * The output length along one axis,
     * {@code floor((in + padBefore + padAfter − dilation·(k − 1) − 1) / stride) + 1}, or 0 when the dilated window
     * does not fit in the padded input.
     *
     * @param in the input length
     * @param k the window (kernel or pool) length
     * @param stride the step between windows, at least 1 (0 divides by zero)
     * @param dilation the spacing between window taps (1 for a dense window)
     * @param padBefore zeros (or ignored taps) added before the input
     * @param padAfter zeros (or ignored taps) added after the input
     * @return the number of window positions, at least 0
     */
    public static int outputSize(int in, int k, int stride, int dilation, int padBefore, int padAfter) {
        int eff = dilation * (k - 1) + 1;
        int span = in + padBefore + padAfter - eff;
        return span < 0 ? 0 : span / stride + 1;
    }

    /**
     * {@code act(conv2d(x, w) + b)} for x (n, h, w, c), w (kh, kw, c, filters), b (filters) or null, with the
     * given strides, dilations and paddings (top, bottom, left, right). Output (n, oh, ow, filters), each size by
     * {@link #outputSize}. Linear, relu, sigmoid and tanh are fused into the kernel's output pass; other
     * activations run after it as their own op.
     *
     * @param x the input (batch, height, width, channels)
     * @param w the kernel (kh, kw, channels, filters)
     * @param b the bias (filters), or null for none
     * @param sh the vertical stride, at least 1
     * @param sw the horizontal stride, at least 1
     * @param dh the vertical dilation, at least 1
     * @param dw the horizontal dilation, at least 1
     * @param top rows of zeros above, at least 0
     * @param bottom rows of zeros below
     * @param left columns of zeros on the left, at least 0
     * @param right columns of zeros on the right
     * @param activation the activation applied to the result
     * @return the feature maps (batch, oh, ow, filters)
     * @throws IllegalArgumentException when the ranks or the channel counts do not match, the bias is not
     *     (filters), the window does not fit the padded input, or a dilation or top/left padding is out of range
     * @throws ArithmeticException when a stride is 0 (the output size is computed before the check)
     */
    public static Tensor conv2d(
            Tensor x,
            Tensor w,
            Tensor b,
            int sh,
            int sw,
            int dh,
            int dw,
            int top,
            int bottom,
            int left,
            int right,
            Activation activation) {
        if (x.rank() != 4 || w.rank() != 4)
            throw new IllegalArgumentException(
                    "conv2d: expected input (batch, height, width, channels) and kernel (kh, kw, in, out), got "
                            + x.shape() + " and " + w.shape());
        int n = x.dim(0), h = x.dim(1), wd = x.dim(2), c = x.dim(3);
        int oh = outputSize(h, w.dim(0), sh, dh, top, bottom), ow = outputSize(wd, w.dim(1), sw, dw, left, right);
        ConvShape g = new ConvShape(n, h, wd, c, w.dim(0), w.dim(1), sh, sw, dh, dw, top, left, oh, ow);
        return activation.afterKernel(conv(x, w, b, g, Shape.of(n, oh, ow, w.dim(3)), activation.kernelPart()));
    }

    /**
     * {@code act(conv1d(x, w) + b)} for x (n, steps, c), w (k, c, filters), b (filters) or null. Output
     * (n, outSteps, filters), outSteps by {@link #outputSize}. Runs as a 2-D convolution of height 1; activations
     * as in {@link #conv2d}.
     *
     * @param x the input (batch, steps, channels)
     * @param w the kernel (k, channels, filters)
     * @param b the bias (filters), or null for none
     * @param stride the stride, at least 1
     * @param dilation the dilation, at least 1
     * @param left steps of zeros before the sequence, at least 0
     * @param right steps of zeros after the sequence
     * @param activation the activation applied to the result
     * @return the feature maps (batch, outSteps, filters)
     * @throws IllegalArgumentException when the ranks or the channel counts do not match, the bias is not
     *     (filters), the window does not fit the padded input, or the dilation or left padding is out of range
     * @throws ArithmeticException when the stride is 0
     */
    public static Tensor conv1d(
            Tensor x, Tensor w, Tensor b, int stride, int dilation, int left, int right, Activation activation) {
        if (x.rank() != 3 || w.rank() != 3)
            throw new IllegalArgumentException(
                    "conv1d: expected input (batch, steps, channels) and kernel (k, in, out), got " + x.shape()
                            + " and " + w.shape());
        int n = x.dim(0), steps = x.dim(1), c = x.dim(2);
        int os = outputSize(steps, w.dim(0), stride, dilation, left, right);
        ConvShape g = new ConvShape(n, 1, steps, c, 1, w.dim(0), 1, stride, 1, dilation, 0, left, 1, os);
        return activation.afterKernel(conv(x, w, b, g, Shape.of(n, os, w.dim(2)), activation.kernelPart()));
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor b, ConvShape g, Shape outShape, ActKind act) {
        int cout = outShape.last();
        if (w.shape().size() != g.patch() * cout || w.dim(w.rank() - 2) != g.c())
            throw new IllegalArgumentException("conv: kernel " + w.shape() + " expects " + w.dim(w.rank() - 2)
                    + " input channels, input " + x.shape() + " has " + g.c());
        if (b != null && (b.rank() != 1 || b.dim(0) != cout))
            throw new IllegalArgumentException("conv: bias " + b.shape() + " must be (" + cout + ",)");
        if (g.oh() <= 0 || g.ow() <= 0)
            throw new IllegalArgumentException("conv: input " + x.shape() + " is smaller than the kernel " + w.shape()
                    + " (with its dilation and padding)");
        if (g.sh() < 1 || g.sw() < 1 || g.dh() < 1 || g.dw() < 1 || g.padTop() < 0 || g.padLeft() < 0)
            throw new IllegalArgumentException("conv: strides and dilations must be >= 1 and paddings >= 0, got " + g);
        NDArray xv = x.value().contiguous(), wv = w.value().contiguous();
        NDArray bv = b == null ? null : b.value().contiguous();
        int rows = g.n() * g.positions();
        float[] y = new float[rows * cout];
        Conv.forward(
                g,
                cout,
                xv.data(),
                xv.offset(),
                wv.data(),
                wv.offset(),
                bv == null ? null : bv.data(),
                bv == null ? 0 : bv.offset(),
                act,
                y);
        return Tensor.fromOp(
                "conv",
                NDArray.wrap(y, outShape),
                gOut -> {
                    NDArray gc = gOut.contiguous();
                    float[] gz;
                    if (act == ActKind.NONE && gc.offset() == 0 && gc.data().length == rows * cout) gz = gc.data();
                    else {
                        gz = new float[rows * cout];
                        Fused.activationBackward(act, y, 0, gc.data(), gc.offset(), gz, 0, rows * cout);
                    }
                    float[] dx = x.requiresGrad() ? new float[xv.size()] : null;
                    float[] dw = null;
                    boolean add = false;
                    if (w.requiresGrad()) {
                        add = w.prepareGradForWrite();
                        dw = w.gradArray().data();
                    }
                    if (dx != null || dw != null)
                        Conv.backward(g, cout, xv.data(), xv.offset(), wv.data(), wv.offset(), gz, dx, dw, 0, add);
                    if (b != null && b.requiresGrad())
                        Fused.columnSumAccumulate(
                                gz, 0, rows, cout, b.gradBuffer().data(), 0);
                    if (dx != null) x.accumulate(NDArray.wrap(dx, x.shape()), true);
                },
                x,
                w,
                b);
    }

    /**
     * 2-D max pooling of x (n, h, w, c) with window ph×pw, strides and paddings (padded taps are ignored, so
     * they never win). The gradient goes to the element that won each window.
     *
     * @param x the input (batch, height, width, channels)
     * @param ph the window height, at least 1
     * @param pw the window width, at least 1
     * @param sh the vertical stride, at least 1
     * @param sw the horizontal stride, at least 1
     * @param top padded rows above, in [0, ph)
     * @param bottom padded rows below, in [0, ph)
     * @param left padded columns on the left, in [0, pw)
     * @param right padded columns on the right, in [0, pw)
     * @return the pooled maps (batch, oh, ow, channels)
     * @throws IllegalArgumentException when x is not rank 4, a size or stride is below 1, a padding is outside
     *     [0, window), or the window does not fit
     */
    public static Tensor maxPool2d(Tensor x, int ph, int pw, int sh, int sw, int top, int bottom, int left, int right) {
        return pool(x, pool2dShape(x, "maxPool2d", ph, pw, sh, sw, top, bottom, left, right), true);
    }

    /**
     * 2-D average pooling of x (n, h, w, c): each output is the mean of the real (unpadded) taps of its window,
     * as TensorFlow's 'SAME' pooling at the edges (PyTorch's {@code count_include_pad=False}).
     *
     * @param x the input (batch, height, width, channels)
     * @param ph the window height, at least 1
     * @param pw the window width, at least 1
     * @param sh the vertical stride, at least 1
     * @param sw the horizontal stride, at least 1
     * @param top padded rows above, in [0, ph)
     * @param bottom padded rows below, in [0, ph)
     * @param left padded columns on the left, in [0, pw)
     * @param right padded columns on the right, in [0, pw)
     * @return the pooled maps (batch, oh, ow, channels)
     * @throws IllegalArgumentException when x is not rank 4, a size or stride is below 1, a padding is outside
     *     [0, window), or the window does not fit
     */
    public static Tensor avgPool2d(Tensor x, int ph, int pw, int sh, int sw, int top, int bottom, int left, int right) {
        return pool(x, pool2dShape(x, "avgPool2d", ph, pw, sh, sw, top, bottom, left, right), false);
    }

    /**
     * 1-D max pooling of x (n, steps, c); padded taps are ignored and the gradient goes to each window's winner.
     *
     * @param x the input (batch, steps, channels)
     * @param pool the window length, at least 1
     * @param stride the stride, at least 1
     * @param left padded steps before, in [0, pool)
     * @param right padded steps after, in [0, pool)
     * @return the pooled sequence (batch, outSteps, channels)
     * @throws IllegalArgumentException when x is not rank 3, the size or stride is below 1, a padding is outside
     *     [0, pool), or the window does not fit
     */
    public static Tensor maxPool1d(Tensor x, int pool, int stride, int left, int right) {
        return pool(x, pool1dShape(x, "maxPool1d", pool, stride, left, right), true);
    }

    /**
     * 1-D average pooling of x (n, steps, c) over the real taps of each window, as {@link #avgPool2d}.
     *
     * @param x the input (batch, steps, channels)
     * @param pool the window length, at least 1
     * @param stride the stride, at least 1
     * @param left padded steps before, in [0, pool)
     * @param right padded steps after, in [0, pool)
     * @return the pooled sequence (batch, outSteps, channels)
     * @throws IllegalArgumentException when x is not rank 3, the size or stride is below 1, a padding is outside
     *     [0, pool), or the window does not fit
     */
    public static Tensor avgPool1d(Tensor x, int pool, int stride, int left, int right) {
        return pool(x, pool1dShape(x, "avgPool1d", pool, stride, left, right), false);
    }

    /**
     * Max over all spatial axes: (n, h, w, c) or (n, steps, c) to (n, c), as Keras' {@code GlobalMaxPooling2D} /
     * {@code 1D}.
     *
     * @param x the input, rank 3 or 4, channels last
     * @return the maxima (batch, channels)
     * @throws IllegalArgumentException when x is not rank 3 or 4
     */
    public static Tensor globalMaxPool(Tensor x) {
        return global(x, true);
    }

    /**
     * Mean over all spatial axes: (n, h, w, c) or (n, steps, c) to (n, c), as Keras'
     * {@code GlobalAveragePooling2D} / {@code 1D}.
     *
     * @param x the input, rank 3 or 4, channels last
     * @return the means (batch, channels)
     * @throws IllegalArgumentException when x is not rank 3 or 4
     */
    public static Tensor globalAvgPool(Tensor x) {
        return global(x, false);
    }

    private static Tensor global(Tensor x, boolean max) {
        if (x.rank() != 3 && x.rank() != 4)
            throw new IllegalArgumentException(
                    "global pooling: expected (batch, steps, channels) or (batch, height, width, channels), got "
                            + x.shape());
        int n = x.dim(0), c = x.dim(x.rank() - 1);
        int h = x.rank() == 4 ? x.dim(1) : 1, w = x.dim(x.rank() - 2);
        ConvShape g = new ConvShape(n, h, w, c, h, w, 1, 1, 1, 1, 0, 0, 1, 1);
        return pool(x, g, max).reshape(n, c);
    }

    private static ConvShape pool2dShape(
            Tensor x, String op, int ph, int pw, int sh, int sw, int top, int bottom, int left, int right) {
        if (x.rank() != 4)
            throw new IllegalArgumentException(
                    op + ": expected input (batch, height, width, channels), got " + x.shape());
        checkPool(op, x, ph, pw, sh, sw, top, bottom, left, right);
        int oh = outputSize(x.dim(1), ph, sh, 1, top, bottom), ow = outputSize(x.dim(2), pw, sw, 1, left, right);
        return new ConvShape(x.dim(0), x.dim(1), x.dim(2), x.dim(3), ph, pw, sh, sw, 1, 1, top, left, oh, ow);
    }

    private static ConvShape pool1dShape(Tensor x, String op, int pool, int stride, int left, int right) {
        if (x.rank() != 3)
            throw new IllegalArgumentException(op + ": expected input (batch, steps, channels), got " + x.shape());
        checkPool(op, x, 1, pool, 1, stride, 0, 0, left, right);
        int os = outputSize(x.dim(1), pool, stride, 1, left, right);
        return new ConvShape(x.dim(0), 1, x.dim(1), x.dim(2), 1, pool, 1, stride, 1, 1, 0, left, 1, os);
    }

    private static void checkPool(
            String op, Tensor x, int ph, int pw, int sh, int sw, int top, int bottom, int left, int right) {
        if (ph < 1 || pw < 1 || sh < 1 || sw < 1)
            throw new IllegalArgumentException(op + ": pool sizes and strides must be >= 1, got pool " + ph + "x" + pw
                    + ", strides " + sh + "x" + sw);
        // A padding as large as the window would make a window with no real taps.
        if (top < 0 || left < 0 || bottom < 0 || right < 0 || top >= ph || bottom >= ph || left >= pw || right >= pw)
            throw new IllegalArgumentException(op + ": paddings must be in [0, pool size), got " + top + ", " + bottom
                    + ", " + left + ", " + right + " for pool " + ph + "x" + pw);
    }

    private static Tensor pool(Tensor x, ConvShape g, boolean max) {
        if (g.oh() <= 0 || g.ow() <= 0)
            throw new IllegalArgumentException(
                    "pooling: input " + x.shape() + " is smaller than the pool window " + g.kh() + "x" + g.kw());
        NDArray xv = x.value().contiguous();
        int[] outDims = x.shape().dims();
        if (x.rank() == 4) {
            outDims[1] = g.oh();
            outDims[2] = g.ow();
        } else outDims[1] = g.ow();
        Shape outShape = Shape.of(outDims);
        float[] y = new float[outShape.size()];
        boolean track = max && x.requiresGrad() && NoGrad.isGradEnabled();
        int[] arg = track ? new int[y.length] : null;
        if (max) Pool.maxForward(g, xv.data(), xv.offset(), y, arg);
        else Pool.avgForward(g, xv.data(), xv.offset(), y);
        return Tensor.fromOp(
                max ? "maxPool" : "avgPool",
                NDArray.wrap(y, outShape),
                gOut -> {
                    NDArray gc = gOut.contiguous();
                    float[] dx = new float[xv.size()];
                    if (max) Pool.maxBackward(g, gc.data(), gc.offset(), arg, dx);
                    else Pool.avgBackward(g, gc.data(), gc.offset(), dx);
                    x.accumulate(NDArray.wrap(dx, x.shape()), true);
                },
                x);
    }

    /**
     * Zero-pads the height and width of x (n, h, w, c) by the given amounts, as Keras' {@code ZeroPadding2D}; the
     * gradient is the inner region of the output gradient.
     *
     * @param x the input (batch, height, width, channels)
     * @param top rows added above
     * @param bottom rows added below
     * @param left columns added on the left
     * @param right columns added on the right
     * @return the padded maps (batch, h + top + bottom, w + left + right, channels)
     * @throws IllegalArgumentException when x is not rank 4 or a padding is negative
     */
    public static Tensor zeroPad2d(Tensor x, int top, int bottom, int left, int right) {
        if (x.rank() != 4)
            throw new IllegalArgumentException(
                    "zeroPad2d: expected input (batch, height, width, channels), got " + x.shape());
        if (top < 0 || bottom < 0 || left < 0 || right < 0)
            throw new IllegalArgumentException(
                    "zeroPad2d: paddings must be >= 0, got " + top + ", " + bottom + ", " + left + ", " + right);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        NDArray xv = x.value().contiguous();
        Shape outShape = Shape.of(n, h + top + bottom, w + left + right, c);
        float[] y = new float[outShape.size()];
        Conv.pad(n, h, w, c, top, bottom, left, right, xv.data(), xv.offset(), y);
        return Tensor.fromOp(
                "zeroPad2d",
                NDArray.wrap(y, outShape),
                gOut -> {
                    NDArray gc = gOut.contiguous();
                    float[] dx = new float[xv.size()];
                    Conv.unpad(n, h, w, c, top, bottom, left, right, gc.data(), gc.offset(), dx);
                    x.accumulate(NDArray.wrap(dx, x.shape()), true);
                },
                x);
    }
}
