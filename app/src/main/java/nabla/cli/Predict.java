package nabla.cli;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import nabla.data.text.Sequences;
import nabla.data.text.Tokenizer;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla predict --model FILE (--text T | --image PNG | --input CSV)}: a model's predictions, for a model in any
 * format {@link ModelFormat} reads: raw text for a text model saved with its tokenizer, image files, or rows of
 * numbers.
 */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = {
            "Predict with a model file (.nabla, .keras, .h5, TensorFlow.js model.json or .onnx).",
            "Give raw text to a text model saved with its tokenizer (e.g. by nabla train imdb-lstm --save imdb.nabla),"
                    + " image files (PNG, JPEG, ...) to an image model, or a CSV file of inputs, one sample per line."
        })
final class Predict implements Callable<Integer> {
    /** The asset name under which text examples save their fitted tokenizer. */
    static final String TOKENIZER_ASSET = "tokenizer.json";

    private static final int LINE_LIMIT = 1 << 22;

    @Option(names = "--model", required = true, description = "The model file.")
    Path model;

    @Option(names = "--text", description = "The text to score (a text model with a tokenizer); repeat for several.")
    List<String> texts;

    @Option(
            names = "--image",
            description = "An image file whose size is the model's input (e.g. 28x28 for MNIST); repeat for several."
                    + " --scale, --normalize and --shape say how its pixels become the model's input.")
    List<Path> images;

    @Option(
            names = "--input",
            description = "A CSV file of inputs: one sample per line, its values separated by commas or spaces, as"
                    + " many as the model's input holds (fed as they are).")
    Path csv;

    @Mixin
    Preprocessing preprocessing = new Preprocessing();

    @Override
    public Integer call() throws Exception {
        int given = (texts != null ? 1 : 0) + (images != null ? 1 : 0) + (csv != null ? 1 : 0);
        if (given != 1)
            throw UserError.option(
                    given == 0
                            ? "give what to predict: --text \"...\", --image FILE or --input FILE.csv"
                            : "give only one of --text, --image and --input");
        Checks.inputFile(
                "--model",
                model,
                "model file",
                "save one with e.g. nabla train imdb-lstm --save " + Checks.clip(model.toString()));
        if (texts != null)
            for (String t : texts)
                if (t.isBlank())
                    throw UserError.option(
                            "--text is empty; give the text to score, e.g. --text \"A wonderful film.\"");
        if (images != null) for (Path p : images) Checks.inputFile("--image", p, "image file", "");
        if (csv != null) Checks.inputFile("--input", csv, "CSV file", "");
        Model m = ModelFormat.ofInput("--model", model).read(model);
        List<Shape> inputs = ModelFormat.inputShapes(m);
        if (inputs.size() != 1)
            throw new UserError(Checks.clip(model.toString()) + " takes " + inputs.size()
                    + " inputs; predict feeds models with one input");
        if (texts != null) return text(m, inputs.getFirst());
        List<String> names = new ArrayList<>();
        NDArray x = images != null ? images(inputs.getFirst(), names) : rows(inputs.getFirst(), names);
        NDArray p;
        try {
            p = m.predict(x);
        } catch (IllegalArgumentException e) {
            throw new UserError(Checks.clip(model.toString()) + " cannot take these inputs: " + e.getMessage(), e);
        }
        print(p, names);
        return 0;
    }

    private int text(Model m, Shape input) {
        String json = (m instanceof Sequential s ? s.asset(TOKENIZER_ASSET) : java.util.Optional.<String>empty())
                .orElseThrow(
                        () -> new UserError(
                                Checks.clip(model.toString())
                                        + " has no tokenizer; --text needs a text model saved with its tokenizer, e.g. by nabla train imdb-lstm --save FILE"));
        Tokenizer tok = tokenizer(json, model);
        NDArray x = Sequences.padSequences(tok.textsToSequences(texts), input.dim(0));
        NDArray p = m.predict(x);
        for (int i = 0; i < texts.size(); i++) {
            float score = p.get(i, 0);
            System.out.printf(
                    "%.4f  %s  %s%n", score, score >= 0.5f ? "positive" : "negative", abbreviate(texts.get(i)));
        }
        return 0;
    }

