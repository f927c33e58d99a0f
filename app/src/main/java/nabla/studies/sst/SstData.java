package nabla.studies.sst;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nabla.data.CorruptDataException;
import nabla.data.DatasetCatalog;
import nabla.timeseries.TimeSeries;
import nabla.timeseries.TimeSeriesCsv;

/**
 * The two SST data sets of {@code nabla sst study}, read from the shared data folder and checked against the
 * {@code SHA256SUMS} beside them: the daily NOAA OISST series at four neighbouring pixels
 * ({@code sst-oisst-daily/sst_q.csv}, long layout {@code lon,lat,t,temp}) and the monthly HadISST grid around
 * Iceland ({@code sst-hadisst-iceland-monthly/*_wide.csv}, one column a cell, empty cells land or sea ice).
 *
 * @param daily  the four pixels, one series each, named {@code lon_lat}
 * @param grid   the HadISST cells, one series each, named {@code latY_lonX}
 * @param checks one line per file: its name and whether its SHA-256 matched
 */
public record SstData(TimeSeries daily, TimeSeries grid, List<String> checks) {
    /** The folders of the daily pixels and the monthly grid inside the data folder. */
    public static final String DAILY_DIR = "sst-oisst-daily", GRID_DIR = "sst-hadisst-iceland-monthly";

    static final String DAILY_FILE = "sst_q.csv";

    public static SstData load(Path root) throws IOException {
        List<String> checks = new ArrayList<>();
        Path daily = root.resolve(DAILY_DIR).resolve(DAILY_FILE);
        if (!Files.isRegularFile(daily))
            throw new IllegalArgumentException(daily + " does not exist; point --data at the folder holding "
                    + DAILY_DIR + "/ and " + GRID_DIR + "/ (or set NABLA_SHARED_DATA)");
        checks.add(verify(daily));
        Path grid = wideCsv(root.resolve(GRID_DIR));
        checks.add(verify(grid));
        TimeSeries d = TimeSeriesCsv.readLong(daily, "t", List.of("lon", "lat"), "temp");
        TimeSeries g = TimeSeriesCsv.readWide(grid, "month", List.of());
        return new SstData(d, g, checks);
    }

    private static Path wideCsv(Path dir) throws IOException {
        if (!Files.isDirectory(dir))
            throw new IllegalArgumentException(
                    dir + " does not exist; point --data at the folder holding " + GRID_DIR + "/");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith("_wide.csv"))
                    .sorted()
                    .toList();
            if (found.size() != 1)
                throw new IllegalArgumentException(
                        dir + " should hold exactly one *_wide.csv file, found " + found.size());
            return found.get(0);
        }
    }

    /**
     * Checks {@code file} against the line for it in {@code SHA256SUMS} beside it; a mismatch is an error, a missing
     * list or entry is reported as unchecked.
     */
    static String verify(Path file) throws IOException {
        Path sums = file.resolveSibling("SHA256SUMS");
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(sums)) return "`%s`: not checked (no SHA256SUMS beside it)".formatted(name);
        for (String line : Files.readAllLines(sums)) {
            String[] f = line.strip().split("\\s+\\*?", 2);
            if (f.length == 2 && f[1].equals(name)) {
                String actual = DatasetCatalog.sha256(file);
                if (!actual.equalsIgnoreCase(f[0]))
                    throw new CorruptDataException(
                            file,
                            "SHA-256 is %s, %s lists %s; the file changed, restore it from the shared data"
                                    .formatted(actual, sums, f[0]));
                return "`%s`: SHA-256 %s matches SHA256SUMS".formatted(name, actual);
            }
        }
        return "`%s`: not checked (not listed in %s)".formatted(name, sums);
    }
}
