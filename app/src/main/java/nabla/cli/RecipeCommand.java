package nabla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import nabla.data.DatasetCatalog;
import nabla.data.ImageDataset;
import nabla.studies.recipe.Recipe;
import nabla.studies.recipe.RecipeExperiment;
import nabla.studies.recipe.RecipeReport;
import nabla.studies.recipe.RecipeSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nabla experiments recipe}: trains the nets of the courses' "recipe of deep learning" on MNIST and writes
 * {@code DIR/recipe.md} with PNG curves, each result beside the course's.
 */
@Command(
        name = "recipe",
        mixinStandardHelpOptions = true,
        description = {
            "Reproduce the courses' \"recipe of deep learning\" experiments on MNIST and write DIR/recipe.md with PNG figures:",
            "  1 square error vs cross-entropy        2 mini-batch vs full batch",
            "  3 3 vs 9 sigmoid layers, 9 ReLU layers (gradient norm per layer)",
            "  4 SGD, momentum, Adagrad, RMSprop, Adam, Nadam",
            "  5 noisy test images with and without dropout",
            "  6 early stopping and weight decay on an over-fitting net",
            "  7 logistic regression vs 200-100-60-30 MLP with ReLU, batch norm and a decaying step size",
            "The full report takes under 20 minutes on 2 cores; --quick runs everything with tiny settings (seconds)."
        })
final class RecipeCommand implements Callable<Integer> {
    /** Where the MNIST images come from: the dataset catalog (download and cache), or a test's synthetic set. */
    @FunctionalInterface
    interface DataSource {
        ImageDataset load(Path cacheDir, Consumer<String> log) throws IOException;
    }

    @Option(
            names = "--out",
            defaultValue = "reports/recipe",
            paramLabel = "DIR",
            description = "Folder for recipe.md and the PNGs (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--quick",
            description = "Tiny settings (1 epoch, 1,000 images, 32 units): a smoke test, not a result.")
    boolean quick;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of every model, shuffle and noise draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-dir", description = "Dataset cache directory (default: $NABLA_DATA or ~/.nabla/datasets).")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final DataSource source;

    RecipeCommand() {
        this((dir, log) -> new DatasetCatalog(dir, log).mnist());
    }

    RecipeCommand(DataSource source) {
        this.source = source;
    }

    @Override
    public Integer call() throws IOException {
        Checks.outputFolder("--out", out);
        PrintWriter w = spec.commandLine().getOut();
        Consumer<String> log = msg -> {
            w.println("[recipe] " + msg);
            w.flush();
        };
        long t0 = System.nanoTime();
        ImageDataset data = source.load(Environment.datasetCache(dataDir), msg -> log.accept("[data] " + msg));
        log.accept(data.toString());
        RecipeSettings settings = quick ? RecipeSettings.quick(seed) : RecipeSettings.full(seed);
        List<RecipeExperiment> experiments = new Recipe(data, settings, log).runAll();
        double minutes = (System.nanoTime() - t0) / 60e9;
        Path md = RecipeReport.write(out, experiments, settings, data.toString(), minutes);
        for (RecipeExperiment e : experiments)
            log.accept("%d. %s: ours %s; course %s".formatted(e.number(), e.title(), e.ours(), e.course()));
        log.accept("wrote %s in %.1f minutes".formatted(md, minutes));
        return 0;
    }
}
