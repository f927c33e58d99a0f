package nabla.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla visualize --model FILE --out DIR}: a saved CNN's first-layer filters and one image's feature maps as PNGs. */
@Command(
        name = "visualize",
        mixinStandardHelpOptions = true,
        description = {
            "Save what a CNN learned as PNG images: the first Conv2D layer's filters, and the feature maps of",
            "the first layers for one test image (e.g. after: nabla train mnist-cnn --save cnn.nabla).",
            "Writes DIR/input.png, DIR/filters-LAYER.png and DIR/maps-NN-LAYER.png."
        })
final class VisualizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "A model file saved by nabla train ... --save FILE.")
    Path model;

    @Option(names = "--out", required = true, description = "Folder for the PNG files (created if missing).")
    Path out;

    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description = "Test image source for 28x28x1 models: mnist or fashion-mnist (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Option(names = "--index", defaultValue = "0", description = "Which test image (default: ${DEFAULT-VALUE}).")
    int index;

    @Option(
            names = "--image",
            description = "Use this image file instead (PNG, JPEG, ...), scaled to the model's input size.")
    Path image;

    @Option(
            names = "--layers",
            defaultValue = "4",
            description = "Feature maps of at most this many first layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Checks.inputFile(
                "--model",
                model,
                "model file",
                "save one with e.g. nabla train mnist-cnn --save " + Checks.clip(model.toString()));
        if (image != null) Checks.inputFile("--image", image, "image file", "");
        Checks.outputFolder("--out", out);
        Checks.positiveCount("--layers", layers);
        Checks.nonNegative("--index", index);
        Checks.oneOf("--dataset", dataset, "mnist", "fashion-mnist");
        Sequential m = Sequential.load(model);
        Shape in = m.inputShape();
        if (in == null || in.rank() != 3)
            throw new UserError(Checks.clip(model.toString()) + ": input " + in
                    + " is not an image (height, width, channels); visualize needs a CNN");
        NDArray x;
        String what;
        if (image != null) {
            x = CnnImages.readImage(image, in.dim(0), in.dim(1), in.dim(2));
            what = image.toString();
        } else {
            if (!in.equals(Shape.of(28, 28, 1)))
                throw new UserError(Checks.clip(model.toString()) + ": input " + in
                        + " is not MNIST's (28, 28, 1); give an image with --image FILE");
            DatasetCatalog catalog =
                    new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg));
            ImageDataset data = switch (dataset) {
                case "mnist" -> catalog.mnist();
                case "fashion-mnist" -> catalog.fashionMnist();
                default -> throw new IllegalStateException(dataset); // checked above
            };
            int n = data.testImages().dim(0);
            if (index < 0 || index >= n) throw UserError.option("--index must be in [0, " + n + "), got " + index);
            x = data.testImages().slice(0, index, index + 1).reshape(28, 28, 1).contiguous();
            what = data.name() + " test image " + index + " (label "
                    + (int) data.testLabels().get(index) + ")";
        }
        NDArray p = m.predict(x.reshape(in.prepend(1).dims()));
        System.out.println(
                what + ": predicted class " + (int) p.argmax(1, false).get(0));
        List<Path> files = CnnImages.visualize(m, x, out, layers);
        for (Path f : files) System.out.println("wrote " + f);
        return 0;
    }
}
