package nabla.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts as PNG, drawn with Graphics2D and written with ImageIO (no charting dependency: a report needs a
 * few labelled curves, which is about 250 lines here; XChart would add a jar and a font-dependent layout for
 * the same result). A figure is one or more panels side by side; each panel has a title, axis labels, a
 * linear or log10 y axis, and series drawn in a fixed palette with a legend. NaN points break a line; a
 * series with few points gets a marker on each, so a one-epoch curve is still visible.
 *
 * <p>Text needs the JDK's font machinery; where it is missing (a bare container without fontconfig) the chart
 * is drawn without any text rather than failing the report.
 */
public final class LineChart {
    /**
     * One curve: its legend label, x and y values (same length), whether it is drawn dashed, and its colour (an index
     * into the palette; -1 for the series' position in its panel).
     */
    public record Series(String label, double[] x, double[] y, boolean dashed, int color) {
        public Series {
            if (x.length != y.length)
                throw new IllegalArgumentException(
                        "LineChart series '" + label + "': " + x.length + " x values but " + y.length + " y values");
            x = x.clone();
            y = y.clone();
        }

        public Series(String label, double[] x, double[] y) {
            this(label, x, y, false, -1);
        }

        /** y against 1, 2, ..., n (e.g. a metric per epoch). */
        public static Series ofEpochs(String label, List<Double> values, boolean dashed, int color) {
            double[] x = new double[values.size()], y = new double[values.size()];
            for (int i = 0; i < y.length; i++) {
                x[i] = i + 1;
                y[i] = values.get(i);
            }
            return new Series(label, x, y, dashed, color);
        }

        @Override
        public double[] x() {
            return x.clone();
        }

        @Override
        public double[] y() {
            return y.clone();
        }

        Color paint(int position) {
            return PALETTE[Math.floorMod(color >= 0 ? color : position, PALETTE.length)];
        }
    }

    /** One chart: title, axis labels, log10 y axis or not, and its series. */
    public record Panel(String title, String xLabel, String yLabel, boolean logY, List<Series> series) {
        public Panel {
            series = List.copyOf(series);
        }
    }

