package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import nabla.autograd.Activation;
import nabla.models.Sequential;
import nabla.nn.Padding;
import nabla.nn.conv.Conv2D;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.pool.MaxPooling2D;
import nabla.optim.Adam;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CNN examples' command-line parsing, the course's learning-rate decay, and {@code nabla visualize}. */
class CnnExamplesTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void parsesTheCnnExamplesAndTheTargetAccuracy() {
        String[][] cases = {
            {"mnist-cnn", "mnist_cnn"},
            {"lenet5", "lenet5"},
            {"course-cnn", "course_cnn"},
            {"fashion-cnn", "fashion_cnn"}
        };
        for (String[] c : cases) {
            TrainCommand t = new TrainCommand();
            new CommandLine(t).parseArgs(c[0], "--epochs", "1", "--limit", "2000", "--target-accuracy", "0.99");
            assertEquals(TrainCommand.Example.valueOf(c[1]), t.example);
            assertEquals(c[0], t.example.toString());
            assertEquals(0.99, t.targetAccuracy);
            assertEquals(1, t.epochsOr(12));
            assertEquals(2000, t.limit);
        }
        TrainCommand plain = new TrainCommand();
        new CommandLine(plain).parseArgs("lenet5");
        assertNull(plain.targetAccuracy);
        assertEquals(10, plain.epochsOr(10));
    }

    @Test
    void helpListsTheCnnExamplesAndTheVisualizeCommand() {
        String[] r = run("train", "--help");
        assertEquals("0", r[0]);
        for (String s : new String[] {"mnist-cnn", "lenet5", "course-cnn", "fashion-cnn", "--target-accuracy"})
            assertTrue(r[1].contains(s), s + " in " + r[1]);
        String[] top = run("--help");
        assertTrue(top[1].contains("visualize"), top[1]);
        String[] v = run("visualize", "--help");
        assertTrue(v[1].contains("--model") && v[1].contains("--out") && v[1].contains("--image"), v[1]);
        assertNotEquals("0", run("visualize", "--out", dir.toString())[0], "--model is required");
    }

    @Test
    void courseLearningRateDecaysFromTheCoursesStartToItsFloor() {
        CourseLearningRate lr = CourseLearningRate.course();
        assertEquals(0.0031, lr.at(0), 1e-12);
        assertEquals(0.0001 + 0.003 / Math.E, lr.at(2000), 1e-12);
        assertEquals(0.0001, lr.at(100_000), 1e-9);
        // In a fit, the optimizer's rate follows it step by step.
        Sequential m = new Sequential(1, new Dense(2, Activation.SOFTMAX)).build(3);
        m.compile("sparse_categorical_crossentropy", new Adam(0.5f), "accuracy");
        NDArray x = NDArray.uniform(Shape.of(40, 3), 0, 1, new Rng(1)), y = NDArray.zeros(40);
        var h = m.fit(
                x,
                y,
                FitOptions.defaults()
                        .epochs(2)
                        .batchSize(10)
                        .verbose(false)
                        .callback(new CourseLearningRate(1e-4, 1e-2, 4)));
        assertEquals(8, m.optimizer().iterations());
        assertEquals(
                (float) (1e-4 + (1e-2 - 1e-4) * Math.exp(-7 / 4.0)),
                m.optimizer().learningRate(),
                1e-9f,
                "the rate set before the last step");
        assertEquals(2, h.get("learning_rate").size());
    }

    /** A tiny trained-looking CNN on 12×12×1 images, saved, then visualized through the command with --image. */
    @Test
    void visualizeWritesFiltersAndFeatureMapsOfATinyCnn() throws Exception {
        Sequential m = new Sequential(
                        4,
                        new Conv2D(6, 3, Activation.RELU).withPadding(Padding.SAME),
                        new MaxPooling2D(2),
                        new Conv2D(4, 3, Activation.RELU),
                        new Flatten(),
                        new Dense(3, Activation.SOFTMAX))
                .build(12, 12, 1);
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        Path model = dir.resolve("tiny.nabla");
        m.save(model);
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB); // a white square on black
        for (int yy = 6; yy < 18; yy++) for (int xx = 6; xx < 18; xx++) img.setRGB(xx, yy, 0xFFFFFF);
        Path png = dir.resolve("square.png");
        ImageIO.write(img, "png", png.toFile());
        Path out = dir.resolve("viz");

        String[] r = run("visualize", "--model", model.toString(), "--out", out.toString(), "--image", png.toString());
        assertEquals("0", r[0], r[2]);
        // filters: 6 tiles of 3×3 enlarged 16× to 48 px, 3 columns × 2 rows with 2-px gaps
        assertSize(out.resolve("filters-conv2d.png"), 3 * 48 + 4 * 2, 2 * 48 + 3 * 2);
        // input: one 12×12 tile enlarged 4×
        assertSize(out.resolve("input.png"), 48 + 4, 48 + 4);
        // conv2d output 12×12×6 (3 × 2 grid), pooling 6×6×6 (enlarged 8×), conv2d_1 4×4×4 (2 × 2, enlarged 12×);
        // Flatten ends the maps
        assertSize(out.resolve("maps-01-conv2d.png"), 3 * 48 + 4 * 2, 2 * 48 + 3 * 2);
        assertSize(out.resolve("maps-02-maxpooling2d.png"), 3 * 48 + 4 * 2, 2 * 48 + 3 * 2);
        assertSize(out.resolve("maps-03-conv2d_1.png"), 2 * 48 + 3 * 2, 2 * 48 + 3 * 2);
        try (var files = Files.list(out)) {
            assertEquals(5, files.count());
        }
        // The input tile shows the square: white in the middle, black at the corner.
        BufferedImage in = ImageIO.read(out.resolve("input.png").toFile());
        assertEquals(0xFFFFFF, in.getRGB(2 + 24, 2 + 24) & 0xFFFFFF);
        assertEquals(0x000000, in.getRGB(2 + 1, 2 + 1) & 0xFFFFFF);

        // --layers caps the feature maps
        Path few = dir.resolve("few");
        List<Path> written = CnnImages.visualize(Sequential.load(model), CnnImages.readImage(png, 12, 12, 1), few, 1);
        assertEquals(
                List.of(few.resolve("input.png"), few.resolve("filters-conv2d.png"), few.resolve("maps-01-conv2d.png")),
                written);
    }

    @Test
    void colourFiltersAreOneRgbTileEach() {
        NDArray k = NDArray.zeros(2, 2, 3, 2);
        k.set(1f, 0, 0, 0, 0); // filter 0: red at the top left
        k.set(1f, 1, 1, 2, 1); // filter 1: blue at the bottom right
        BufferedImage img = CnnImages.filters(k);
        assertEquals(2 * 48 + 3 * 2, img.getWidth());
        assertEquals(48 + 2 * 2, img.getHeight());
        assertEquals(0xFF0000, img.getRGB(2, 2) & 0xFFFFFF);
        assertEquals(0x0000FF, img.getRGB(2 + 48 + 2 + 47, 2 + 47) & 0xFFFFFF);
    }

    @Test
    void visualizeRejectsAModelWithoutConvolutions() throws Exception {
        Sequential m = new Sequential(1, new Flatten(), new Dense(2, Activation.SOFTMAX)).build(4, 4, 1);
        var e = Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> CnnImages.visualize(m, NDArray.zeros(4, 4, 1), dir.resolve("none"), 4));
        assertTrue(e.getMessage().contains("no Conv2D"), e.getMessage());
    }

    private static void assertSize(Path png, int width, int height) throws Exception {
        assertTrue(Files.exists(png), png + " missing");
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(width, img.getWidth(), png.toString());
        assertEquals(height, img.getHeight(), png.toString());
    }
}
