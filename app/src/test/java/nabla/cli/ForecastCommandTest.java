package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ForecastCommandTest {
    @TempDir
    Path dir;

    @Test
    void endToEndOnAGeneratedCsvWritesReportAndPng() throws Exception {
        StringBuilder csv = new StringBuilder("day,temp\n");
        LocalDate d = LocalDate.of(2010, 1, 1);
        for (int i = 0; i < 3 * 365 + 20; i++, d = d.plusDays(1))
            csv.append(d)
                    .append(',')
                    .append(
                            i == 100
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            "%.3f",
                                            12 + 6 * Math.sin(2 * Math.PI * i / 365.25) + Math.sin(i * 0.7)))
                    .append('\n');
        Path file = dir.resolve("gen.csv");
        Files.writeString(file, csv);
        Path out = dir.resolve("report");
        int code = new CommandLine(new Main())
                .execute(
                        "forecast",
                        "--csv",
                        file.toString(),
                        "--date-column",
                        "day",
                        "--value-column",
                        "temp",
                        "--window",
                        "7",
                        "--horizon",
                        "2",
                        "--epochs",
                        "2",
                        "--lstm-units",
                        "4",
                        "--mlp-epochs",
                        "2",
                        "--svr-max-samples",
                        "300",
                        "--out",
                        out.toString());
        assertEquals(0, code);
        String md = Files.readString(out.resolve("report.md"));
        for (String s : new String[] {
            "| persistence |",
            "| climatology |",
            "| MLPR |",
            "| SVR |",
            "| LSTM[4] |",
            "--window 7",
            "missing values: 1, filled with LINEAR",
            "test-predictions.png"
        }) assertTrue(md.contains(s), s + " in\n" + md);
        assertEquals(
                1400, ImageIO.read(out.resolve("test-predictions.png").toFile()).getWidth());
    }

    @Test
    void badCsvGivesTheReadersMessageAndExitCode2() throws Exception {
        Path file = dir.resolve("dup.csv");
        Files.writeString(file, "date,v\n2012-01-01,1\n2012-01-01,2\n");
        CliRun r = CliRun.of(
                "forecast",
                "--csv",
                file.toString(),
                "--value-column",
                "v",
                "--out",
                dir.resolve("r").toString());
        assertEquals(2, r.code(), r.toString());
        assertTrue(
                r.err().startsWith("nabla: dup.csv line 3: duplicate date 2012-01-01 (first seen on line 2)"),
                r.toString());
        assertTrue(!r.showsTrace(), r.toString());
    }
}
