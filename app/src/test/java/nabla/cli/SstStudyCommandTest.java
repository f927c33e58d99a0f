package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import nabla.data.DatasetCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nabla sst study --quick} end to end on small generated files in the shared data's two formats. */
class SstStudyCommandTest {
    @TempDir
    Path dir;

    /** Daily long CSV (lon,lat,t,temp) of 4 pixels 2009-2016 with a SHA256SUMS; monthly wide grid 1990-2010 with land and sea-ice gaps. */
    private Path generate() throws Exception {
        Path root = dir.resolve("data");
        Path daily = Files.createDirectories(root.resolve("sst-oisst-daily")).resolve("sst_q.csv");
        StringBuilder csv = new StringBuilder("lon,lat,t,temp\n");
        double[][] pixels = {{112.625, -29.375}, {112.625, -29.125}, {112.875, -29.375}, {112.875, -29.125}};
        Random rng = new Random(1);
        for (int p = 0; p < pixels.length; p++) {
            double anomaly = 0;
            int i = 0;
            for (LocalDate d = LocalDate.of(2009, 1, 1);
                    !d.isAfter(LocalDate.of(2016, 12, 31));
                    d = d.plusDays(1), i++) {
                anomaly = 0.9 * anomaly + 0.2 * rng.nextGaussian();
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%.3f%n",
                        pixels[p][0],
                        pixels[p][1],
                        d,
                        21 + 2 * Math.cos(2 * Math.PI * (i - 60) / 365.25) + anomaly + 0.1 * p));
            }
        }
        Files.writeString(daily, csv);
        Files.writeString(daily.resolveSibling("SHA256SUMS"), DatasetCatalog.sha256(daily) + "  sst_q.csv\n");

        Path grid = Files.createDirectories(root.resolve("sst-hadisst-iceland-monthly"))
                .resolve("grid_monthly_wide.csv");
        StringBuilder w = new StringBuilder("\"month\"");
        String[] cells = {
            "lat65.5_lon-20.5",
            "lat65.5_lon-19.5",
            "lat65.5_lon-18.5",
            "lat64.5_lon-20.5",
            "lat64.5_lon-19.5",
            "lat64.5_lon-18.5"
        };
        for (String c : cells) w.append(",\"").append(c).append('"');
        w.append('\n');
        int m = 0;
        for (YearMonth ym = YearMonth.of(1990, 1); !ym.isAfter(YearMonth.of(2010, 12)); ym = ym.plusMonths(1), m++) {
            w.append('"').append(ym).append('"');
            for (int c = 0; c < cells.length; c++) {
                w.append(',');
                boolean land = c == 4, ice = c == 0 && ym.getMonthValue() == 3 && ym.getYear() % 4 == 0;
                if (!land && !ice)
                    w.append(String.format(
                            Locale.ROOT,
                            "%.4f",
                            6 + c * 0.3 + 2.5 * Math.sin(2 * Math.PI * (m - 4) / 12.0) + 0.3 * rng.nextGaussian()));
            }
            w.append('\n');
        }
        Files.writeString(grid, w);
        return root;
    }

    @Test
    void quickStudyOnGeneratedDataWritesEverySectionAndTheFigures() throws Exception {
        Path root = generate(), out = dir.resolve("study");
        int code = new CommandLine(new Main())
                .execute("sst", "study", "--quick", "--data", root.toString(), "--out", out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("study.md"));
        for (String s : new String[] {
            "Quick smoke run",
            "SHA-256",
            "matches SHA256SUMS",
            "not checked (no SHA256SUMS beside it)",
            "Table I analogue",
            "Table II analogue",
            "Table III analogue",
            "### l = 1 day",
            "### l = 3 days",
            "Table IV analogue",
            "| SVR |",
            "| MLPR |",
            "| persistence |",
            "| climatology |",
            "| **LSTM** |",
            "1-week (ours)",
            "1-month (paper)",
            "TODO",
            "Fig. 5 analogue",
            "fig5-three-day.png",
            "Table VI analogue",
            "before update",
            "after update",
            "HadISST area prediction",
            "1 land cells left out",
            "| LSTM (one model) |",
            "3 months ahead",
            "Elapsed time per section",
            "training targets 2009-01-01..2012-08-31",
            "validation 2012-09-01..2012-10-31",
            "test 2013-01-01..2015-12-31"
        }) assertTrue(md.contains(s), s + " in\n" + md);
        assertEquals(
                1400, ImageIO.read(out.resolve("fig5-three-day.png").toFile()).getWidth());
        assertEquals(
                1400, ImageIO.read(out.resolve("hadisst-area.png").toFile()).getWidth());
    }

    @Test
    void aFileThatDoesNotMatchItsChecksumIsRefusedWithExitCode2() throws Exception {
        Path root = generate();
        Files.writeString(root.resolve("sst-oisst-daily/SHA256SUMS"), "0".repeat(64) + "  sst_q.csv\n");
        CliRun r = CliRun.of(
                "sst",
                "study",
                "--quick",
                "--data",
                root.toString(),
                "--out",
                dir.resolve("r").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().startsWith("nabla: ") && r.err().contains("sst_q.csv: SHA-256 is"), r.toString());
    }
}