    public static final int PANEL_WIDTH = 560, PANEL_HEIGHT = 400;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xd62728),
        new Color(0x2ca02c),
        new Color(0xff7f0e),
        new Color(0x9467bd),
        new Color(0x8c564b),
        new Color(0xe377c2),
        new Color(0x17becf),
        new Color(0x7f7f7f)
    };
    private static final int LEFT = 70, RIGHT = 20, TOP = 36, BOTTOM = 50, PAD = 8;
    private static final boolean TEXT = textWorks();

    private LineChart() {}

    /** Draws {@code panels} side by side and writes them as a PNG (through a temporary file, then moved). */
    public static void write(Path file, List<Panel> panels) throws IOException {
        BufferedImage img = render(panels);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer available for " + file);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static BufferedImage render(List<Panel> panels) {
        if (panels.isEmpty()) throw new IllegalArgumentException("LineChart: a figure needs at least one panel");
        BufferedImage img = new BufferedImage(PANEL_WIDTH * panels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            for (int i = 0; i < panels.size(); i++) drawPanel(g, panels.get(i), i * PANEL_WIDTH);
        } finally {
            g.dispose();
        }
        return img;
    }

    private static void drawPanel(Graphics2D g, Panel p, int x0) {
        // The data area is inset by PAD pixels inside the frame so that points on the range's ends stay visible.
        int fx = x0 + LEFT, fy = TOP, fw = PANEL_WIDTH - LEFT - RIGHT, fh = PANEL_HEIGHT - TOP - BOTTOM;
        int px = fx + PAD, py = fy + PAD, pw = fw - 2 * PAD, ph = fh - 2 * PAD;
        List<Series> series = p.series();
        double[][] xs = new double[series.size()][], ys = new double[series.size()][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = series.get(i).x();
            ys[i] = series.get(i).y();
        }
        double[] xr = range(xs, false), yr = range(ys, p.logY());
        Axis xa = Axis.of(xr[0], xr[1], false, allIntegers(xs)), ya = Axis.of(yr[0], yr[1], p.logY(), false);
        g.setColor(new Color(0xeeeeee));
        for (double t : xa.ticks)
            g.drawLine(px + (int) Math.round(xa.frac(t) * pw), fy, px + (int) Math.round(xa.frac(t) * pw), fy + fh);
        for (double t : ya.ticks)
            g.drawLine(
                    fx,
                    py + ph - (int) Math.round(ya.frac(t) * ph),
                    fx + fw,
                    py + ph - (int) Math.round(ya.frac(t) * ph));
        g.setColor(Color.DARK_GRAY);
        g.drawRect(fx, fy, fw, fh);
        if (TEXT) drawLabels(g, p, x0, xa, ya, px, py, pw, ph, fy + fh);
        Stroke solid = new BasicStroke(2f),
                dashed =
                        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f);
        List<int[]> points = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) {
            g.setColor(series.get(s).paint(s));
            g.setStroke(series.get(s).dashed() ? dashed : solid);
            boolean markers = xs[s].length <= 25, have = false;
            int lastX = 0, lastY = 0;
            for (int i = 0; i < xs[s].length; i++) {
                double xv = xs[s][i], yv = ys[s][i];
                if (!Double.isFinite(xv) || !Double.isFinite(yv) || (p.logY() && yv <= 0)) {
                    have = false;
                    continue;
                }
                int sx = px + (int) Math.round(xa.frac(xv) * pw),
                        sy = py + ph - (int) Math.round(ya.fracOfValue(yv) * ph);
                if (have) g.drawLine(lastX, lastY, sx, sy);
                if (markers) g.fillOval(sx - 3, sy - 3, 7, 7);
                points.add(new int[] {sx, sy});
                lastX = sx;
                lastY = sy;
                have = true;
            }
        }
        g.setStroke(new BasicStroke(1f));
        if (TEXT && !series.isEmpty()) drawLegend(g, series, fx, fy, fw, fh, points);
    }

    private static void drawLabels(
            Graphics2D g, Panel p, int x0, Axis xa, Axis ya, int px, int py, int pw, int ph, int bottom) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        for (double t : xa.ticks) {
            String s = xa.label(t);
            g.drawString(
                    s, px + (int) Math.round(xa.frac(t) * pw) - fm.stringWidth(s) / 2, bottom + fm.getAscent() + 4);
        }
        for (double t : ya.ticks) {
            String s = ya.label(t);
            g.drawString(
                    s,
                    x0 + LEFT - fm.stringWidth(s) - 6,
                    py + ph - (int) Math.round(ya.frac(t) * ph) + fm.getAscent() / 2 - 1);
        }
        g.drawString(p.xLabel(), px + (pw - fm.stringWidth(p.xLabel())) / 2, bottom + 2 * fm.getHeight() + 6);
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(p.yLabel(), -(py + (ph + fm.stringWidth(p.yLabel())) / 2), x0 + fm.getAscent() + 4);
        r.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        FontMetrics tm = g.getFontMetrics();
        g.drawString(p.title(), x0 + (PANEL_WIDTH - tm.stringWidth(p.title())) / 2, TOP - 12);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    /** The legend, in the corner of the frame that hides the fewest data points. */
    private static void drawLegend(
            Graphics2D g, List<Series> series, int fx, int fy, int fw, int fh, List<int[]> points) {
        FontMetrics fm = g.getFontMetrics();
        int w = 0;
        for (Series s : series) w = Math.max(w, fm.stringWidth(s.label()));
        int lh = fm.getHeight(), bw = w + 42, bh = lh * series.size() + 8;
        int[][] corners = {
            {fx + fw - bw - 6, fy + 6},
            {fx + 6, fy + 6},
            {fx + fw - bw - 6, fy + fh - bh - 6},
            {fx + 6, fy + fh - bh - 6}
        };
        int bx = corners[0][0], by = corners[0][1], fewest = Integer.MAX_VALUE;
        for (int[] c : corners) {
            int hidden = 0;
            for (int[] pt : points)
                if (pt[0] >= c[0] - 4 && pt[0] <= c[0] + bw + 4 && pt[1] >= c[1] - 4 && pt[1] <= c[1] + bh + 4)
                    hidden++;
            if (hidden < fewest) {
                fewest = hidden;
                bx = c[0];
                by = c[1];
            }
        }
        g.setColor(new Color(255, 255, 255, 225));
        g.fillRect(bx, by, bw, bh);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(bx, by, bw, bh);
        Stroke solid = new BasicStroke(2f),
                dashed =
                        new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {5f, 3f}, 0f);
        for (int i = 0; i < series.size(); i++) {
            int ly = by + 4 + lh * i + lh / 2;
            g.setColor(series.get(i).paint(i));
            g.setStroke(series.get(i).dashed() ? dashed : solid);
            g.drawLine(bx + 6, ly, bx + 30, ly);
            g.setColor(Color.DARK_GRAY);
            g.drawString(series.get(i).label(), bx + 36, ly + fm.getAscent() / 2 - 1);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static boolean allIntegers(double[][] values) {
        for (double[] v : values) for (double d : v) if (Double.isFinite(d) && d != Math.rint(d)) return false;
        return true;
    }

    /** [min, max] of the finite values (their log10 for a log axis, positive ones only); [0, 1] when there are none. */
    private static double[] range(double[][] values, boolean log) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] vs : values)
            for (double v : vs) {
                if (!Double.isFinite(v) || (log && v <= 0)) continue;
                v = log ? Math.log10(v) : v;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        if (lo > hi) return new double[] {0, 1};
        if (hi - lo < 1e-12) {
            double pad = log ? 0.5 : Math.max(Math.abs(lo) * 0.1, 0.5);
            return new double[] {lo - pad, hi + pad};
        }
        return new double[] {lo, hi};
    }

    /**
     * An axis over [lo, hi] (log10 units for a log axis) with "nice" ticks: 1, 2 or 5 times a power of ten (whole
     * numbers only for an integer axis such as epochs); a log axis has a tick per decade, and at 2 and 5 too when
     * it spans at most two decades.
     */
    private record Axis(double lo, double hi, boolean log, double[] ticks, double step) {
        static Axis of(double lo, double hi, boolean log, boolean integers) {
            if (log && hi - lo > 2) { // many decades: a tick per decade (or per few)
                lo = Math.floor(lo);
                hi = Math.ceil(hi);
                int n = (int) (hi - lo), every = Math.max(1, (int) Math.ceil(n / 8.0));
                double[] t = new double[n / every + 1];
                for (int i = 0; i < t.length; i++) t[i] = lo + i * every;
                return new Axis(lo, hi, true, t, 1);
            }
            if (log) { // at most two decades: ticks at 1, 2 and 5 times a power of ten, the range cut to the nearest
                // ones
                List<Double> t = new ArrayList<>();
                for (double d = Math.floor(lo) - 1; d <= Math.ceil(hi) + 1; d++)
                    for (double m : new double[] {0, Math.log10(2), Math.log10(5)}) t.add(d + m);
                double a = lo, b = hi;
                lo = t.stream()
                        .filter(v -> v <= a + 1e-9)
                        .mapToDouble(Double::doubleValue)
                        .max()
                        .orElse(a);
                hi = t.stream()
                        .filter(v -> v >= b - 1e-9)
                        .mapToDouble(Double::doubleValue)
                        .min()
                        .orElse(b);
                double l = lo, h = hi;
                return new Axis(
                        lo,
                        hi,
                        true,
                        t.stream()
                                .filter(v -> v >= l - 1e-9 && v <= h + 1e-9)
                                .mapToDouble(Double::doubleValue)
                                .toArray(),
                        0);
            }
            double raw = (hi - lo) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
            double step = (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
            if (integers) step = Math.max(1, Math.round(step));
            lo = Math.floor(lo / step + 1e-9) * step;
            hi = Math.ceil(hi / step - 1e-9) * step;
            int n = (int) Math.round((hi - lo) / step);
            double[] t = new double[n + 1];
            for (int i = 0; i <= n; i++) t[i] = lo + i * step;
            return new Axis(lo, hi, false, t, step);
        }

        /** Where a tick (log10 units on a log axis) lies, from 0 (lo) to 1 (hi). */
        double frac(double v) {
            return (v - lo) / (hi - lo);
        }

        /** Where a data value lies (its log10 on a log axis), from 0 (lo) to 1 (hi). */
        double fracOfValue(double v) {
            return frac(log ? Math.log10(v) : v);
        }

        String label(double t) {
            if (log) {
                double v = Math.pow(10, t);
                if (step == 1) return t == 0 ? "1" : "1e" + Math.round(t);
                return new BigDecimal(v)
                        .round(new MathContext(1))
                        .stripTrailingZeros()
                        .toPlainString();
            }
            if (step >= 1 && Math.abs(t) < 1e9) return Long.toString(Math.round(t));
            int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", t);
        }
    }

    /** Whether text can be drawn here (fonts present); probed once on a scratch image. */
    private static boolean textWorks() {
        try {
            Graphics2D g = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB).createGraphics();
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString("0", 0, 8);
            g.getFontMetrics().stringWidth("0");
            g.dispose();
            return true;
        } catch (RuntimeException | Error e) { // missing fontconfig/freetype: LinkageError, InternalError or NPE
            return false;
        }
    }
}
