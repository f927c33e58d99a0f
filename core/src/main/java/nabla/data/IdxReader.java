package nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import nabla.tensor.Shape;

/**
 * Reads IDX files (the MNIST format: LeCun et al., http://yann.lecun.com/exdb/mnist/), raw or gzip-compressed.
 *
 * <p>Layout: two zero bytes, a type byte, a rank byte, then one big-endian 32-bit size per axis, then the
 * payload in row-major order. Only type 0x08 (unsigned byte), the type MNIST and Fashion-MNIST use, is
 * supported. Compression is detected from the gzip magic bytes 0x1f 0x8b, not from the file name. The
 * payload must be exactly as long as the header says. Every problem is a {@link CorruptDataException}
 * whose message names the file and what is wrong.
 *
 * <p><b>Bounded memory.</b> A hostile file cannot make the reader hold much more than the file itself says and
 * holds. The header's dimensions are checked before anything is allocated: their product must fit one Java array
 * and {@link Limits#maxBytes()} (1 GiB by default), and, for a gzip file, must be at most
 * {@link Limits#maxExpansion()} times (100 by default) the file's size (a payload of up to 1 MiB is always
 * allowed), so that a small gzip bomb is refused at once. A raw file's size must match the header exactly, also
 * checked before reading. A gzip payload is read into a buffer that grows only as the inflated bytes arrive, so a
 * truncated stream never costs the size its header claims; inflating stops one byte after the payload, and at most
 * 1 MiB of trailing bytes is inflated to count them.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_RANK = 16;
    /** Gzip payloads up to this size are allowed whatever their compression ratio. */
    private static final long ALWAYS_ALLOWED = 1L << 20;
    /** The most trailing bytes of a gzip stream inflated to count them. */
    private static final int TRAILING_COUNTED = 1 << 20;

    /**
     * How much an IDX file may hold: a cap on the payload, and on how far a gzip file may expand.
     *
     * <p>The defaults hold every file of the MNIST family with room to spare: MNIST's and Fashion-MNIST's largest
     * file (60,000 images of 28×28) is 47 MB and compresses 2 to 5 times; EMNIST's largest (ByClass, 697,932
     * images) is 547 MB. Beyond 1 GiB of bytes ({@link IdxFile#toFloat01()} makes 4 GiB of floats of it) a caller
     * opts in. Real images deflate well under 100 times; gzip bombs, about 1,000 times.
     *
     * @param maxBytes the largest payload accepted (the product of the header's dimensions), &gt;= 0
     * @param maxExpansion how many times its file's size a gzip payload may be, &gt;= 1 (payloads of up to 1 MiB
     *     are always allowed)
     */
    public record Limits(long maxBytes, long maxExpansion) {
        /**
         * Checks the limits.
         *
         * @param maxBytes the largest payload accepted
         * @param maxExpansion the largest ratio of a gzip payload to its file's size
         * @throws IllegalArgumentException if {@code maxBytes} is negative or {@code maxExpansion} below 1
         */
        public Limits {
            if (maxBytes < 0)
                throw new IllegalArgumentException("IdxReader.Limits: maxBytes must be >= 0, got " + maxBytes);
            if (maxExpansion < 1)
                throw new IllegalArgumentException("IdxReader.Limits: maxExpansion must be >= 1, got " + maxExpansion);
        }

        /**
         * The defaults: payloads of at most 1 GiB, gzip files expanding at most 100 times.
         *
         * @return the default limits
         */
        public static Limits defaults() {
            return new Limits(1L << 30, 100);
        }

        /**
         * These limits with another cap on the payload.
         *
         * @param maxBytes the largest payload accepted, &gt;= 0 (no more than one Java array holds, about 2 GiB, is
         *     ever read)
         * @return the changed copy
         * @throws IllegalArgumentException if {@code maxBytes} is negative
         */
        public Limits withMaxBytes(long maxBytes) {
            return new Limits(maxBytes, maxExpansion);
        }

        /**
         * These limits with another cap on a gzip file's expansion.
         *
         * @param maxExpansion how many times its file's size a gzip payload may be, &gt;= 1
         * @return the changed copy
         * @throws IllegalArgumentException if {@code maxExpansion} is below 1
         */
        public Limits withMaxExpansion(long maxExpansion) {
            return new Limits(maxBytes, maxExpansion);
        }
    }

    private IdxReader() {}

    /**
     * Reads the whole file at {@code path}, decompressing it when it is gzipped, within the
     * {@linkplain Limits#defaults() default limits}.
     *
     * @param path the IDX file, raw or gzip-compressed
     * @return the header's shape and the payload
     * @throws java.nio.file.NoSuchFileException if {@code path} is not a regular file
     * @throws CorruptDataException if the header is malformed, the type is not unsigned byte, the payload is
     *     shorter or longer than the header says or beyond the limits, or the gzip stream is corrupt
     * @throws IOException if the file cannot be read
     */
    public static IdxFile read(Path path) throws IOException {
        return read(path, Limits.defaults());
    }

    /**
     * Reads the whole file at {@code path}, decompressing it when it is gzipped, within {@code limits}.
     *
     * @param path the IDX file, raw or gzip-compressed
     * @param limits the largest payload, and how far a gzip file may expand
     * @return the header's shape and the payload
     * @throws java.nio.file.NoSuchFileException if {@code path} is not a regular file
     * @throws CorruptDataException if the header is malformed, the type is not unsigned byte, the payload is
     *     shorter or longer than the header says or beyond the limits, or the gzip stream is corrupt
     * @throws IOException if the file cannot be read
     */
    public static IdxFile read(Path path, Limits limits) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no such IDX file");
        long fileSize = Files.size(path);
        boolean gzip = isGzip(path);
        try (InputStream in = open(path)) {
            Shape shape = readHeader(path, in);
            int size = shape.size();
            if (size > limits.maxBytes())
                throw new CorruptDataException(
                        path,
                        "the header declares %s = %d bytes, more than the limit of %d bytes%s; if the file is genuine, read it with a larger IdxReader.Limits.maxBytes"
                                .formatted(
                                        describe(shape),
                                        size,
                                        limits.maxBytes(),
                                        limits.maxBytes() == 1L << 30 ? " (1 GiB)" : ""));
            byte[] data = gzip ? inflate(path, in, shape, fileSize, limits) : readRaw(path, in, shape, fileSize);
            return new IdxFile(path, shape, data);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(path, "the gzip stream is corrupt or truncated (" + e.getMessage() + ")", e);
        }
    }

    /** The payload of a raw file, whose size is checked against the header before anything is allocated. */
    private static byte[] readRaw(Path path, InputStream in, Shape shape, long fileSize) throws IOException {
        long payload = fileSize - 4 - 4L * shape.rank();
        if (payload < shape.size()) throw truncated(path, shape, payload);
        if (payload > shape.size()) throw trailing(path, shape, payload - shape.size(), false);
        byte[] data = in.readNBytes(shape.size());
        if (data.length < shape.size()) throw truncated(path, shape, data.length); // the file shrank meanwhile
        return data;
    }

    /**
     * The payload of a gzip stream: the declared size is checked against the file's size first, then the bytes are
     * read into a buffer that grows only as they arrive; one byte past the payload is read to find trailing bytes.
     */
    private static byte[] inflate(Path path, InputStream in, Shape shape, long fileSize, Limits limits)
            throws IOException {
        int size = shape.size();
        long allowed = Math.max(ALWAYS_ALLOWED, multiplyCapped(limits.maxExpansion(), fileSize));
        if (size > allowed)
            throw new CorruptDataException(
                    path,
                    "the header declares %s = %d bytes, but the file is %d bytes of gzip: an expansion of %dx, more than the %dx allowed (a gzip bomb?); if the file is genuine, read it with a larger IdxReader.Limits.maxExpansion"
                            .formatted(
                                    describe(shape),
                                    size,
                                    fileSize,
                                    size / Math.max(1, fileSize),
                                    limits.maxExpansion()));
        // MNIST's files deflate 2 to 5 times: a buffer of 8 times the file holds them at the first try
        byte[] buf = new byte[(int) Math.min(size, Math.max(1 << 16, Math.min(8 * fileSize, 1L << 30)))];
        int n = 0;
        while (n < size) {
            if (n == buf.length) buf = Arrays.copyOf(buf, (int) Math.min(size, 2L * buf.length));
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) throw truncated(path, shape, n);
            n += r;
        }
        if (in.read() >= 0) {
            long extra = 1 + count(in, TRAILING_COUNTED - 1);
            throw trailing(path, shape, extra, extra == TRAILING_COUNTED && in.read() >= 0);
        }
        return buf;
    }

    /** Reads and drops up to {@code max} bytes; how many there were. */
    private static long count(InputStream in, long max) throws IOException {
        byte[] scratch = new byte[8192];
        long n = 0;
        for (int r; n < max && (r = in.read(scratch, 0, (int) Math.min(scratch.length, max - n))) > 0; ) n += r;
        return n;
    }

    /** a·b, or Long.MAX_VALUE when that overflows (both non-negative). */
    private static long multiplyCapped(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static CorruptDataException truncated(Path path, Shape shape, long has) {
        return new CorruptDataException(
                path,
                "truncated: header says %s = %d bytes, file has %d".formatted(describe(shape), shape.size(), has));
    }

    private static CorruptDataException trailing(Path path, Shape shape, long extra, boolean atLeast) {
        return new CorruptDataException(
                path,
                "%s%d unexpected bytes after the %s = %d bytes the header announces%s"
                        .formatted(
                                atLeast ? "at least " : "",
                                extra,
                                describe(shape),
                                shape.size(),
                                atLeast ? " (reading stopped there)" : ""));
    }
    /**
     * True when the file starts with the gzip magic bytes 0x1f 0x8b.
     *
     * @param path the file to look at
     * @return whether its first two bytes are the gzip magic (false for a shorter file)
     * @throws IOException if the file cannot be opened or read
     */
    public static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The file's bytes, decompressed when it starts with the gzip magic. */
    static InputStream open(Path path) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
        raw.mark(2);
        boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private static Shape readHeader(Path path, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4)
            throw new CorruptDataException(
                    path, "truncated: the 4-byte IDX magic number is missing (file has " + magic.length + " bytes)");
        if (magic[0] != 0 || magic[1] != 0)
            throw new CorruptDataException(
                    path,
                    "bad magic 0x%02X%02X%02X%02X: an IDX file starts with two zero bytes"
                            .formatted(magic[0], magic[1], magic[2], magic[3]));
        int type = magic[2] & 0xFF;
        if (type != UNSIGNED_BYTE)
            throw new CorruptDataException(
                    path,
                    "IDX type 0x%02X (%s) is not supported; only 0x08 (unsigned byte) is"
                            .formatted(type, typeName(type)));
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_RANK)
            throw new CorruptDataException(
                    path, "the header declares " + rank + " dimensions; expected 1 to " + MAX_RANK);
        byte[] header = in.readNBytes(4 * rank);
        if (header.length < 4 * rank)
            throw new CorruptDataException(
                    path,
                    "truncated header: %d dimensions need %d bytes after the magic, file has %d"
                            .formatted(rank, 4 * rank, header.length));
        long[] dims = new long[rank];
        long size = 1, largest = 0;
        for (int i = 0; i < rank; i++) {
            int p = 4 * i;
            dims[i] = ((header[p] & 0xFFL) << 24)
                    | ((header[p + 1] & 0xFF) << 16)
                    | ((header[p + 2] & 0xFF) << 8)
                    | (header[p + 3] & 0xFF);
            largest = Math.max(largest, dims[i]);
            size = size > Integer.MAX_VALUE ? size : size * dims[i]; // < 2^63: at most (2^31-1)(2^32-1)
        }
        if (size > Integer.MAX_VALUE - 8 || largest > Integer.MAX_VALUE)
            throw new CorruptDataException(
                    path,
                    "the header declares dimensions " + describe(dims)
                            + ", more elements than one Java array can hold");
        int[] d = new int[rank];
        for (int i = 0; i < rank; i++) d[i] = (int) dims[i];
        return Shape.of(d);
    }

    /** "60000×28×28", as in error messages. */
    static String describe(Shape shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.rank(); i++) sb.append(i == 0 ? "" : "×").append(shape.dim(i));
        return sb.toString();
    }

    private static String describe(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) sb.append(i == 0 ? "" : "×").append(dims[i]);
        return sb.toString();
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "16-bit integer";
            case 0x0C -> "32-bit integer";
            case 0x0D -> "32-bit float";
            case 0x0E -> "64-bit float";
            default -> "not an IDX type";
        };
    }
}
