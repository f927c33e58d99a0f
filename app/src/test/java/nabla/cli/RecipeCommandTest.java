package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import nabla.data.ImageDataset;
import nabla.plot.LineChart;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RecipeCommandTest {
    /** MNIST-shaped (28×28 images in [0, 1], 10 classes) but tiny and random: a bright row per class plus noise. */
    static ImageDataset syntheticMnist(int nTrain, int nTest) {
        Rng rng = new Rng(3);
        return new ImageDataset(
                "synthetic-mnist", images(nTrain, rng), labels(nTrain), images(nTest, rng), labels(nTest), 10);
    }

    private static NDArray images(int n, Rng rng) {
        NDArray x = NDArray.uniform(Shape.of(n, 28, 28), 0f, 0.3f, rng);
        float[] d = x.data();
        for (int i = 0; i < n; i++) for (int c = 0; c < 28; c++) d[i * 784 + (2 + 2 * (i % 10)) * 28 + c] = 1f;
        return x;
    }

    private static NDArray labels(int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) y[i] = i % 10;
        return NDArray.of(y, n);
    }

    @Test
    void quickRunWritesTheReportWithARowPerExperimentAndEveryFigure(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = new CommandLine(new RecipeCommand((cache, log) -> syntheticMnist(1_200, 300)));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        Path report = dir.resolve("report");
        int code = cl.execute("--quick", "--out", report.toString());
        assertEquals(0, code, out + "\n" + err);

        Path md = report.resolve("recipe.md");
        assertTrue(Files.isRegularFile(md), "no recipe.md in " + report);
        String text = Files.readString(md);
        assertTrue(text.contains("Quick mode"), "the quick report says it is a smoke test");

        List<Integer> rows = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| (\\d+) \\| ([^|]+) \\| ([^|]+) \\| ([^|]+) \\|$")
                .matcher(text);
        while (row.find()) rows.add(Integer.parseInt(row.group(1)));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), rows, "one summary row per experiment:\n" + text);

        Matcher img = Pattern.compile("!\\[[^]]*]\\(([^)]+\\.png)\\)").matcher(text);
        List<String> pngs = new ArrayList<>();
        while (img.find()) pngs.add(img.group(1));
        assertTrue(pngs.size() >= 8, "a figure per experiment plus the gradient norms: " + pngs);
        assertTrue(pngs.contains("depth-gradients.png"), pngs.toString());
        for (String png : pngs) {
            BufferedImage im = ImageIO.read(report.resolve(png).toFile());
            assertNotNull(im, png + " is not a readable PNG");
            assertTrue(im.getWidth() >= LineChart.PANEL_WIDTH && im.getHeight() == LineChart.PANEL_HEIGHT, png);
        }
        for (String section : List.of(
                "Square error vs cross-entropy",
                "Mini-batch vs full-batch",
                "Deeper sigmoid nets",
                "Adam",
                "Noisy test inputs",
                "Early stopping and weight decay",
                "Logistic regression")) assertTrue(text.contains(section), section);
        assertFalse(text.contains("NaN"), "no NaN in the report:\n" + text);
        assertTrue(out.toString().contains("wrote"), out.toString());
    }

    @Test
    void theCommandIsRegisteredUnderExperiments() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("experiments", "recipe", "--help"));
        assertTrue(out.toString().contains("--quick") && out.toString().contains("--out"), out.toString());
    }
}
