package nabla.cli;

import java.util.Arrays;
import java.util.Locale;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import picocli.CommandLine.Option;

/**
 * The image preprocessing a model was trained with, as the user names it ({@code nabla evaluate} and
 * {@code nabla predict} take it as a picocli mixin): pixels 0–255 divided by {@code --scale}, then
 * {@code (x - mean) / std} with {@code --normalize MEAN,STD} (torchvision's Normalize), then each image laid out as
 * {@code --shape} (e.g. {@code 28,28,1} channels-last as Keras, {@code 1,28,28} channels-first as PyTorch) or
 * {@code --flatten}ed; without either, the model's own input shape.
 */
final class Preprocessing {
    @Option(
            names = "--scale",
            paramLabel = "S",
            description = "Divide pixel values 0-255 by S (default 255: pixels in [0, 1]; --scale 1 keeps 0-255).")
    Float scale;

    @Option(
            names = "--normalize",
            paramLabel = "MEAN,STD",
            description = "After scaling, (x - MEAN) / STD, as torchvision's Normalize (e.g. 0.1307,0.3081).")
    String normalize;

    @Option(
            names = "--shape",
            paramLabel = "D,D,...",
            description = "Each image's layout: 28,28,1 (channels-last), 1,28,28 (channels-first, PyTorch) or 784."
                    + " Default: the model's input shape.")
    String shape;

    @Option(names = "--flatten", description = "Each image as one vector (the same as --shape 784).")
    boolean flatten;

    /** The pixel scale (default 255). */
    float scale() {
        if (scale == null) return 255f;
        Checks.positive("--scale", scale);
        return scale;
    }

    /** {mean, std}, or null without --normalize. */
    float[] normalization() {
        if (normalize == null) return null;
        String[] parts = normalize.split(",", -1);
        if (parts.length != 2)
            throw UserError.option("--normalize " + Checks.quote(normalize) + " is not MEAN,STD (two numbers, e.g. "
                    + "0.1307,0.3081)");
        float[] ms = new float[2];
        for (int i = 0; i < 2; i++) {
            try {
                ms[i] = Float.parseFloat(parts[i].strip());
            } catch (NumberFormatException e) {
                throw UserError.option(
                        "--normalize " + Checks.quote(normalize) + ": " + Checks.quote(parts[i]) + " is not a number");
            }
            if (!Float.isFinite(ms[i]))
                throw UserError.option("--normalize " + Checks.quote(normalize) + ": the values must be finite");
        }
        if (!(ms[1] > 0)) throw UserError.option("--normalize " + Checks.quote(normalize) + ": STD must be positive");
        return ms;
    }

    /**
     * The per-image shape: --shape, --flatten, or else the model's input shape when it holds {@code pixels} values.
     *
     * @param pixels the values in one image (784 for MNIST)
     * @param modelInput the model's per-sample input shape
     * @throws UserError if the options disagree with each other, with the image, or with the model
     */
    Shape imageShape(int pixels, Shape modelInput, String imageName) {
        if (flatten && shape != null) throw UserError.option("give either --shape or --flatten, not both");
        Shape s;
        if (flatten) s = Shape.of(pixels);
        else if (shape != null) s = parseShape(shape);
        else {
            if (modelInput.size() != pixels)
                throw UserError.option(String.format(
                        Locale.ROOT,
                        "the model takes inputs of shape %s (%d values), not %s (%d values); it is not a model for"
                                + " these images",
                        modelInput,
                        modelInput.size(),
                        imageName,
                        pixels));
            return modelInput;
        }
        if (s.size() != pixels)
            throw UserError.option(String.format(
                    Locale.ROOT, "--shape %s holds %d values, but %s has %d", s, s.size(), imageName, pixels));
        if (!s.equals(modelInput))
            throw UserError.option(String.format(
                    Locale.ROOT,
                    "the model takes inputs of shape %s, but the images were laid out as %s%s",
                    modelInput,
                    s,
                    flatten ? " (--flatten)" : " (--shape)"));
        return s;
    }

    /**
     * Scales and normalizes {@code images} (values in [0, 1], as Nabla's data sets hold pixels) in place and returns
     * them reshaped to (n, shape...).
     */
    NDArray apply(NDArray images, Shape shape) {
        float factor = 255f / scale();
        float[] ms = normalization();
        float[] d = images.data();
        float mean = ms == null ? 0f : ms[0], inv = ms == null ? 1f : 1f / ms[1];
        for (int i = 0; i < d.length; i++) d[i] = (d[i] * factor - mean) * inv;
        return images.reshape(shape.prepend(images.dim(0)));
    }

    /** A description of what {@link #apply} does, for the command's output ("x/255, (x-0.1307)/0.3081"). */
    String describe() {
        float s = scale();
        String text = s == 1f ? "raw pixels 0-255" : "pixels/" + number(s);
        float[] ms = normalization();
        if (ms != null) text += ", then (x - " + number(ms[0]) + ") / " + number(ms[1]);
        return text;
    }

    private static String number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Integer.toString((int) v) : Float.toString(v);
    }

    private static Shape parseShape(String text) {
        String[] parts = text.split(",", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                throw UserError.option("--shape " + Checks.quote(text) + " is not a list of sizes such as 28,28,1");
            }
            if (dims[i] <= 0)
                throw UserError.option("--shape " + Checks.quote(text) + ": every size must be positive, got "
                        + Arrays.toString(dims));
        }
        return Shape.of(dims);
    }
}
