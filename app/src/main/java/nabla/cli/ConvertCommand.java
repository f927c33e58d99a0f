package nabla.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nabla.models.Model;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla convert --in FILE --out FILE}: a model from one format to another, the formats told by the names
 * ({@link ModelFormat}); the written file is read back and must predict as the original on a few inputs.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Convert a model between formats: .nabla, .keras (Keras 3), .h5 (Keras 2, read only), TensorFlow.js"
                    + " model.json, .onnx. The formats come from the file names.",
            "The written file is read back and its predictions on a few inputs compared with the original's.",
            "Example: nabla convert --in mnist_cnn.keras --out mnist_cnn.onnx"
        })
final class ConvertCommand implements Callable<Integer> {
    /** Inputs of the read-back check. */
    static final int CHECK_SAMPLES = 4;

    /** The largest difference the read-back check accepts, relative to max(1, |original|). */
    static final double CHECK_TOLERANCE = 1e-4;

    @Option(names = "--in", required = true, description = "The model file to read.")
    Path in;

    @Option(names = "--out", required = true, description = "The file to write; replaced if it exists.")
    Path out;

    @Override
    public Integer call() throws IOException {
        ModelFormat to = ModelFormat.ofOutput("--out", out);
        Checks.outputFile("--out", out);
        Model m = ModelFormat.load("--in", in);
        ModelFormat from = ModelFormat.ofInput("--in", in);
        if (Files.exists(out) && Files.isSameFile(in, out))
            throw UserError.option("--in and --out are the same file; write the converted model elsewhere");
        System.out.printf(
                Locale.ROOT,
                "read %s (%s; %s)%n",
                Checks.clip(in.toString()),
                from.description(),
                ModelFormat.describe(m));
        try {
            to.write(m, out);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new UserError(
                    "cannot write " + Checks.clip(in.toString()) + " as " + to.description() + ": " + e.getMessage(),
                    e);
        }
        System.out.printf(
                Locale.ROOT,
                "wrote %s (%s, %,d bytes)%n",
                Checks.clip(out.toString()),
                to.description(),
                Files.size(out));
        Model back = to.read(out);
        double diff = check(m, back);
        if (Double.isNaN(diff)) System.out.println("read-back check skipped: the model's input shape has open sizes");
        else if (diff > CHECK_TOLERANCE)
            throw new UserError(String.format(
                    Locale.ROOT,
                    "%s, read back, predicts differently from %s (largest relative difference %.3g on %d inputs); please"
                            + " report it",
                    Checks.clip(out.toString()),
                    Checks.clip(in.toString()),
                    diff,
                    CHECK_SAMPLES));
        else
            System.out.printf(
                    Locale.ROOT,
                    "checked: %s read back predicts as %s on %d inputs (largest relative difference %.2g)%n",
                    Checks.clip(out.toString()),
                    Checks.clip(in.toString()),
                    CHECK_SAMPLES,
                    diff);
        return 0;
    }

    /**
     * The largest difference between the two models' outputs, relative to max(1, |a|), on inputs of 0 and 1 (valid
     * for images, vectors and word ids alike); NaN when an input size is open.
     */
    static double check(Model a, Model b) {
        List<NDArray> xs = new ArrayList<>();
        nabla.tensor.Rng rng = new nabla.tensor.Rng(42);
        for (Shape s : ModelFormat.inputShapes(a)) {
            for (int d : s.dims()) if (d <= 0) return Double.NaN;
            float[] v = new float[CHECK_SAMPLES * s.size()];
            for (int i = 0; i < v.length; i++) v[i] = rng.nextFloat() < 0.5f ? 0f : 1f;
            xs.add(NDArray.of(v, CHECK_SAMPLES, s.size()).reshape(s.prepend(CHECK_SAMPLES)));
        }
        List<NDArray> pa = a.predictAll(xs), pb = b.predictAll(xs);
        if (pa.size() != pb.size()) return Double.POSITIVE_INFINITY;
        double worst = 0;
        for (int o = 0; o < pa.size(); o++) {
            if (!pa.get(o).shape().equals(pb.get(o).shape())) return Double.POSITIVE_INFINITY;
            float[] u = pa.get(o).toArray(), w = pb.get(o).toArray();
            for (int i = 0; i < u.length; i++)
                worst = Math.max(worst, Math.abs(u[i] - w[i]) / Math.max(1.0, Math.abs(u[i])));
        }
        return worst;
    }
}
