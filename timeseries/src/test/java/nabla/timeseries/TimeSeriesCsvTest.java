package nabla.timeseries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeSeriesCsvTest {
    @TempDir
    Path dir;

    Path file(String name, String... lines) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    String error(Path p, String date, List<String> values) {
        return assertThrows(CsvFormatException.class, () -> TimeSeriesCsv.readWide(p, date, values))
                .getMessage();
    }

    @Test
    void wideWithMissingValuesKeptExplicit() throws IOException {
        TimeSeries s = TimeSeriesCsv.readWide(
                file(
                        "sst.csv",
                        "\"t\",\"temp\",\"other\"",
                        "2012-03-01,20.5,1",
                        "2012-03-02,,2",
                        "2012-03-03,NA,3",
                        "\"2012-03-04\",21,4"),
                "t",
                List.of("temp"));
        assertEquals(Frequency.DAILY, s.frequency());
        assertEquals(4, s.length());
        assertEquals(2, s.missingCount());
        assertEquals(List.of("temp"), s.names());
        assertEquals(21f, s.value(0, 3));
        assertEquals(
                2,
                TimeSeriesCsv.readWide(dir.resolve("sst.csv"), "t", List.of()).seriesCount()); // all value columns
    }

    @Test
    void monthlyGridWithLandCellsAndRowsInAnyOrder() throws IOException {
        TimeSeries s = TimeSeriesCsv.readWide(
                file(
                        "grid.csv",
                        "\"month\",\"lat71.5_lon-33.5\",\"lat71.5_lon-32.5\"",
                        "\"1955-02\",,-1.5",
                        "\"1955-01\",,-1.79999",
                        "\"1955-03\",,-1.2"),
                "month",
                List.of());
        assertEquals(Frequency.MONTHLY, s.frequency());
        assertEquals(LocalDate.of(1955, 1, 1), s.date(0));
        assertEquals(3, s.missingCount(0)); // land
        assertEquals(-1.79999f, s.value(1, 0));
    }

    @Test
    void longLayoutOneSeriesPerKey() throws IOException {
        TimeSeries s = TimeSeriesCsv.readLong(
                file(
                        "q.csv",
                        "lon,lat,t,temp",
                        "112.625,-29.375,1982-01-01,20.9",
                        "112.625,-29.375,1982-01-02,21.2",
                        "112.875,-29.375,1982-01-01,20.5",
                        "112.875,-29.375,1982-01-02,20.7"),
                "t",
                List.of("lon", "lat"),
                "temp");
        assertEquals(List.of("112.625_-29.375", "112.875_-29.375"), s.names());
        assertEquals(20.7f, s.value(1, 1));
        TimeSeries stocks = TimeSeriesCsv.readLong(
                file(
                        "stocks.csv",
                        "symbol,date,price",
                        "MSFT,Jan 1 2000,39.81",
                        "MSFT,Feb 1 2000,36.35",
                        "MSFT,Mar 1 2000,43.22",
                        "GOOG,Feb 1 2000,100"),
                "date",
                List.of("symbol"),
                "price");
        assertEquals(Frequency.MONTHLY, stocks.frequency());
        assertEquals(2, stocks.select(List.of("GOOG")).missingCount());
        assertEquals(1, stocks.select(List.of("GOOG")).trimMissing().length());
    }

    @Test
    void duplicateDateNamesBothLines() throws IOException {
        Path p = file("sst.csv", "t,temp", "2012-03-03,1", "2012-03-04,2", "2012-03-04,3");
        assertEquals(
                "sst.csv line 4: duplicate date 2012-03-04 (first seen on line 3); remove one of the rows or aggregate them",
                error(p, "t", List.of("temp")));
        Path q = file("q.csv", "k,t,v", "a,2012-03-03,1", "a,2012-03-03,2");
        String m = assertThrows(CsvFormatException.class, () -> TimeSeriesCsv.readLong(q, "t", List.of("k"), "v"))
                .getMessage();
        assertTrue(m.startsWith("q.csv line 3: duplicate date 2012-03-03 for a (first seen on line 2)"), m);
    }

    @Test
    void gapInDatesIsAnErrorUnlessInserted() throws IOException {
        Path p = file("sst.csv", "t,temp", "2012-03-01,1", "2012-03-02,2", "2012-03-05,3");
        String m = error(p, "t", List.of("temp"));
        assertTrue(
                m.startsWith(
                        "sst.csv line 4: gap in dates: 2012-03-05 follows 2012-03-02 (line 3), 2 daily dates missing; add rows"),
                m);
        TimeSeries s = TimeSeriesCsv.readWide(
                p, "t", List.of("temp"), TimeSeriesCsv.Options.defaults().withInsertMissingDates(true));
        assertEquals(5, s.length());
        assertEquals(2, s.missingCount());
        assertEquals(2 + 2f / 3, s.fillGaps(GapFill.LINEAR).value(0, 3), 1e-5f);
    }

    @Test
    void nonNumericCellNamesLineAndColumn() throws IOException {
        Path p = file("sst.csv", "t,temp", "2012-03-01,1", "2012-03-02,warm");
        assertEquals(
                "sst.csv line 3: column 'temp': 'warm' is not a number; fix the cell, or leave it empty to mark the value missing",
                error(p, "t", List.of("temp")));
    }

    @Test
    void unknownColumnListsTheColumns() throws IOException {
        Path p = file("sst.csv", "t,temp", "2012-03-01,1", "2012-03-02,2");
        assertEquals(
                "sst.csv line 1: no value column 'tmp'; the columns are t, temp; pass one of those names",
                error(p, "t", List.of("tmp")));
        assertTrue(error(p, "T", List.of("temp"))
                .contains("no date column 'T', but there is 't'; column names are case-sensitive"));
    }

    @Test
    void tooShortSeries() throws IOException {
        Path p = file("sst.csv", "t,temp", "2012-03-01,1");
        assertTrue(error(p, "t", List.of("temp"))
                .startsWith("sst.csv: only 1 dated row (2012-03-01..2012-03-01); at least 2 are needed"));
        Path q = file("q.csv", "t,temp", "2012-03-01,1", "2012-03-02,1", "2012-03-03,1");
        String m = assertThrows(
                        CsvFormatException.class,
                        () -> TimeSeriesCsv.readWide(
                                q,
                                "t",
                                List.of("temp"),
                                TimeSeriesCsv.Options.defaults().withMinLength(10)))
                .getMessage();
        assertTrue(m.startsWith("q.csv: only 3 dated rows (2012-03-01..2012-03-03); at least 10 are needed"), m);
    }

    @Test
    void badDatesFieldCountsAndIrregularSteps() throws IOException {
        assertTrue(error(file("a.csv", "t,v", "2012-03-01,1", "03/04/2012,2"), "t", List.of("v"))
                .startsWith("a.csv line 3: column 't': cannot read '03/04/2012' as a date; write dates as 2012-03-04"));
        assertTrue(error(file("b.csv", "t,v", "2012-03-01,1", "2012-03-02,2,3"), "t", List.of("v"))
                .startsWith("b.csv line 3: 3 fields, but the header has 2"));
        assertTrue(error(file("c.csv", "t,v", "2012-03-01,1", "2012-03-04,2", "2012-03-07,3"), "t", List.of("v"))
                .startsWith("c.csv line 3: cannot tell the series' step"));
        assertTrue(error(file("d.csv", "t,v", "2012-03-05,1", "2012-03-12,2", "2012-03-20,3"), "t", List.of("v"))
                .contains("is not on the weekly calendar"));
        assertTrue(error(file("e.csv", "t,v", "2012-03-01 12:00,1"), "t", List.of("v"))
                .contains("has a time of day"));
        assertTrue(error(file("f.csv"), "t", List.of("v")).startsWith("f.csv is empty; expected a header line"));
    }

    @Test
    void emptyFilesFilesWithoutRowsAndFoldersSaySo() throws IOException {
        Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
        assertEquals(
                "empty.csv is empty; expected a header line naming the columns, e.g. date,value, then one row per date",
                error(empty, "t", List.of("v")));
        assertEquals(
                "h.csv has a header but no data rows; add one row per date below the header",
                error(file("h.csv", "t,v"), "t", List.of("v")));
        assertTrue(error(file("b.csv", "", "t,v", "2012-03-01,1"), "t", List.of("v"))
                .startsWith("b.csv line 1: the line is blank; the first line must be the header"));
        Path folder = Files.createDirectories(dir.resolve("folder.csv"));
        assertEquals(
                "folder.csv is a folder, not a CSV file; give the CSV file inside it",
                error(folder, "t", List.of("v")));
    }

    @Test
    void latin1AndBinaryFilesAreNamedNotDecodedHalfway() throws IOException {
        // valid UTF-8 up to line 4 (past the reader's first buffer), then a Latin-1 'é' (0xE9) on line 5
        StringBuilder head = new StringBuilder("t,v,note\n");
        for (int i = 1; i <= 3; i++)
            head.append("2012-03-0")
                    .append(i)
                    .append(",1,")
                    .append("x".repeat(5000))
                    .append('\n');
        byte[] tail = "2012-03-04,2,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, head.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(latin, tail, StandardOpenOption.APPEND);
        assertEquals(
                "latin.csv is not UTF-8 text (line 5, byte 0xE9); convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 latin.csv > utf8.csv if it is Latin-1",
                error(latin, "t", List.of("v")));
        assertTrue(assertThrows(CsvFormatException.class, () -> TimeSeriesCsv.readLong(latin, "t", List.of(), "v"))
                .getMessage()
                .startsWith("latin.csv is not UTF-8 text (line 5"));

        Path binary = Files.write(dir.resolve("data.csv"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        assertEquals(
                "data.csv looks binary (a zero byte at offset 5), not like CSV text; give a CSV file (unpack it first if it is an archive)",
                error(binary, "t", List.of("v")));
        Path utf16 = Files.write(dir.resolve("w.csv"), "t,v\n".getBytes(StandardCharsets.UTF_16));
        assertTrue(error(utf16, "t", List.of("v")).startsWith("w.csv is UTF-16 text; save it as UTF-8"));
    }

    @Test
    void hugeCellsAndNamesAreQuotedAtMost80Characters() throws IOException {
        String cell = "9".repeat(40) + "x" + "9".repeat(4_000); // under Options.maxCellLength
        Path p = file("big.csv", "t,v", "2012-03-01,1", "2012-03-02," + cell);
        String m = error(p, "t", List.of("v"));
        assertEquals(
                "big.csv line 3: column 'v': '" + cell.substring(0, 77)
                        + "...' is not a number; fix the cell, or leave it empty to mark the value missing",
                m);
        String date = "2012-" + "0".repeat(1000);
        assertTrue(error(file("d.csv", "t,v", date + ",1"), "t", List.of("v")).length() < 300);
        String wanted = "w".repeat(500), header = "h".repeat(500);
        String cols = error(file("c.csv", "t," + header, "2012-03-01,1"), "t", List.of(wanted));
        assertTrue(
                cols.length() < 300
                        && cols.contains("'" + "w".repeat(77) + "...'")
                        && cols.contains("h".repeat(77) + "..."),
                cols);
    }
}
