package nabla.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nabla.timeseries.CsvFormatException;
import nabla.timeseries.TimeSeriesCsv;

/**
 * {@link TimeSeriesCsv}: the input is a CSV file, read wide (with and without inserting missing dates) and, with three
 * or more columns, long (the first column the dates, the second the key, the last the values). Each read either
 * succeeds or is refused with a {@link CsvFormatException} naming the file; the wide reader's documented
 * IllegalArgumentException for a repeated series name is accepted too.
 */
class TimeSeriesCsvFuzzTest {
    private static final String NAME = "fuzz.csv";

    /**
     * The row limit of the gap-filling read: a few bytes can name dates thousands of years apart, and filling millions
     * of dates is bounded (by the default limit, tested in TimeSeriesCsvBoundsTest) but slow under instrumentation;
     * a small limit keeps the fuzzer on the reader's logic, the limit check included.
     */
    private static final int FUZZ_MAX_ROWS = 100_000;

    @FuzzTest(maxDuration = "10m")
    void read(byte[] data) throws Exception {
        Watchdog.run("TimeSeriesCsvFuzzTest", data, () -> check(data));
    }

    private static void check(byte[] data) {
        Path file = Scratch.write(NAME, data);
        List<String> h = header(data);
        if (h.isEmpty()) return;
        String date = h.getFirst();
        check(() -> TimeSeriesCsv.readWide(file, date, List.of()), true);
        check(
                () -> TimeSeriesCsv.readWide(
                        file,
                        date,
                        List.of(),
                        TimeSeriesCsv.Options.defaults()
                                .withInsertMissingDates(true)
                                .withMinLength(1)
                                .withMaxRows(FUZZ_MAX_ROWS)),
                true);
        if (h.size() >= 3) check(() -> TimeSeriesCsv.readLong(file, date, List.of(h.get(1)), h.getLast()), false);
    }

    private interface Read {
        Object run() throws IOException;
    }

    private static void check(Read read, boolean wideWithAllColumns) {
        try {
            read.run();
        } catch (CsvFormatException e) {
            if (!e.file().equals(NAME)) throw new AssertionError("the error names " + e.file() + ", not " + NAME, e);
        } catch (IllegalArgumentException e) {
            // documented for readWide with all columns: two series would have the same name
            if (!wideWithAllColumns || e.getMessage() == null || !e.getMessage().contains("names must be unique"))
                throw e;
        } catch (IOException e) {
            throw new AssertionError(
                    "TimeSeriesCsv threw a bare " + e.getClass().getName() + ", not a CsvFormatException", e);
        }
    }

    /** The header's column names, split naively (commas, quotes dropped); the reader does its own splitting. */
    private static List<String> header(byte[] data) {
        int end = 0;
        while (end < data.length && data[end] != '\n') end++;
        String line = new String(data, 0, end, StandardCharsets.UTF_8);
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        List<String> out = new ArrayList<>();
        for (String f : line.split(",", -1))
            out.add(f.replace("\"", "").replace("\r", "").strip());
        return out;
    }
}