    /** The tokenizer asset {@code json} of {@code model}, or a user error naming the damaged asset. */
    static Tokenizer tokenizer(String json, Path model) {
        try {
            return Tokenizer.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new UserError(Checks.clip(model.toString()) + "!/assets/" + TOKENIZER_ASSET
                    + " is damaged, so the model cannot read text: " + e.getMessage());
        }
    }

    /** The images as a batch in the model's layout, pixels scaled and normalized as the options say. */
    private NDArray images(Shape input, List<String> names) throws IOException {
        int n = images.size();
        BufferedImage first = read(images.getFirst());
        int h = first.getHeight(), w = first.getWidth();
        Shape shape = null;
        float[] data = null;
        for (int i = 0; i < n; i++) {
            Path file = images.get(i);
            BufferedImage img = i == 0 ? first : read(file);
            if (img.getHeight() != h || img.getWidth() != w)
                throw new UserError(String.format(
                        Locale.ROOT,
                        "--image %s is %dx%d but %s is %dx%d; give images of one size",
                        Checks.clip(file.toString()),
                        img.getWidth(),
                        img.getHeight(),
                        Checks.clip(images.getFirst().toString()),
                        w,
                        h));
            if (shape == null) {
                int channels = channels(input, h * w);
                shape = preprocessing.imageShape(
                        h * w * channels, input, w + "x" + h + " image" + (channels == 3 ? " (RGB)" : ""));
                data = new float[n * h * w * channels];
            }
            int channels = shape.size() / (h * w);
            boolean channelsFirst = channels > 1 && shape.rank() == 3 && shape.dim(0) == channels;
            int base = i * h * w * channels;
            var raster = img.getRaster();
            boolean grey = raster.getNumBands() == 1 && img.getColorModel().getNumColorComponents() == 1;
            float greyMax = grey ? (1 << img.getColorModel().getComponentSize(0)) - 1 : 1f;
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++) {
                    if (grey && channels == 1) {
                        // the file's grey levels as they are (getRGB would convert linear grey to sRGB)
                        data[base + r * w + c] = raster.getSample(c, r, 0) / greyMax;
                        continue;
                    }
                    int rgb = img.getRGB(c, r);
                    float red = (rgb >> 16 & 0xff) / 255f, green = (rgb >> 8 & 0xff) / 255f, blue = (rgb & 0xff) / 255f;
                    if (channels == 1) data[base + r * w + c] = 0.299f * red + 0.587f * green + 0.114f * blue;
                    else if (channelsFirst) {
                        data[base + r * w + c] = red;
                        data[base + h * w + r * w + c] = green;
                        data[base + 2 * h * w + r * w + c] = blue;
                    } else {
                        int o = base + (r * w + c) * 3;
                        data[o] = red;
                        data[o + 1] = green;
                        data[o + 2] = blue;
                    }
                }
            names.add(file.toString());
        }
        return preprocessing.apply(NDArray.of(data, n, data.length / n), shape);
    }

    /** 3 when the model's input holds three values per pixel (RGB), else 1 (grey). */
    private static int channels(Shape input, int pixels) {
        return input.size() == 3 * pixels ? 3 : 1;
    }

    private static BufferedImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null)
            throw new UserError("--image " + Checks.clip(file.toString())
                    + " is not an image Java can read (PNG, JPEG, GIF or BMP)");
        return img;
    }

    /** The CSV file's rows as a batch of the model's input shape. */
    private NDArray rows(Shape input, List<String> names) throws IOException {
        if (preprocessing.scale != null || preprocessing.normalize != null || preprocessing.flatten)
            throw UserError.option(
                    "--scale, --normalize and --flatten apply to --image; --input values are fed as" + " they are");
        Shape shape = preprocessing.shape == null ? input : preprocessing.imageShape(input.size(), input, "the input");
        int size = shape.size();
        List<float[]> samples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = readLine(in, lineNo + 1)) != null; ) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String[] cells = t.split("[,\\s]+");
                if (cells.length != size)
                    throw new UserError(String.format(
                            Locale.ROOT,
                            "%s line %d has %d values; the model takes %d per sample (shape %s)",
                            Checks.clip(csv.toString()),
                            lineNo,
                            cells.length,
                            size,
                            shape));
                float[] v = new float[size];
                for (int j = 0; j < size; j++) {
                    try {
                        v[j] = Float.parseFloat(cells[j]);
                    } catch (NumberFormatException e) {
                        throw new UserError(String.format(
                                Locale.ROOT,
                                "%s line %d, value %d: %s is not a number",
                                Checks.clip(csv.toString()),
                                lineNo,
                                j + 1,
                                Checks.quote(cells[j])));
                    }
                    if (!Float.isFinite(v[j]))
                        throw new UserError(String.format(
                                Locale.ROOT,
                                "%s line %d, value %d: %s is not a finite float32",
                                Checks.clip(csv.toString()),
                                lineNo,
                                j + 1,
                                Checks.quote(cells[j])));
                }
                samples.add(v);
                names.add(csv.getFileName() + ":" + lineNo);
            }
        }
        if (samples.isEmpty()) throw new UserError(Checks.clip(csv.toString()) + " holds no samples");
        float[] data = new float[samples.size() * size];
        for (int i = 0; i < samples.size(); i++) System.arraycopy(samples.get(i), 0, data, i * size, size);
        return NDArray.of(data, samples.size(), size).reshape(shape.prepend(samples.size()));
    }

    private String readLine(BufferedReader in, int lineNo) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int ch; (ch = in.read()) != -1; ) {
            if (ch == '\n') return sb.toString();
            if (sb.length() >= LINE_LIMIT)
                throw new UserError(String.format(
                        Locale.ROOT,
                        "%s line %d is longer than %,d characters",
                        Checks.clip(csv.toString()),
                        lineNo,
                        LINE_LIMIT));
            sb.append((char) ch);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /** One line per sample: the top classes of a classifier, else the output values. */
    private static void print(NDArray p, List<String> names) {
        int n = p.dim(0);
        int k = p.shape().size() / n;
        float[] d = p.toArray();
        boolean probabilities = true;
        for (float v : d) probabilities &= v >= 0f && v <= 1f;
        for (int i = 0; i < n; i++) {
            StringBuilder sb = new StringBuilder(abbreviate(names.get(i))).append(": ");
            if (p.rank() == 2 && k >= 2) {
                Integer[] order = new Integer[k];
                for (int j = 0; j < k; j++) order[j] = j;
                int row = i * k;
                java.util.Arrays.sort(order, (a, b) -> Float.compare(d[row + b], d[row + a]));
                sb.append(String.format(
                        Locale.ROOT,
                        "class %d (%s %.4f)",
                        order[0],
                        probabilities ? "probability" : "score",
                        d[row + order[0]]));
                if (k > 2) {
                    sb.append("; next");
                    for (int j = 1; j < Math.min(3, k); j++)
                        sb.append(String.format(Locale.ROOT, " %d (%.4f)", order[j], d[row + order[j]]));
                }
            } else if (k == 1) {
                float s = d[i];
                sb.append(String.format(Locale.ROOT, "%.4f (class %d)", s, s > (probabilities ? 0.5f : 0f) ? 1 : 0));
            } else {
                sb.append("output ").append(p.shape().dropFirst()).append(':');
                for (int j = 0; j < Math.min(k, 10); j++) sb.append(String.format(Locale.ROOT, " %.4f", d[i * k + j]));
                if (k > 10) sb.append(" ...");
            }
            System.out.println(sb);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
