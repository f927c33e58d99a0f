package nabla.train;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.CRC32C;
import nabla.tensor.NDArray;

/**
 * One TensorBoard event file, written as TensorFlow's {@code tf.summary.create_file_writer} writes it, without
 * TensorFlow or protobuf: a TFRecord file of serialized {@code tensorboard.Event} messages.
 *
 * <p><b>TFRecord.</b> Each record is its length (uint64, little endian), the masked CRC-32C of those 8 bytes
 * (uint32, little endian), the data, and the masked CRC-32C of the data; {@code mask(c) = ((c >>> 15) | (c << 17))
 * + 0xa282ead8} in 32-bit arithmetic.
 *
 * <p><b>Messages</b>, field numbers as in TensorBoard's {@code tensorboard/compat/proto/event.proto},
 * {@code summary.proto} and {@code histogram.proto} (the same numbers as TensorFlow's {@code tensorflow.Event}):
 * <pre>
 * Event          { double wall_time = 1; int64 step = 2;
 *                  oneof what { string file_version = 3; Summary summary = 5; } }
 * Summary        { repeated Value value = 1; }
 * Summary.Value  { string tag = 1; oneof value { float simple_value = 2; HistogramProto histo = 5; } }
 * HistogramProto { double min = 1; double max = 2; double num = 3; double sum = 4; double sum_squares = 5;
 *                  repeated double bucket_limit = 6 [packed]; repeated double bucket = 7 [packed]; }
 * </pre>
 * The first record is an Event with {@code file_version = "brain.Event:2"}; then one Event per value (as
 * {@code tf.summary.scalar} writes them). Scalars use {@code simple_value} and histograms {@code histo}, the
 * "legacy" forms that TensorBoard converts on reading into its scalar and histogram plugins' data.
 */
final class EventFileWriter implements Closeable {
    static final String FILE_VERSION = "brain.Event:2";

    /** Opens a new file for writing (a seam for tests); must fail with FileAlreadyExistsException if it exists. */
    @FunctionalInterface
    interface Opener {
        OutputStream open(Path file) throws IOException;
    }

    static final Opener FILES =
            file -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

    private static String host;

    private final Path file;
    private final OutputStream out;
    private final byte[] header = new byte[12], footer = new byte[4];

    private EventFileWriter(Path file, OutputStream out) {
        this.file = file;
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    /**
     * Creates {@code dir} (and its parents) and a new event file in it, named as TensorFlow names them,
     * {@code events.out.tfevents.<seconds>.<host>.<pid>.v2} (with ".1", ".2", ... before ".v2" when that name is
     * taken, e.g. by a second fit in the same second), and writes the file-version record.
     */
    static EventFileWriter create(Path dir, Opener opener) throws IOException {
        Files.createDirectories(dir);
        String base = "events.out.tfevents." + Instant.now().getEpochSecond() + "." + host() + "."
                + ProcessHandle.current().pid();
        for (int n = 0; ; n++) {
            Path file = dir.resolve(base + (n == 0 ? "" : "." + n) + ".v2");
            OutputStream out;
            try {
                out = opener.open(file);
            } catch (FileAlreadyExistsException e) {
                if (n < 1000) continue;
                throw e;
            }
            EventFileWriter w = new EventFileWriter(file, out);
            w.write(event(0).string(3, FILE_VERSION));
            return w;
        }
    }

    Path file() {
        return file;
    }

    /** An Event with {@code Summary{ Value{ tag, simple_value } }}. */
    void scalar(String tag, float value, long step) throws IOException {
        write(event(step)
                .message(
                        5,
                        new ProtoEncoder()
                                .message(1, new ProtoEncoder().string(1, tag).float32(2, value))));
    }

    /** An Event with {@code Summary{ Value{ tag, histo } }}. */
    void histogram(String tag, ProtoEncoder histogramProto, long step) throws IOException {
        write(event(step)
                .message(
                        5,
                        new ProtoEncoder()
                                .message(1, new ProtoEncoder().string(1, tag).message(5, histogramProto))));
    }

    void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * The {@code HistogramProto} of an array's finite values: min, max, count, sum and sum of squares, and
     * {@code buckets} equal-width buckets from min to max (as {@code tf.summary.histogram}, whose default is 30),
     * {@code bucket_limit[i]} the right edge of bucket i, the last one max; a value on an inner edge counts in the
     * bucket to its right, max in the last. All values equal: one bucket. Null when no value is finite.
     */
    static ProtoEncoder histogramProto(NDArray values, int buckets) {
        float[] data = values.isContiguous() ? values.data() : values.toArray();
        int from = values.isContiguous() ? values.offset() : 0, to = from + values.size();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSquares = 0;
        long num = 0;
        for (int i = from; i < to; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += (double) v * v;
            num++;
        }
        if (num == 0) return null;
        int k = max > min ? buckets : 1;
        double width = (max - min) / k;
        double[] limits = new double[k], counts = new double[k];
        for (int b = 0; b < k - 1; b++) limits[b] = min + (b + 1) * width;
        limits[k - 1] = max;
        for (int i = from; i < to; i++) {
            float v = data[i];
            if (!Float.isFinite(v)) continue;
            int b = k == 1 ? 0 : (int) ((v - min) / width);
            counts[Math.min(Math.max(b, 0), k - 1)]++;
        }
        return new ProtoEncoder()
                .double64(1, min)
                .double64(2, max)
                .double64(3, num)
                .double64(4, sum)
                .double64(5, sumSquares)
                .packedDoubles(6, limits)
                .packedDoubles(7, counts);
    }

    /** The masked CRC-32C of {@code b[off, off + len)}, as TFRecord stores it. */
    static int maskedCrc32c(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return mask((int) c.getValue());
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static ProtoEncoder event(long step) {
        Instant now = Instant.now();
        return new ProtoEncoder()
                .double64(1, now.getEpochSecond() + now.getNano() / 1e9)
                .int64(2, step);
    }

    private void write(ProtoEncoder event) throws IOException {
        byte[] data = event.toByteArray();
        putLong(header, 0, data.length);
        putInt(header, 8, maskedCrc32c(header, 0, 8));
        putInt(footer, 0, maskedCrc32c(data, 0, data.length));
        try {
            out.write(header);
            out.write(data);
            out.write(footer);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private IOException failure(IOException e) {
        return new IOException(
                "cannot write " + file + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()), e);
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    /** This machine's name with only [A-Za-z0-9._-] kept (others become '_'), "localhost" when it cannot be had. */
    private static synchronized String host() {
        if (host == null) {
            String name;
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException | SecurityException e) {
                name = "localhost";
            }
            host = name == null || name.isEmpty() ? "localhost" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        }
        return host;
    }
}
