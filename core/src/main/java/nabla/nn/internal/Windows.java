package nabla.nn.internal;

import java.util.Arrays;
import java.util.List;
import nabla.autograd.ConvOps;
import nabla.nn.Layer;
import nabla.nn.Padding;
import nabla.tensor.Shape;

/** Shared arithmetic and messages of the windowed layers (convolution and pooling). */
public final class Windows {
    private Windows() {}

    /**
     * {before, after, out} along one axis of a rank-{@code rank} window ({@code axis} 0 is the height of a 2-D
     * window, otherwise the width): 'same' gives ceil(in / stride) outputs and pads (out−1)·s + kEff − in, the
     * extra element after (TensorFlow's split); valid and explicit give floor((in + pads − kEff) / s) + 1.
     */
    public static int[] resolve(Padding p, int rank, int axis, int in, int k, int stride, int dilation) {
        return switch (p) {
            case Padding.Valid v -> new int[] {0, 0, ConvOps.outputSize(in, k, stride, dilation, 0, 0)};
            case Padding.Same s -> {
                int out = (in + stride - 1) / stride;
                int total = Math.max((out - 1) * stride + dilation * (k - 1) + 1 - in, 0);
                yield new int[] {total / 2, total - total / 2, out};
            }
            case Padding.Explicit e -> {
                boolean vertical = rank == 2 && axis == 0;
                int before = vertical ? e.top() : e.left(), after = vertical ? e.bottom() : e.right();
                yield new int[] {before, after, ConvOps.outputSize(in, k, stride, dilation, before, after)};
            }
        };
    }

    /** Checks a per-sample input of a rank-{@code rank} windowed layer: (steps, channels) or (height, width, channels). */
    public static void checkInput(Layer layer, int rank, Shape in) {
        if (in.rank() == rank + 1) return;
        String expected = rank == 2 ? "(batch, height, width, channels)" : "(batch, steps, channels)";
        String fix;
        if (rank == 2 && in.rank() == 1) {
            int side = (int) Math.round(Math.sqrt(in.dim(0)));
            fix = side * side == in.dim(0)
                    ? "add a Reshape((" + side + ", " + side + ", 1)) layer before it"
                    : "add a Reshape((height, width, channels)) layer before it";
        } else if (rank == 2 && in.rank() == 2)
            fix = "add a Reshape((" + in.dim(0) + ", " + in.dim(1) + ", 1)) layer before it";
        else if (rank == 1 && in.rank() == 1) fix = "add a Reshape((" + in.dim(0) + ", 1)) layer before it";
        else if (rank == 1 && in.rank() == 3) fix = "use the 2-D layer for images, or Reshape to (steps, channels)";
        else fix = "check the previous layer's output or the data's shape";
        throw new IllegalArgumentException(
                layer.describe() + ": expected input " + expected + ", got " + in.withLeading("batch") + "; " + fix);
    }

    /** Output shape of a windowed layer with {@code channels} output channels; fails naming the layer if empty. */
    public static Shape outputShape(
            Layer layer, Shape in, int[] k, int[] strides, int[] dilation, Padding padding, int channels) {
        int rank = k.length;
        checkInput(layer, rank, in);
        int[] out = new int[rank + 1];
        for (int a = 0; a < rank; a++) {
            out[a] = resolve(padding, rank, a, in.dim(a), k[a], strides[a], dilation[a])[2];
            if (out[a] <= 0)
                throw new IllegalArgumentException(
                        layer.describe() + ": input " + in.withLeading("batch") + " is too small for window " + text(k)
                                + (dilation[a] > 1 ? " with dilation " + text(dilation) : "") + " and "
                                + padding.configValue() + " padding; use padding SAME or a smaller window");
        }
        out[rank] = channels;
        return Shape.of(out);
    }

    public static String text(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) sb.append(i > 0 ? "x" : "").append(v[i]);
        return sb.toString();
    }

    public static int[] positive(String owner, String what, int... v) {
        for (int x : v)
            if (x < 1) throw new IllegalArgumentException(owner + ": " + what + " must be positive, got " + text(v));
        return v.clone();
    }

    public static List<Integer> list(int[] v) {
        return Arrays.stream(v).boxed().toList();
    }
}
