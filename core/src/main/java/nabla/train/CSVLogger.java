package nabla.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes one CSV row per epoch, as Keras' {@code CSVLogger}: a header {@code epoch,<keys sorted by name>} taken from
 * the first epoch's logs, then the epoch (0-based, as Keras writes it) and each value; a key missing later is
 * written "NA". Each row is flushed at once, so the file can be followed while training. The file is created or
 * truncated when training begins; with {@code append} rows are added to an existing file, and the header is written
 * only when the file is new or empty. Separator ",". Values are written as {@link Double#toString(double)} does
 * (e.g. {@code 0.25}, {@code 1.0E-4}); keys that first appear after the first epoch are not written. A file that
 * cannot be opened or written is an {@link UncheckedIOException} naming it, which ends the fit.
 */
public final class CSVLogger extends Callback {
    private final Path path;
    private final boolean append;
    private final String separator;
    private BufferedWriter out;
    private List<String> keys;
    private boolean writeHeader;

    /**
     * A logger that truncates {@code path} at the start of each fit.
     *
     * @param path the CSV file
     * @throws NullPointerException if {@code path} is null
     */
    public CSVLogger(Path path) {
        this(path, false);
    }

    /**
     * A logger that truncates or appends to {@code path} (Keras' {@code append}).
     *
     * @param path the CSV file
     * @param append add rows to an existing file instead of truncating it
     * @throws NullPointerException if {@code path} is null
     */
    public CSVLogger(Path path, boolean append) {
        this(path, append, ",");
    }

    private CSVLogger(Path path, boolean append, String separator) {
        this.path = Objects.requireNonNull(path, "path");
        this.append = append;
        this.separator = separator;
    }

    /**
     * The same logger with another field separator, e.g. ";" or "\t"; the receiver is unchanged.
     *
     * @param separator the text between fields, not empty
     * @return the new logger
     * @throws IllegalArgumentException if {@code separator} is empty
     */
    public CSVLogger withSeparator(String separator) {
        if (separator.isEmpty()) throw new IllegalArgumentException("CSVLogger: the separator must not be empty");
        return new CSVLogger(path, append, separator);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        close();
        keys = null;
        try {
            writeHeader = !(append && Files.exists(path) && Files.size(path) > 0);
            out = Files.newBufferedWriter(
                    path,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (out == null) return;
        try {
            if (keys == null) {
                keys = new ArrayList<>(logs.keySet());
                Collections.sort(keys);
                if (writeHeader) {
                    out.write("epoch" + separator + String.join(separator, keys));
                    out.newLine();
                }
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Double v = logs.get(k);
                row.append(separator).append(v == null ? "NA" : v.toString());
            }
            out.write(row.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write to " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingRun run, History history) {
        close();
    }

    private void close() {
        if (out == null) return;
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot close " + path + ": " + e.getMessage(), e);
        } finally {
            out = null;
        }
    }
}
