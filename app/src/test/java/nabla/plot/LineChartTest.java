package nabla.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    private static LineChart.Panel panel(boolean log, LineChart.Series... s) {
        return new LineChart.Panel("title", "epoch", "loss", log, List.of(s));
    }

    @Test
    void writesAPngWithOnePanelPerChartSideBySide(@TempDir Path dir) throws Exception {
        var a = new LineChart.Series("a", new double[] {1, 2, 3}, new double[] {0.5, 0.25, 0.125});
        var b = new LineChart.Series("b", new double[] {1, 2, 3}, new double[] {1e-6, Double.NaN, 3}, true, 4);
        Path png = dir.resolve("sub/chart.png");
        LineChart.write(png, List.of(panel(false, a), panel(true, a, b)));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 * LineChart.PANEL_WIDTH, img.getWidth());
        assertEquals(LineChart.PANEL_HEIGHT, img.getHeight());
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void drawsSinglePointsEmptyAndDegenerateSeries() {
        var one = new LineChart.Series("one epoch", new double[] {1}, new double[] {0.3});
        var empty = new LineChart.Series("none", new double[0], new double[0]);
        var zeros = new LineChart.Series("zero", new double[] {1, 2}, new double[] {0, 0});
        BufferedImage img = LineChart.render(List.of(panel(false, one, empty), panel(true, zeros)));
        // The first panel holds the first series' colour (its marker, or at least its legend entry).
        boolean found = false;
        for (int x = 0; x < LineChart.PANEL_WIDTH && !found; x++)
            for (int y = 0; y < LineChart.PANEL_HEIGHT && !found; y++)
                found = img.getRGB(x, y) == (0xff000000 | 0x1f77b4);
        assertTrue(found, "the one-point series has a visible marker");
        assertNotEquals(0, img.getWidth());
    }

    @Test
    void rejectsMismatchedSeriesAndEmptyFigures() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> new LineChart.Series("s", new double[2], new double[3]));
        assertTrue(e.getMessage().contains("'s'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LineChart.render(List.of()));
    }
}
