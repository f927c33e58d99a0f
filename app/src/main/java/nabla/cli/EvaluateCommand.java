package nabla.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.data.Imdb;
import nabla.data.TextDataset;
import nabla.data.text.Sequences;
import nabla.data.text.Tokenizer;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.core.Embedding;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nabla evaluate --model FILE --dataset mnist|fashion-mnist|imdb}: the test accuracy of a model in any format
 * {@link ModelFormat} reads, after the preprocessing the user names.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Test accuracy of a model file (.nabla, .keras, .h5, TensorFlow.js model.json or .onnx) on a standard test"
                    + " set, after the preprocessing it was trained with.",
            "Examples: nabla evaluate --model mnist_cnn.keras --dataset mnist;"
                    + " nabla evaluate --model net.onnx --dataset mnist --shape 1,28,28 --normalize 0.1307,0.3081"
        })
final class EvaluateCommand implements Callable<Integer> {
    /** The values of one MNIST or Fashion-MNIST image. */
    static final int IMAGE_PIXELS = 28 * 28;

    @Option(names = "--model", required = true, description = "The model file.")
    Path model;

    @Option(
            names = "--dataset",
            required = true,
            description = "mnist, fashion-mnist (10,000 test images) or imdb (25,000 test reviews).")
    String dataset;

    @Mixin
    Preprocessing preprocessing = new Preprocessing();

    @Option(
            names = "--words",
            paramLabel = "N",
            description = "imdb: the vocabulary size (Keras' num_words); default: the model's first Embedding's"
                    + " input_dim. Ignored for a Nabla model that carries its tokenizer.")
    Integer words;

    @Option(names = "--limit", paramLabel = "N", description = "Evaluate only the first N test samples (default: all).")
    Integer limit;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per predict call (default 256).")
    int batchSize = 256;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @Override
    public Integer call() throws IOException {
        Checks.oneOf("--dataset", dataset, "mnist", "fashion-mnist", "imdb");
        Checks.positiveCount("--batch-size", batchSize);
        if (limit != null) Checks.positiveCount("--limit", limit);
        ModelFormat format = ModelFormat.ofInput(
                "--model", Checks.inputFile("--model", model, "model file", "give a " + ModelFormat.NAMES + " file"));
        Model m = format.read(model);
        List<Shape> inputs = ModelFormat.inputShapes(m);
        if (inputs.size() != 1)
            throw new UserError(Checks.clip(model.toString()) + " takes " + inputs.size()
                    + " inputs; evaluate needs a model with one input");
        Shape input = inputs.getFirst();
        System.out.printf(
                Locale.ROOT,
                "model: %s (%s; %s; input %s)%n",
                Checks.clip(model.toString()),
                format.description(),
                ModelFormat.describe(m),
                input);
        DatasetCatalog catalog =
                new DatasetCatalog(Environment.datasetCache(dataDir), msg -> System.out.println("[data] " + msg));
        NDArray x;
        NDArray y;
        if (dataset.equals("imdb")) {
            NDArray[] xy = imdb(catalog, m, input);
            x = xy[0];
            y = xy[1];
        } else {
            String label = dataset.equals("mnist") ? "MNIST" : "Fashion-MNIST";
            Shape shape = preprocessing.imageShape(IMAGE_PIXELS, input, label + "'s 28x28 images");
            preprocessing.normalization();
            ImageDataset data = dataset.equals("mnist") ? catalog.mnist() : catalog.fashionMnist();
            NDArray images = data.testImages();
            if (images.shape().dropFirst().size() != IMAGE_PIXELS)
                throw new IllegalStateException("the data set's images are not 28x28: " + images.shape());
            x = preprocessing.apply(images.copy(), shape);
            y = data.testLabels();
            System.out.printf(
                    Locale.ROOT,
                    "data: %s test set, %,d images, %s, each %s%n",
                    data.name(),
                    x.dim(0),
                    preprocessing.describe(),
                    shape);
        }
        int n = limit == null ? x.dim(0) : Math.min(limit, x.dim(0));
        long start = System.nanoTime();
        List<NDArray> parts = new java.util.ArrayList<>();
        for (int a = 0; a < n; a += batchSize) parts.add(predict(m, x.slice(0, a, Math.min(n, a + batchSize))));
        Outputs.Classes c = Outputs.classes(parts.size() == 1 ? parts.getFirst() : NDArray.concat(0, parts), model);
        int correct = 0;
        for (int i = 0; i < n; i++) if (c.labels()[i] == (int) y.get(i)) correct++;
        String rule = c.rule();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "predicted classes: %s; %.1f s%n", rule, seconds);
        System.out.printf(Locale.ROOT, "test accuracy: %.4f (%,d of %,d)%n", correct / (double) n, correct, n);
        return 0;
    }

    private NDArray predict(Model m, NDArray batch) {
        try {
            return m.predict(batch);
        } catch (IllegalArgumentException e) {
            throw new UserError(Checks.clip(model.toString()) + " cannot take these inputs: " + e.getMessage(), e);
        }
    }

    /** IMDB test reviews as the model's word ids, and their labels. */
    private NDArray[] imdb(DatasetCatalog catalog, Model m, Shape input) throws IOException {
        if (input.rank() != 1)
            throw new UserError(Checks.clip(model.toString()) + " takes inputs of shape " + input
                    + "; an IMDB model takes one sequence of word ids, shape (steps,)");
        if (preprocessing.scale != null
                || preprocessing.normalize != null
                || preprocessing.shape != null
                || preprocessing.flatten)
            throw UserError.option("--scale, --normalize, --shape and --flatten are for images, not for imdb");
        int steps = input.dim(0);
        String tokenizerJson =
                m instanceof Sequential s ? s.asset(Predict.TOKENIZER_ASSET).orElse(null) : null;
        if (tokenizerJson != null) {
            Tokenizer tok = Predict.tokenizer(tokenizerJson, model);
            TextDataset reviews = Imdb.load(catalog);
            NDArray x = Sequences.padSequences(tok.textsToSequences(reviews.testTexts()), steps);
            System.out.printf(
                    Locale.ROOT,
                    "data: IMDB test set, %,d reviews, as the model's own tokenizer numbers words, %d steps%n",
                    x.dim(0),
                    steps);
            return new NDArray[] {x, reviews.testY()};
        }
        int vocabulary = words != null ? words : embeddingInputDim(m);
        Checks.positiveCount("--words", vocabulary);
        if (vocabulary < 3) throw UserError.option("--words must be at least 3, got " + vocabulary);
        var data = Imdb.sequences(catalog, vocabulary, steps);
        System.out.printf(
                Locale.ROOT,
                "data: IMDB test set, %,d reviews, the %,d most frequent training words (ids by frequency, 1 = unknown;"
                        + " Keras' imdb.load_data numbers words from 4), %d steps, padded and cut at the start%n",
                data.testX().dim(0),
                vocabulary,
                steps);
        return new NDArray[] {data.testX(), data.testY()};
    }

    private int embeddingInputDim(Model m) {
        for (Layer l : m.layers()) if (l instanceof Embedding e) return e.inputDim();
        throw UserError.option(Checks.clip(model.toString())
                + " has no Embedding layer to take the vocabulary size from; give it with --words N");
    }
}
