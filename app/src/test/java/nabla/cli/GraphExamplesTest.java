package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import nabla.models.Functional;
import nabla.models.Model;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-graph examples of {@code nabla train} on small data: the models and steps on synthetic data (fast and
 * exact checks), and each command once on a few MNIST images (fetched into the dataset cache when missing).
 */
class GraphExamplesTest {
    @TempDir
    Path dir;

    /** {@code n} images of h × w, class c drawn as a bright c-th horizontal band plus noise; labels in [0, classes). */
    private static NDArray bands(int n, int h, int w, int classes, int[] labels, Rng rng) {
        float[] v = new float[n * h * w];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
            int band = labels[i] * h / classes;
            for (int r = 0; r < h; r++)
                for (int c = 0; c < w; c++)
                    v[(i * h + r) * w + c] = (r == band ? 0.9f : 0.05f) + 0.1f * rng.nextFloat();
        }
        return NDArray.of(v, n, h, w);
    }

    private static double figure(String out, String label) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(label) + ": ([0-9.]+)$").matcher(out);
        assertTrue(m.find(), "'" + label + ": X' in\n" + out);
        return Double.parseDouble(m.group(1));
    }

    // ---- multi-io

    @Test
    void ticketModelTrainsBothOutputsWithTheirWeightsAndReloads() throws Exception {
        GraphExamples.Tickets data = GraphExamples.tickets(96, 3);
        assertEquals(
                List.of(96, 10),
                List.of(
                        data.inputs().get("title").dim(0),
                        data.inputs().get("title").dim(1)));
        Functional m = GraphExamples.ticketModel(3, 8, 4);
        assertEquals(List.of("title", "body", "tags"), m.inputNames());
        assertEquals(List.of("priority", "department"), m.outputNames());
        GraphExamples.compileTickets(m, 1e-2f);
        History h = m.fit(
                data.inputs(),
                data.targets(),
                FitOptions.defaults().epochs(4).batchSize(16).seed(3).verbose(false));
        List<Double> loss = h.get("loss"), p = h.get("priority_loss"), d = h.get("department_loss");
        assertTrue(loss.getLast() < loss.getFirst(), "the loss decreases: " + loss);
        for (int e = 0; e < 4; e++)
            assertEquals(p.get(e) + 0.2 * d.get(e), loss.get(e), 1e-4, "loss = priority + 0.2 department");
        CliRun r = CliRun.of(
                "train",
                "multi-io",
                "--limit",
                "64",
                "--lstm-units",
                "8,4",
                "--batch-size",
                "16",
                "--save",
                dir.resolve("tickets.nabla").toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("priority_loss: ") && r.out().contains("department_loss: "), r.out());
        assertTrue(figure(r.out(), "final loss") > 0);
        figure(r.out(), "final priority_loss");
        figure(r.out(), "final department_loss");
        assertTrue(r.out().contains("(reloaded: the same predictions)"), r.out());
        Model back = Model.load(dir.resolve("tickets.nabla"));
        assertEquals(List.of("priority", "department"), back.outputNames());
    }

    // ---- siamese

    @Test
    void pairsAreBalancedAndLabelledByClass() {
        int n = 200;
        int[] labels = new int[n];
        float[] ids = new float[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
            ids[i] = i;
        }
        // each "image" is its own index, so the pairs say which images they took
        GraphExamples.Pairs p = GraphExamples.pairs(NDArray.of(ids, n, 1), labels, 10, 1000, new Rng(5));
        assertEquals(1000, p.size());
        int same = 0;
        for (int i = 0; i < 1000; i++) {
            int a = (int) p.left().get(i, 0), b = (int) p.right().get(i, 0);
            boolean s = p.same().get(i, 0) == 1f;
            assertEquals(labels[a] == labels[b], s, "pair " + i);
            if (s) same++;
        }
        assertEquals(500, same);
    }

    @Test
    void siameseSharesOneEncoderAndLearnsWhetherTwoImagesMatch() {
        int[] trainLabels = new int[600], testLabels = new int[200];
        Rng rng = new Rng(11);
        NDArray train = bands(600, 8, 8, 4, trainLabels, rng), test = bands(200, 8, 8, 4, testLabels, rng);
        GraphExamples.Pairs tr = GraphExamples.pairs(train, trainLabels, 4, 1200, rng);
        GraphExamples.Pairs te = GraphExamples.pairs(test, testLabels, 4, 400, rng);
        Functional m = GraphExamples.siameseModel(2, 8, 8);
        long encoders =
                m.layers().stream().filter(l -> l.name().equals("encoder")).count();
        assertEquals(1, encoders, "one encoder object, used at two nodes");
        Layer encoder = m.getLayer("encoder");
        assertEquals(encoder.parameterCount() + 64 + 1, m.parameterCount(), "the encoder's weights are counted once");
        m.compile(new nabla.losses.BinaryCrossEntropy(), new Adam(3e-3f), "accuracy");
        double before = m.evaluate(te.inputs(), List.of(te.same()), null).get("accuracy");
        m.fit(
                tr.inputs(),
                List.of(tr.same()),
                FitOptions.defaults().epochs(5).batchSize(32).seed(2).verbose(false));
        double after = m.evaluate(te.inputs(), List.of(te.same()), null).get("accuracy");
        assertTrue(after > 0.9 && after > before, "pair accuracy " + before + " -> " + after);
        // swapping the two inputs gives the same prediction: both go through the same weights and |a - b|
        assertTrue(m.predict(List.of(te.left(), te.right()))
                .allClose(m.predict(List.of(te.right(), te.left())), 1e-5f, 1e-6f));
    }

    @Test
    void siameseCommandReportsTheTestPairAccuracy() {
        CliRun r = CliRun.of("train", "siamese", "--limit", "2000", "--epochs", "2");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("encoder (Sequential) shared"), r.out());
        double acc = figure(r.out(), "test pair accuracy");
        assertTrue(acc > 0.6, "above chance (0.5): " + acc);
    }

    // ---- transfer

    @Test
    void fineTuningLeavesTheFrozenBaseUnchangedAndTrainsTheHead() {
        int[] labels = new int[400];
        Rng rng = new Rng(4);
        NDArray images = bands(400, 14, 14, 10, labels, rng);
        int[] order = Examples.permutation(400, 4);
        GraphExamples.Digits low = GraphExamples.digits(images, labels, 0, 5, order, 400);
        GraphExamples.Digits high = GraphExamples.digits(images, labels, 5, 10, order, 400);
        assertEquals(200, low.size());
        assertEquals(Shape.of(14, 14, 1), low.x().shape().dropFirst());
        for (int i = 0; i < high.size(); i++)
            assertTrue(high.y().get(i) >= 0 && high.y().get(i) < 5);

        Sequential base = GraphExamples.convBase(4, 14, 14);
        Functional first = GraphExamples.withHead(base, 4, "digits_0_4", 5);
        GraphExamples.compileDigits(first, 3e-3f);
        first.fit(
                low.x(), low.y(), FitOptions.defaults().epochs(2).batchSize(32).verbose(false));
        List<NDArray> trained = GraphExamples.copies(base.getWeights());

        base.setTrainable(false);
        Functional tuned = GraphExamples.withHead(base, 5, "digits_5_9", 5);
        GraphExamples.compileDigits(tuned, 3e-3f);
        assertTrue(tuned.summary().contains("Non-trainable params: " + String.format("%,d", base.parameterCount())));
        List<NDArray> head = GraphExamples.copies(tuned.getLayer("digits_5_9").getWeights());
        double before = tuned.evaluate(high.x(), high.y()).get("accuracy");
        tuned.fit(
                high.x(),
                high.y(),
                FitOptions.defaults().epochs(6).batchSize(16).verbose(false));
        assertTrue(GraphExamples.same(trained, base.getWeights()), "the frozen base did not change");
        assertFalse(GraphExamples.same(head, tuned.getLayer("digits_5_9").getWeights()), "the head trained");
        double after = tuned.evaluate(high.x(), high.y()).get("accuracy");
        assertTrue(after > 0.5 && after > before, "head on the frozen base: " + before + " -> " + after);
    }

    @Test
    void transferCommandReportsBothAccuraciesAndAnUnchangedBase() {
        CliRun r = CliRun.of(
                "train",
                "transfer",
                "--limit",
                "1500",
                "--base-epochs",
                "1",
                "--epochs",
                "3",
                "--fine-tune-samples",
                "300");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("frozen base unchanged by fine-tuning: true"), r.out());
        assertTrue(figure(r.out(), "test accuracy") > 0.4, r.out());
        assertTrue(figure(r.out(), "from scratch") >= 0, r.out());
        assertTrue(figure(r.out(), "base test accuracy (digits 0-4)") > 0.5, r.out());
    }

    // ---- gan

    @Test
    void ganStepsUpdateOnlyTheirOwnNetwork() {
        Gan gan = new Gan(6, 8, 16).compile(new Adam(1e-3f, 0.5f, 0.999f, 1e-7f), new Adam(1e-3f, 0.5f, 0.999f, 1e-7f));
        NDArray real = NDArray.uniform(Shape.of(64, 16), 0, 1, new Rng(6));
        List<NDArray> g0 = GraphExamples.copies(gan.generator().getWeights());
        List<NDArray> d0 = GraphExamples.copies(gan.discriminator().getWeights());
        float g = gan.generatorStep(32);
        assertTrue(Float.isFinite(g));
        assertTrue(GraphExamples.same(d0, gan.discriminator().getWeights()), "the generator's step left D alone");
        assertFalse(GraphExamples.same(g0, gan.generator().getWeights()), "the generator's step changed G");
        List<NDArray> g1 = GraphExamples.copies(gan.generator().getWeights());
        float d = gan.discriminatorStep(real.slice(0, 0, 32));
        assertTrue(Float.isFinite(d));
        assertTrue(GraphExamples.same(g1, gan.generator().getWeights()), "the discriminator's step left G alone");
        assertFalse(GraphExamples.same(d0, gan.discriminator().getWeights()), "the discriminator's step changed D");

        History h = gan.fit(
                List.of(real),
                List.of(),
                FitOptions.defaults().epochs(2).batchSize(16).seed(6).verbose(false));
        assertEquals(2, h.epochs());
        for (String k : List.of("loss", "d_loss", "g_loss"))
            for (double v : h.get(k)) assertTrue(Double.isFinite(v) && v > 0, k + " " + h.get(k));
        assertEquals(h.last("d_loss") + h.last("g_loss"), h.last("loss"), 1e-4);
        NDArray samples = gan.predict(NDArray.zeros(3, 8));
        assertEquals(Shape.of(3, 16), samples.shape());
        BufferedImage grid = gan.sampleGrid(4, 4, 4, 1);
        assertEquals(2 * 48 + 3 * 2, grid.getWidth());
    }

    @Test
    void ganCommandWritesAPngOfSamples() throws Exception {
        Path png = dir.resolve("samples.png"), generator = dir.resolve("generator.nabla");
        CliRun r = CliRun.of(
                "train",
                "gan",
                "--limit",
                "512",
                "--epochs",
                "1",
                "--out",
                png.toString(),
                "--save",
                generator.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("d_loss: ") && r.out().contains("g_loss: "), r.out());
        assertTrue(Double.isFinite(figure(r.out(), "final d_loss")), r.out());
        assertTrue(r.out().contains("generated samples: " + png), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(8 * 56 + 9 * 2, img.getWidth(), "8 x 8 tiles of 28 x 28 enlarged twice");
        assertEquals(img.getWidth(), img.getHeight());
        assertEquals(
                Shape.of(2, 784),
                Sequential.load(generator).predict(NDArray.zeros(2, 100)).shape());
    }

    // ---- options

    @Test
    void graphExampleOptionsAreCheckedBeforeAnyData() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String[][] cases = {
            {"gan", "--out", dir.toString(), "--out " + dir + " is a folder"},
            {"mlp", "--out", "x.png", "--out applies to gan only, not to mlp"},
            {"siamese", "--lstm-units", "8,4", "--lstm-units applies to multi-io only, not to siamese"},
            {"multi-io", "--lstm-units", "8", "--lstm-units takes two numbers"},
            {"multi-io", "--lstm-units", "8,0", "--lstm-units values must be whole numbers of at least 1, got 0"},
            {"transfer", "--fine-tune-samples", "0", "--fine-tune-samples must be a whole number of at least 1"},
            {"mlp", "--base-epochs", "2", "--base-epochs applies to transfer only"},
            {"gan", "--target-accuracy", "0.9", "--target-accuracy applies to the single-array examples"},
            {"siamese", "--resume", "m.nabla", "--resume applies to the single-array examples"},
            {"multi-io", "--dataset", "fashion-mnist", "--dataset does not apply to multi-io"}
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("train", c[0], "--data-dir", empty.toString(), c[1], c[2]);
            assertEquals(2, r.code(), r.toString());
            assertFalse(r.showsTrace(), r.toString());
            assertTrue(r.err().startsWith("nabla: ") && r.err().contains(c[3]), c[3] + " in\n" + r);
        }
        try (var files = Files.list(empty)) {
            assertEquals(0, files.count(), "nothing was fetched");
        }
        assertNotEquals(0, CliRun.of("train", "--help").out().indexOf("siamese"));
    }
}
