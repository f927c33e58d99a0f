package nabla.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values beyond float32's safe range, and lines, fields, rows and results beyond the limits, are errors. */
class TimeSeriesCsvBoundsTest {
    @TempDir
    Path dir;

    private Path file(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static String error(Path p, TimeSeriesCsv.Options o) {
        return assertThrows(CsvFormatException.class, () -> TimeSeriesCsv.readWide(p, "date", List.of(), o))
                .getMessage();
    }

    private static String error(Path p) {
        return error(p, TimeSeriesCsv.Options.defaults());
    }

    @Test
    void aValueBeyondFloat32IsReportedAsOverflowNotAsNotANumber() throws IOException {
        Path p = file("big.csv", "date,v", "2020-01-01,1", "2020-01-02,1e39");
        assertEquals(
                "big.csv line 3: column 'v': 1e39 overflows float32 (values are read as 32-bit floats, whose largest"
                        + " magnitude is about 3.4e38, and must stay below 1.8e19); rescale the column, e.g. write it"
                        + " in millions",
                error(p));
        assertTrue(error(file("neg.csv", "date,v", "2020-01-01,-1e39", "2020-01-02,1"))
                .startsWith("neg.csv line 2: column 'v': -1e39 overflows float32"));
    }

    @Test
    void aFiniteValueWhoseSquareOverflowsFloat32IsRefused() throws IOException {
        // 3e38 is a float, but its square (a squared-error loss) is not: it trained to an RMSE of 1.9e36
        Path p = file("huge.csv", "date,x,v", "2020-01-01,1,2", "2020-01-02,1,3e38");
        assertEquals(
                "huge.csv line 3: column 'v': 3e38 is too large: values must stay below 1.8e19 (2^64) in magnitude,"
                        + " so that their squares, as in a squared-error loss, stay finite in float32; rescale the"
                        + " column, e.g. write it in millions",
                error(p));
        assertTrue(error(file("edge.csv", "date,v", "2020-01-01,-1.8446744e19", "2020-01-02,1"))
                .contains("-1.8446744e19 is too large"));
        TimeSeries ok = TimeSeriesCsv.readWide(
                file("ok.csv", "date,v", "2020-01-01,-1.8e19", "2020-01-02,1.8e19"), "date", List.of());
        assertEquals(1.8e19f, ok.value(0, 1));
        float square = ok.value(0, 0) * ok.value(0, 0);
        assertTrue(Float.isFinite(square), "the largest accepted value squares to a finite float: " + square);
    }

    @Test
    void gapFilledDatesCountAgainstTheRowLimitBeforeAnyIsInserted() throws IOException {
        // found by the fuzzer: a 100-byte file with a year 8605 date made 2.4 million gap dates (and a map entry
        // each) within the values limit; gap-filled dates now count against maxRows, checked before insertion
        Path p = file("span.csv", "date,v", "2012-03-01,1", "2012-03-02,1", "8605-03-01,2");
        TimeSeriesCsv.Options o =
                TimeSeriesCsv.Options.defaults().withInsertMissingDates(true).withMaxRows(1_000_000);
        CsvFormatException e =
                assertThrows(CsvFormatException.class, () -> TimeSeriesCsv.readWide(p, "date", List.of(), o));
        assertTrue(
                e.getMessage()
                        .contains("span.csv would hold 2408044 dates once the gaps are filled, more than the"
                                + " limit of 1000000 (Options.maxRows)"),
                e.getMessage());
        TimeSeries ok = TimeSeriesCsv.readWide(
                file("short.csv", "date,v", "2012-03-01,1", "2012-03-02,1", "2012-03-05,2"),
                "date",
                List.of(),
                o.withMaxRows(5));
        assertEquals(5, ok.length());
        assertEquals(2f, ok.value(0, 4));
        assertTrue(Float.isNaN(ok.value(0, 2)));
    }

    @Test
    void infinityIsNamedAsSuch() throws IOException {
        assertEquals(
                "inf.csv line 2: column 'v': 'Infinity' is infinite; give a finite number, or leave the cell empty to"
                        + " mark the value missing",
                error(file("inf.csv", "date,v", "2020-01-01,Infinity", "2020-01-02,1")));
    }

    @Test
    void aHugeLineWithoutBreaksFailsFastInASmallHeap() throws Exception {
        // 64 MB on one line: BufferedReader.readLine held all of it (and more while growing), so a 2 GB file ran
        // out of memory; now reading stops after Options.maxLineLength characters
        Path p = dir.resolve("oneline.csv");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) '7');
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write("date,v\n2020-01-01,".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 64; i++) out.write(chunk);
        }
        List<String> command = CsvReadMain.command("32m", p);
        Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(1, TimeUnit.MINUTES), out);
        assertEquals(0, proc.exitValue(), String.join(" ", command) + "\n" + out);
        assertTrue(
                out.lines()
                        .toList()
                        .contains("error oneline.csv line 2: the line is longer than 4194304 characters"
                                + " (Options.maxLineLength); a row of dated values is far shorter: is this a CSV file"
                                + " with line breaks? If it is and the line is genuine, read it with a larger"
                                + " withMaxLineLength"),
                out);
    }

    @Test
    void lineLimitCountsCharactersAndLineEndsAsBufferedReader() throws IOException {
        TimeSeriesCsv.Options o = TimeSeriesCsv.Options.defaults().withMaxLineLength(20);
        Path p = dir.resolve("ends.csv");
        // \r\n, \r and \n all end lines; the header is exactly 20 characters
        Files.writeString(p, "date,v,wwwwwwwwwwwww\r\n2020-01-01,1,2\r2020-01-02,3,4\n2020-01-03,5,6");
        TimeSeries s = TimeSeriesCsv.readWide(p, "date", List.of("v"), o);
        assertEquals(3, s.length());
        assertEquals(5f, s.value(0, 2));
        Path q = file("long.csv", "date,v", "2020-01-01,1", "2020-01-02,123456789012");
        assertTrue(error(q, o).startsWith("long.csv line 3: the line is longer than 20 characters"), error(q, o));
        Path h = file("header.csv", "date,vvvvvvvvvvvvvvvvvvvvv", "2020-01-01,1");
        assertTrue(error(h, o).startsWith("header.csv line 1: the line is longer than 20 characters"), error(h, o));
    }

    @Test
    void aFieldLongerThanTheCellLimitNamesItsColumn() throws IOException {
        String longName = "n".repeat(5000);
        assertEquals(
                "cell.csv line 1: field 2 is longer than 4096 characters (Options.maxCellLength), starting '"
                        + "n".repeat(77)
                        + "...'; a date, a number or a name is far shorter: is a quote left open? If the field is"
                        + " genuine, read the file with a larger withMaxCellLength",
                error(file("cell.csv", "date," + longName, "2020-01-01,1")));
        TimeSeriesCsv.Options o = TimeSeriesCsv.Options.defaults().withMaxCellLength(10);
        assertTrue(error(file("data.csv", "date,v", "2020-01-01,\"1, 2, 3, 4, 5\""), o)
                .startsWith("data.csv line 2: field 2 (column 'v') is longer than 10 characters"));
    }

    @Test
    void moreRowsThanTheLimitStopAtTheFirstOneBeyond() throws IOException {
        String[] lines = new String[12];
        lines[0] = "date,v";
        for (int i = 1; i < 12; i++) lines[i] = "2020-01-%02d,%d".formatted(i, i);
        Path p = file("rows.csv", lines);
        TimeSeriesCsv.Options o = TimeSeriesCsv.Options.defaults().withMaxRows(10);
        assertEquals(
                "rows.csv line 12: more than 10 data rows (Options.maxRows); read a smaller file, or raise the limit"
                        + " with withMaxRows if the file is genuine",
                error(p, o));
        assertEquals(
                11,
                TimeSeriesCsv.readWide(p, "date", List.of(), o.withMaxRows(11)).length());
    }

    @Test
    void aGapFilledCalendarBeyondTheValueLimitFailsBeforeAllocating() throws IOException {
        // three rows spanning 9,000 years and 100 columns: 3.3 million dates, 330 million values once the gap is
        // filled (1.3 GB of floats, and the dates themselves), from a file of 600 bytes
        StringBuilder header = new StringBuilder("date");
        for (int i = 0; i < 100; i++) header.append(",v").append(i);
        String ones = ",1".repeat(100);
        Path p = file("gap.csv", header.toString(), "1000-01-01" + ones, "1000-01-02" + ones, "9999-12-31" + ones);
        TimeSeriesCsv.Options o = TimeSeriesCsv.Options.defaults().withInsertMissingDates(true);
        long t0 = System.nanoTime();
        assertEquals(
                "gap.csv would hold 100 series of 3287182 dates once the gaps are filled, 328718200 values, more than"
                        + " the limit of 100000000 (Options.maxValues); read fewer columns or a shorter span, or raise"
                        + " the limit with withMaxValues",
                error(p, o));
        assertTrue((System.nanoTime() - t0) / 1e9 < 2, "fails before filling the gap");
        Path small =
                file("small.csv", header.toString(), "2020-01-01" + ones, "2020-01-02" + ones, "2020-01-10" + ones);
        assertTrue(error(small, o.withMaxValues(999)).startsWith("small.csv would hold 100 series of 10 dates once"));
        assertEquals(
                10,
                TimeSeriesCsv.readWide(small, "date", List.of(), o.withMaxValues(1000))
                        .length());
        assertTrue(error(file("rows.csv", "date,a,b", "2020-01-01,1,2", "2020-01-02,1,2"), o.withMaxValues(3))
                .startsWith("rows.csv would hold 2 series of 2 dates, 4 values, more than the limit of 3"));
    }

    @Test
    void limitsBelowOneAreRefused() {
        TimeSeriesCsv.Options d = TimeSeriesCsv.Options.defaults();
        assertThrows(IllegalArgumentException.class, () -> d.withMaxLineLength(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxCellLength(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxRows(0));
        assertThrows(IllegalArgumentException.class, () -> d.withMaxValues(0));
    }
}
