package nabla.timeseries;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads dated series from CSV files with a header line, in two layouts:
 *
 * <ul>
 *   <li><b>wide</b> ({@link #readWide}): one row a date, one column a series, e.g. {@code t,temp} or the HadISST
 *       grid {@code month,lat71.5_lon-33.5,...};</li>
 *   <li><b>long</b> ({@link #readLong}): one row a (key, date, value), e.g. {@code lon,lat,t,temp}; each distinct key
 *       (the key columns' values joined with '_', e.g. {@code 112.625_-29.375}) is one series, in order of first
 *       appearance. Series may cover different spans; where one has no row its value is missing.</li>
 * </ul>
 *
 * <p>Rows may come in any date order; they are sorted. Dates: {@code 2012-03-04}, {@code 2012/03/04},
 * {@code 2012-03} or {@code 2012/03} (monthly, dated on the 1st), {@code Jan 1 2000} or {@code 1 Jan 2000}. The
 * frequency (daily, weekly or monthly) follows from the smallest step between dates. A missing value is an empty
 * field or {@code NA}, {@code NaN}, {@code null} (any case); it is read as NaN and counted, never silently filled:
 * call {@link TimeSeries#fillGaps} to choose how. A missing <em>date</em> (a gap in the calendar) is an error unless
 * {@link Options#withInsertMissingDates} is set, which inserts the date with all values missing.
 *
 * <p>Values are read as 32-bit floats. A value of magnitude {@link #MAX_MAGNITUDE} (2^64, about 1.8e19) or more
 * is an error, whose message names the file, line, column and value: beyond float32's range (about 3.4e38) it
 * cannot be stored at all, and from 2^64 its square overflows float32, so a squared-error loss or a variance of the
 * series is infinite (a value of 3e38 trains to nothing useful); rescale such a column, e.g. write it in millions.
 *
 * <p>Every problem is a {@link CsvFormatException} naming the file, the line and the column, and what to do:
 * a folder, an empty file, a binary or UTF-16 file, bytes that are not UTF-8 (the first such line), a header without
 * rows, unknown column names, wrong field counts, unreadable dates, non-numeric cells, values too large for float32,
 * duplicate dates, gaps, dates off the series' calendar, series shorter than {@link Options#minLength()}, and lines,
 * fields, rows or results beyond the {@linkplain Options limits} (a line is never held beyond its limit: a
 * 2 GB file without line breaks fails after its first 4 million characters). A cell or name quoted in a message is
 * cut to 80 characters.
 */
public final class TimeSeriesCsv {
    /**
     * Reading options: whether gaps in the dates become missing values, the fewest dates accepted, and the limits
     * that keep a hostile or mistaken file (a binary, a file without line breaks, a huge gap) from exhausting
     * memory. The limits are checked while reading, before anything of their size is held or allocated.
     *
     * @param insertMissingDates whether a gap in the dates is filled with the missing dates, all their values missing
     *     (NaN), instead of being an error
     * @param minLength the fewest distinct dates a file must have, at least 1 (fewer than 2 are never accepted)
     * @param maxLineLength the most characters of one line, at least 1 (default 4,194,304: a wide file of a global
     *     1° grid, 64,800 columns, has a header of about 1.3 million); a longer line is an error as soon as that many
     *     characters are read
     * @param maxCellLength the most characters of one field, at least 1 (default 4,096; dates, numbers and names are
     *     far shorter)
     * @param maxRows the most data rows, and the most dates of the result once gaps are filled, at least 1 (default
     *     10,000,000: a daily series over the whole range of 4-digit years has 3.65 million; each row costs about
     *     100 bytes of memory while the file is read, each date about 30 bytes in the result); checked before the
     *     dates of a gap are inserted
     * @param maxValues the most values of the result, series times dates (gap-filled dates included), at least 1
     *     (default 100,000,000, 400 MB of floats), checked before the dates of a gap are inserted and before the
     *     values are allocated
     */
    public record Options(
            boolean insertMissingDates,
            int minLength,
            int maxLineLength,
            int maxCellLength,
            int maxRows,
            long maxValues) {
        /**
         * Checks the options.
         *
         * @param insertMissingDates whether gaps in the dates are filled instead of refused
         * @param minLength the fewest distinct dates a file must have
         * @param maxLineLength the most characters of one line
         * @param maxCellLength the most characters of one field
         * @param maxRows the most data rows
         * @param maxValues the most values, series times dates
         * @throws IllegalArgumentException if {@code minLength} or a limit is below 1
         */
        public Options {
            if (minLength < 1)
                throw new IllegalArgumentException("TimeSeriesCsv.Options: minLength must be >= 1, got " + minLength);
            if (maxLineLength < 1 || maxCellLength < 1 || maxRows < 1 || maxValues < 1)
                throw new IllegalArgumentException(
                        "TimeSeriesCsv.Options: the limits must be >= 1, got maxLineLength=%d, maxCellLength=%d, maxRows=%d, maxValues=%d"
                                .formatted(maxLineLength, maxCellLength, maxRows, maxValues));
        }

        /** {@return the defaults: gaps in dates are errors; at least 2 dates; the limits given on the components} */
        public static Options defaults() {
            return new Options(false, 2, 1 << 22, 4096, 10_000_000, 100_000_000L);
        }

        /**
         * These options with gaps in the dates filled, or refused.
         *
         * @param insert true to insert each missing date with all values missing (NaN), false to make a gap an error
         * @return the changed copy
         */
        public Options withInsertMissingDates(boolean insert) {
            return new Options(insert, minLength, maxLineLength, maxCellLength, maxRows, maxValues);
        }

        /**
         * These options with another fewest number of dates.
         *
         * @param n the fewest distinct dates a file must have, at least 1 (below 2 acts as 2)
         * @return the changed copy
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Options withMinLength(int n) {
            return new Options(insertMissingDates, n, maxLineLength, maxCellLength, maxRows, maxValues);
        }

        /**
         * These options with another limit on the characters of a line.
         *
         * @param n the most characters of one line, at least 1
         * @return the changed copy
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Options withMaxLineLength(int n) {
            return new Options(insertMissingDates, minLength, n, maxCellLength, maxRows, maxValues);
        }

        /**
         * These options with another limit on the characters of a field.
         *
         * @param n the most characters of one field, at least 1
         * @return the changed copy
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Options withMaxCellLength(int n) {
            return new Options(insertMissingDates, minLength, maxLineLength, n, maxRows, maxValues);
        }

        /**
         * These options with another limit on the data rows.
         *
         * @param n the most data rows, at least 1
         * @return the changed copy
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Options withMaxRows(int n) {
            return new Options(insertMissingDates, minLength, maxLineLength, maxCellLength, n, maxValues);
        }

        /**
         * These options with another limit on the values of the result.
         *
         * @param n the most values, series times dates, at least 1
         * @return the changed copy
         * @throws IllegalArgumentException if {@code n} is below 1
         */
        public Options withMaxValues(long n) {
            return new Options(insertMissingDates, minLength, maxLineLength, maxCellLength, maxRows, n);
        }
    }

    /**
     * The largest magnitude a value may have: 2^64, about 1.8e19, the square root of float32's largest value (about
     * 3.4e38), so that the square of every value, as a squared-error loss or a variance computes it, is finite.
     */
    public static final float MAX_MAGNITUDE = 0x1p64f;

    private static final DateTimeFormatter MONTH_DAY_YEAR = DateTimeFormatter.ofPattern("MMM d yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private TimeSeriesCsv() {}

    /**
     * {@link #readWide(Path, String, List, Options)} with {@link Options#defaults() default options}.
     *
     * @param file the CSV file
     * @param dateColumn the name of the column of dates
     * @param valueColumns the names of the series' columns, in series order; empty for all columns but the dates
     * @return the series, named after their columns, with the file's name as source
     * @throws CsvFormatException if the file is not a CSV of dated values as the class comment describes (the message
     *     names the file, the line and the column)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if two series would have the same name (a column repeated in
     *     {@code valueColumns}, or in the header when the list is empty)
     */
    public static TimeSeries readWide(Path file, String dateColumn, List<String> valueColumns) throws IOException {
        return readWide(file, dateColumn, valueColumns, Options.defaults());
    }

    /**
     * Reads a wide CSV: {@code dateColumn} holds the dates, each of {@code valueColumns} one series (all other
     * columns when the list is empty). Column names are matched exactly, case included.
     *
     * @param file the CSV file
     * @param dateColumn the name of the column of dates
     * @param valueColumns the names of the series' columns, in series order; empty for all columns but the dates
     * @param options how to treat gaps in the dates, and the fewest dates accepted
     * @return the series, named after their columns, with the file's name as source
     * @throws CsvFormatException if the file is not a CSV of dated values as the class comment describes (the message
     *     names the file, the line and the column)
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if two series would have the same name (a column repeated in
     *     {@code valueColumns}, or in the header when the list is empty)
     */
    public static TimeSeries readWide(Path file, String dateColumn, List<String> valueColumns, Options options)
            throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader reader = open(file, name)) {
            Lines in = new Lines(reader, name, options);
            String[] header = header(in, name);
            int dateCol = column(header, dateColumn, name, "date");
            List<String> cols = valueColumns.isEmpty() ? without(header, dateCol) : valueColumns;
            int[] idx = new int[cols.size()];
            for (int i = 0; i < idx.length; i++) idx[i] = column(header, cols.get(i), name, "value");
            TreeMap<LocalDate, Row> rows = new TreeMap<>();
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) continue;
                int ln = in.row();
                String[] f = fields(line, header, name, ln, options);
                LocalDate d = date(f[dateCol], name, ln, header[dateCol]);
                float[] v = new float[idx.length];
                for (int i = 0; i < idx.length; i++) v[i] = number(f[idx[i]], name, ln, header[idx[i]]);
                Row prev = rows.putIfAbsent(d, new Row(ln, v));
                if (prev != null) throw duplicate(name, ln, d, prev.line, "");
            }
            Map<LocalDate, Integer> lines = new HashMap<>();
            rows.forEach((d, r) -> lines.put(d, r.line));
            Calendar cal = calendar(rows.keySet().toArray(LocalDate[]::new), lines, name, options, idx.length);
            float[][] values = new float[idx.length][cal.dates.size()];
            for (float[] s : values) Arrays.fill(s, Float.NaN);
            rows.forEach((d, r) -> {
                int t = cal.index(d);
                for (int s = 0; s < idx.length; s++) values[s][t] = r.values[s];
            });
            return new TimeSeries(name, cal.dates, cols, values, cal.frequency);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, name);
        }
    }

    /**
     * {@link #readLong(Path, String, List, String, Options)} with {@link Options#defaults() default options}.
     *
     * @param file the CSV file
     * @param dateColumn the name of the column of dates
     * @param keyColumns the names of the columns whose values, joined with '_', name a row's series; empty for one
     *     series named after {@code valueColumn}
     * @param valueColumn the name of the column of values
     * @return the series, in order of first appearance, with the file's name as source
     * @throws CsvFormatException if the file is not a CSV of dated values as the class comment describes (the message
     *     names the file, the line and the column)
     * @throws IOException if the file cannot be read
     */
    public static TimeSeries readLong(Path file, String dateColumn, List<String> keyColumns, String valueColumn)
            throws IOException {
        return readLong(file, dateColumn, keyColumns, valueColumn, Options.defaults());
    }

    /**
     * Reads a long CSV: one series per distinct value of {@code keyColumns}, dated by {@code dateColumn}. The dates
     * are those of all rows together; a series has NaN on the dates it has no row for.
     *
     * @param file the CSV file
     * @param dateColumn the name of the column of dates
     * @param keyColumns the names of the columns whose values, joined with '_', name a row's series; empty for one
     *     series named after {@code valueColumn}
     * @param valueColumn the name of the column of values
     * @param options how to treat gaps in the dates, and the fewest dates accepted
     * @return the series, in order of first appearance, with the file's name as source
     * @throws CsvFormatException if the file is not a CSV of dated values as the class comment describes (the message
     *     names the file, the line and the column)
     * @throws IOException if the file cannot be read
     */
    public static TimeSeries readLong(
            Path file, String dateColumn, List<String> keyColumns, String valueColumn, Options options)
            throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader reader = open(file, name)) {
            Lines in = new Lines(reader, name, options);
            String[] header = header(in, name);
            int dateCol = column(header, dateColumn, name, "date");
            int valueCol = column(header, valueColumn, name, "value");
            int[] keys = new int[keyColumns.size()];
            for (int i = 0; i < keys.length; i++) keys[i] = column(header, keyColumns.get(i), name, "key");
            Map<String, Map<LocalDate, Row>> series = new LinkedHashMap<>();
            Map<LocalDate, Integer> lines = new HashMap<>();
            String line;
            while ((line = in.next()) != null) {
                if (line.isBlank()) continue;
                int ln = in.row();
                String[] f = fields(line, header, name, ln, options);
                StringBuilder key = new StringBuilder();
                for (int k : keys) key.append(key.isEmpty() ? "" : "_").append(f[k].strip());
                String seriesName = keys.length == 0 ? header[valueCol] : key.toString();
                LocalDate d = date(f[dateCol], name, ln, header[dateCol]);
                float v = number(f[valueCol], name, ln, header[valueCol]);
                Row prev = series.computeIfAbsent(seriesName, s -> new HashMap<>())
                        .putIfAbsent(d, new Row(ln, new float[] {v}));
                if (prev != null) throw duplicate(name, ln, d, prev.line, keys.length == 0 ? "" : " for " + seriesName);
                lines.putIfAbsent(d, ln);
            }
            LocalDate[] all = lines.keySet().toArray(LocalDate[]::new);
            Arrays.sort(all);
            Calendar cal = calendar(all, lines, name, options, series.size());
            List<String> names = new ArrayList<>(series.keySet());
            float[][] values = new float[names.size()][cal.dates.size()];
            for (int s = 0; s < values.length; s++) {
                Arrays.fill(values[s], Float.NaN);
                float[] dst = values[s];
                series.get(names.get(s)).forEach((d, r) -> dst[cal.index(d)] = r.values[0]);
            }
            return new TimeSeries(name, cal.dates, names, values, cal.frequency);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, name);
        }
    }

    private record Row(int line, float[] values) {}

    /**
     * The lines of a file, each at most {@link Options#maxLineLength()} characters: a longer one is an error once
     * that many characters are read, so that no more is ever held. A line ends at '\n', "\r\n" or '\r', as
     * {@link BufferedReader#readLine()}. Counts the data rows (non-blank lines after the header) against
     * {@link Options#maxRows()}.
     */
    private static final class Lines {
        private final BufferedReader in;
        private final String file;
        private final int maxLine, maxRows;
        /** The most characters of one field. */
        final int cellLimit;

        private final char[] buf = new char[1 << 14];
        private final StringBuilder line = new StringBuilder();
        private int pos, end, number, rows;
        private boolean skipLf;

        Lines(BufferedReader in, String file, Options o) {
            this.in = in;
            this.file = file;
            this.maxLine = o.maxLineLength();
            this.maxRows = o.maxRows();
            this.cellLimit = o.maxCellLength();
        }

        /** The next line without its terminator, or null at the end of the file. */
        String next() throws IOException {
            line.setLength(0);
            boolean any = false;
            while (true) {
                if (pos == end) {
                    int r = in.read(buf, 0, buf.length);
                    if (r <= 0) return any ? counted() : null;
                    pos = 0;
                    end = r;
                }
                if (skipLf) {
                    skipLf = false;
                    if (buf[pos] == '\n') {
                        pos++;
                        continue;
                    }
                }
                any = true;
                int start = pos;
                while (pos < end && buf[pos] != '\n' && buf[pos] != '\r') pos++;
                if (line.length() + (pos - start) > maxLine)
                    throw new CsvFormatException(
                            file,
                            number + 1,
                            "the line is longer than %d characters (Options.maxLineLength); a row of dated values is far shorter: is this a CSV file with line breaks? If it is and the line is genuine, read it with a larger withMaxLineLength"
                                    .formatted(maxLine));
                line.append(buf, start, pos - start);
                if (pos < end) {
                    skipLf = buf[pos++] == '\r';
                    return counted();
                }
            }
        }

        private String counted() throws CsvFormatException {
            number++;
            String s = line.toString();
            if (number > 1 && !s.isBlank() && ++rows > maxRows)
                throw new CsvFormatException(
                        file,
                        number,
                        "more than %d data rows (Options.maxRows); read a smaller file, or raise the limit with withMaxRows if the file is genuine"
                                .formatted(maxRows));
            return s;
        }

        /** The 1-based number of the line {@link #next()} returned last. */
        int row() {
            return number;
        }
    }

    /** Opens {@code file} as UTF-8 text after a look at its first bytes: a folder, UTF-16 or a binary file is refused. */
    private static BufferedReader open(Path file, String name) throws IOException {
        if (Files.isDirectory(file))
            throw CsvFormatException.whole(
                    name, "%s is a folder, not a CSV file; give the CSV file inside it".formatted(name));
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (head.length >= 2
                && (head[0] == (byte) 0xFE && head[1] == (byte) 0xFF
                        || head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))
            throw CsvFormatException.whole(
                    name,
                    "%s is UTF-16 text; save it as UTF-8 (e.g. iconv -f utf-16 -t utf-8 %s > utf8.csv)"
                            .formatted(name, clip(name)));
        for (int i = 0; i < head.length; i++)
            if (head[i] == 0)
                throw CsvFormatException.whole(
                        name,
                        "%s looks binary (a zero byte at offset %d), not like CSV text; give a CSV file (unpack it first if it is an archive)"
                                .formatted(name, i));
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private static final int SNIFF_BYTES = 8192;

    /** The error for a file whose bytes are not UTF-8, naming the first line that is not. */
    private static CsvFormatException notUtf8(Path file, String name) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16); // UTF-8 never decodes to more chars than bytes
        int line = 1;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                boolean end = n < 0;
                if (n > 0) bytes.position(bytes.position() + n);
                bytes.flip();
                int from = bytes.position();
                CoderResult r = decoder.decode(bytes, chars, end);
                for (int i = from; i < bytes.position(); i++) if (bytes.get(i) == '\n') line++;
                if (r.isError()) {
                    int bad = bytes.get(bytes.position()) & 0xFF;
                    return CsvFormatException.whole(
                            name,
                            "%s is not UTF-8 text (line %d, byte 0x%02X); convert it to UTF-8, e.g. iconv -f latin1 -t utf-8 %s > utf8.csv if it is Latin-1"
                                    .formatted(name, line, bad, clip(name)));
                }
                chars.clear();
                bytes.compact();
                if (end) break;
            }
        }
        return CsvFormatException.whole(name, "%s is not UTF-8 text; convert it to UTF-8".formatted(name));
    }

    /** {@code s} as it appears in a message: at most {@value #QUOTE_LIMIT} characters, cut with "..." when longer. */
    static String clip(String s) {
        return s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT - 3) + "...";
    }

    private static final int QUOTE_LIMIT = 80;

    /** The gap-free dates from the first on, each {@code frequency} step after the last. */
    private record Calendar(List<LocalDate> dates, Frequency frequency) {
        /** The position of {@code d}, one of the dates, by arithmetic (no index map: a gap-filled span may be long). */
        int index(LocalDate d) {
            return (int) frequency.steps(dates.getFirst(), d);
        }
    }

    /** Infers the frequency from the sorted unique dates, checks for gaps and off-grid dates, and indexes the calendar. */
    private static Calendar calendar(LocalDate[] d, Map<LocalDate, Integer> lines, String file, Options o, int series)
            throws CsvFormatException {
        if (d.length == 0)
            throw CsvFormatException.whole(
                    file, file + " has a header but no data rows; add one row per date below the header");
        if (d.length < Math.max(2, o.minLength()))
            throw new CsvFormatException(
                    file,
                    0,
                    "only %d dated row%s%s; at least %d are needed; use a longer series (or a smaller window and horizon)"
                            .formatted(
                                    d.length,
                                    d.length == 1 ? "" : "s",
                                    d.length > 0 ? " (" + d[0] + ".." + d[d.length - 1] + ")" : "",
                                    Math.max(2, o.minLength())));
        long minStep = Long.MAX_VALUE;
        int at = 1;
        for (int i = 1; i < d.length; i++) {
            long step = d[i].toEpochDay() - d[i - 1].toEpochDay();
            if (step < minStep) {
                minStep = step;
                at = i;
            }
        }
        Frequency f;
        if (minStep == 1) f = Frequency.DAILY;
        else if (minStep == 7) f = Frequency.WEEKLY;
        else if (minStep >= 28
                && minStep <= 31
                && d[at].getDayOfMonth() == d[at - 1].getDayOfMonth()
                && d[at].getDayOfMonth() <= 28) f = Frequency.MONTHLY;
        else
            throw new CsvFormatException(
                    file,
                    lines.get(d[at]),
                    "cannot tell the series' step: the closest dates are %s and %s (%d days apart); expected daily, weekly or monthly dates (monthly on the same day, at most the 28th, e.g. 2012-03 or 2012-03-01)"
                            .formatted(d[at - 1], d[at], minStep));
        List<LocalDate> dates = new ArrayList<>(d.length);
        dates.add(d[0]);
        for (int i = 1; i < d.length; i++) {
            LocalDate prev = d[i - 1], expected = f.next(prev);
            if (!d[i].equals(expected)) {
                boolean onGrid = switch (f) {
                    case DAILY -> true;
                    case WEEKLY -> (d[i].toEpochDay() - prev.toEpochDay()) % 7 == 0;
                    case MONTHLY -> d[i].getDayOfMonth() == prev.getDayOfMonth();
                };
                if (!onGrid)
                    throw new CsvFormatException(
                            file,
                            lines.get(d[i]),
                            "date %s is not on the %s calendar of the earlier dates (%s plus whole %s); fix the date or resample the file to one row per %s"
                                    .formatted(
                                            d[i],
                                            f.label(),
                                            prev,
                                            f == Frequency.WEEKLY ? "weeks" : "months",
                                            f == Frequency.WEEKLY ? "week" : "month"));
                long missing = f.steps(prev, d[i]) - 1;
                if (!o.insertMissingDates())
                    throw new CsvFormatException(
                            file,
                            lines.get(d[i]),
                            "gap in dates: %s follows %s (line %d), %d %s date%s missing; add rows for the missing dates with empty values (then choose how to fill them with fillGaps), or read with insertMissingDates"
                                    .formatted(
                                            d[i], prev, lines.get(prev), missing, f.label(), missing == 1 ? "" : "s"));
                // the dates before d[i], the missing ones and those from d[i] on: checked before any is inserted
                checkDates(file, o, dates.size() + missing + (d.length - i));
                checkValues(file, o, series, dates.size() + missing + (d.length - i), " once the gaps are filled");
                for (LocalDate x = expected; x.isBefore(d[i]); x = f.next(x)) dates.add(x);
            }
            dates.add(d[i]);
        }
        checkValues(file, o, series, dates.size(), "");
        return new Calendar(dates, f);
    }

    /** The error when {@code series} series of {@code dates} dates are more values than the options allow. */
    private static void checkDates(String file, Options o, long dates) throws CsvFormatException {
        if (dates > o.maxRows())
            throw CsvFormatException.whole(
                    file,
                    "%s would hold %d dates once the gaps are filled, more than the limit of %d (Options.maxRows); read a shorter span, or raise the limit with withMaxRows if the file is genuine"
                            .formatted(file, dates, o.maxRows()));
    }

    private static void checkValues(String file, Options o, int series, long dates, String when)
            throws CsvFormatException {
        if ((double) series * dates > o.maxValues())
            throw CsvFormatException.whole(
                    file,
                    "%s would hold %d series of %d dates%s, %.0f values, more than the limit of %d (Options.maxValues); read fewer columns or a shorter span, or raise the limit with withMaxValues"
                            .formatted(file, series, dates, when, (double) series * dates, o.maxValues()));
    }

    private static CsvFormatException duplicate(String file, int line, LocalDate d, int first, String forKey) {
        return new CsvFormatException(
                file,
                line,
                "duplicate date %s%s (first seen on line %d); remove one of the rows or aggregate them"
                        .formatted(d, forKey, first));
    }

    private static String[] header(Lines in, String file) throws IOException {
        String line = in.next();
        if (line != null && line.isBlank()) {
            String next;
            do next = in.next();
            while (next != null && next.isBlank());
            if (next != null)
                throw new CsvFormatException(
                        file,
                        1,
                        "the line is blank; the first line must be the header naming the columns, e.g. date,value");
            line = null;
        }
        if (line == null)
            throw CsvFormatException.whole(
                    file,
                    file
                            + " is empty; expected a header line naming the columns, e.g. date,value, then one row per date");
        if (line.startsWith("\uFEFF")) line = line.substring(1);
        String[] h = split(line, file, 1, in.cellLimit, null);
        for (int i = 0; i < h.length; i++) h[i] = h[i].strip();
        return h;
    }

    private static int column(String[] header, String wanted, String file, String role) throws CsvFormatException {
        for (int i = 0; i < header.length; i++) if (header[i].equals(wanted)) return i;
        for (int i = 0; i < header.length; i++)
            if (header[i].equalsIgnoreCase(wanted))
                throw new CsvFormatException(
                        file,
                        1,
                        "no %s column '%s', but there is '%s'; column names are case-sensitive"
                                .formatted(role, clip(wanted), clip(header[i])));
        throw new CsvFormatException(
                file,
                1,
                "no %s column '%s'; the columns are %s; pass one of those names"
                        .formatted(role, clip(wanted), TimeSeries.abbreviate(Arrays.asList(header))));
    }

    private static List<String> without(String[] header, int skip) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < header.length; i++) if (i != skip) l.add(header[i]);
        return l;
    }

    private static String[] fields(String line, String[] header, String file, int ln, Options o)
            throws CsvFormatException {
        int expected = header.length;
        String[] f = split(line, file, ln, o.maxCellLength(), header);
        if (f.length != expected)
            throw new CsvFormatException(
                    file,
                    ln,
                    "%d fields, but the header has %d; every row needs one field per column (leave a field empty for a missing value, quote fields that contain commas)"
                            .formatted(f.length, expected));
        return f;
    }

    /**
     * Splits one CSV line; fields may be quoted with '"', a doubled quote inside standing for one. A field longer
     * than {@code maxCell} characters is an error naming its column ({@code header}'s name, when given).
     */
    static String[] split(String line, String file, int ln, int maxCell, String[] header) throws CsvFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else quoted = false;
                } else cur.append(c);
            } else if (c == '"') quoted = true;
            else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else if (c != '\r') cur.append(c);
            if (cur.length() > maxCell) throw longField(file, ln, maxCell, header, out.size(), cur);
        }
        if (quoted)
            throw new CsvFormatException(
                    file, ln, "a quoted field is not closed; add the closing '\"' (fields cannot span lines)");
        out.add(cur.toString());
        return out.toArray(String[]::new);
    }

    private static CsvFormatException longField(
            String file, int ln, int maxCell, String[] header, int col, CharSequence start) {
        return new CsvFormatException(
                file,
                ln,
                "field %d%s is longer than %d characters (Options.maxCellLength), starting '%s'; a date, a number or a name is far shorter: is a quote left open? If the field is genuine, read the file with a larger withMaxCellLength"
                        .formatted(
                                col + 1,
                                header != null && col < header.length ? " (column '" + clip(header[col]) + "')" : "",
                                maxCell,
                                clip(start.toString())));
    }

    private static float number(String s, String file, int ln, String col) throws CsvFormatException {
        String t = s.strip();
        if (t.isEmpty() || t.equalsIgnoreCase("NA") || t.equalsIgnoreCase("NaN") || t.equalsIgnoreCase("null"))
            return Float.NaN;
        float v;
        try {
            v = Float.parseFloat(t);
        } catch (NumberFormatException e) {
            throw new CsvFormatException(
                    file,
                    ln,
                    "column '%s': '%s' is not a number; fix the cell, or leave it empty to mark the value missing"
                            .formatted(clip(col), clip(t)));
        }
        if (Float.isInfinite(v) && t.contains("Infinity"))
            throw new CsvFormatException(
                    file,
                    ln,
                    "column '%s': '%s' is infinite; give a finite number, or leave the cell empty to mark the value missing"
                            .formatted(clip(col), clip(t)));
        if (Float.isInfinite(v))
            throw new CsvFormatException(
                    file,
                    ln,
                    "column '%s': %s overflows float32 (values are read as 32-bit floats, whose largest magnitude is about 3.4e38, and must stay below 1.8e19); rescale the column, e.g. write it in millions"
                            .formatted(clip(col), clip(t)));
        if (Math.abs(v) >= MAX_MAGNITUDE)
            throw new CsvFormatException(
                    file,
                    ln,
                    "column '%s': %s is too large: values must stay below 1.8e19 (2^64) in magnitude, so that their squares, as in a squared-error loss, stay finite in float32; rescale the column, e.g. write it in millions"
                            .formatted(clip(col), clip(t)));
        return v;
    }

    /** Parses the date forms listed in the class comment. */
    static LocalDate date(String s, String file, int ln, String col) throws CsvFormatException {
        String t = s.strip();
        try {
            int n = t.length();
            if ((n == 10 || n > 10 && (t.charAt(10) == 'T' || t.charAt(10) == ' '))
                    && (t.charAt(4) == '-' || t.charAt(4) == '/')
                    && t.charAt(7) == t.charAt(4)) {
                if (n > 10 && !isMidnight(t.substring(11))) throw new DateTimeException("time of day");
                return LocalDate.of(digits(t, 0, 4), digits(t, 5, 7), digits(t, 8, 10));
            }
            if (n == 7 && (t.charAt(4) == '-' || t.charAt(4) == '/'))
                return LocalDate.of(digits(t, 0, 4), digits(t, 5, 7), 1);
            if (n > 0 && Character.isLetter(t.charAt(0))) return LocalDate.parse(t, MONTH_DAY_YEAR);
            if (n > 0 && Character.isDigit(t.charAt(0)) && t.indexOf(' ') > 0)
                return LocalDate.parse(t, DAY_MONTH_YEAR);
        } catch (DateTimeException | NumberFormatException e) {
            if (e.getMessage() != null && e.getMessage().equals("time of day"))
                throw new CsvFormatException(
                        file,
                        ln,
                        "column '%s': '%s' has a time of day; this reader takes daily, weekly or monthly dates; aggregate the file to one row per day first"
                                .formatted(clip(col), clip(t)));
            // fall through to the message below
        }
        throw new CsvFormatException(
                file,
                ln,
                "column '%s': cannot read '%s' as a date; write dates as 2012-03-04 (also accepted: 2012/03/04, 2012-03 for months, Jan 1 2000)"
                        .formatted(clip(col), clip(t)));
    }

    private static boolean isMidnight(String time) {
        return time.matches("00:00(:00(\\.0+)?)?Z?");
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new NumberFormatException(s);
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
