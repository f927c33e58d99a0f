package nabla.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import javax.imageio.ImageIO;

/** A line chart of forecasts against the truth over dates, drawn with Java2D and written as PNG (no plotting library). */
public final class ForecastPlot {
    /** One line: a label and one value per date (NaN = no point). */
    public record Line(String label, float[] values) {}

    private static final Color[] COLORS = {
        new Color(0xd62728),
        new Color(0x1f77b4),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2)
    };

    private ForecastPlot() {}

    /** Writes the chart: the truth in black, each forecast in its colour, a legend, date ticks and value grid. */
    public static void write(
            Path png, String title, String yLabel, List<LocalDate> dates, float[] truth, List<Line> forecasts)
            throws IOException {
        int w = 1400, h = 600, left = 80, right = 220, top = 50, bottom = 60;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : truth)
                if (!Float.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            for (Line l : forecasts)
                for (float v : l.values())
                    if (!Float.isNaN(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
            if (!(lo < hi)) {
                lo -= 1;
                hi += 1;
            }
            float pad = (hi - lo) * 0.05f;
            lo -= pad;
            hi += pad;
            int pw = w - left - right, ph = h - top - bottom, n = dates.size();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(new Color(0xe0e0e0));
            for (int i = 0; i <= 5; i++) {
                int y = top + ph - i * ph / 5;
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                g.drawString("%.1f".formatted(lo + (hi - lo) * i / 5), 10, y + 5);
                g.setColor(new Color(0xe0e0e0));
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(left, top, pw, ph);
            for (int i = 0; i <= 6 && n > 1; i++) {
                int t = (int) ((long) (n - 1) * i / 6), x = left + (int) ((long) pw * t / (n - 1));
                g.drawLine(x, top + ph, x, top + ph + 5);
                String s = dates.get(t).toString();
                g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, top + ph + 22);
            }
            g.drawString(yLabel, left, top + ph + 45);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, left, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            draw(g, truth, Color.BLACK, 2.2f, left, top, pw, ph, lo, hi);
            for (int i = 0; i < forecasts.size(); i++)
                draw(g, forecasts.get(i).values(), COLORS[i % COLORS.length], 1.2f, left, top, pw, ph, lo, hi);
            int ly = top + 10;
            legend(g, "truth", Color.BLACK, left + pw + 15, ly);
            for (int i = 0; i < forecasts.size(); i++)
                legend(g, forecasts.get(i).label(), COLORS[i % COLORS.length], left + pw + 15, ly += 22);
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", png.toFile());
    }

    private static void draw(
            Graphics2D g, float[] v, Color c, float width, int left, int top, int pw, int ph, float lo, float hi) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        int n = v.length, px = -1, py = -1;
        for (int t = 0; t < n; t++) {
            if (Float.isNaN(v[t])) {
                px = -1;
                continue;
            }
            int x = left + (n == 1 ? pw / 2 : (int) ((long) pw * t / (n - 1)));
            int y = top + ph - (int) ((v[t] - lo) / (hi - lo) * ph);
            if (px >= 0) g.drawLine(px, py, x, y);
            px = x;
            py = y;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static void legend(Graphics2D g, String label, Color c, int x, int y) {
        g.setColor(c);
        g.setStroke(new BasicStroke(3f));
        g.drawLine(x, y, x + 25, y);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.DARK_GRAY);
        g.drawString(label.length() > 24 ? label.substring(0, 23) + "…" : label, x + 32, y + 5);
    }
}
