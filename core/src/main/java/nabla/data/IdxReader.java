package nabla.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_RANK = 16;

    private IdxReader() {}

    /**
     * Reads the whole file at {@code path}, decompressing it when it is gzipped.
     *
     * @param path the IDX file, raw or gzip-compressed
     * @return the header's shape and the payload
     * @throws java.nio.file.NoSuchFileException if {@code path} is not a regular file
     * @throws CorruptDataException if the header is malformed, the type is not unsigned byte, the payload is
     *     shorter or longer than the header says, or the gzip stream is corrupt
     * @throws IOException if the file cannot be read
     */
    public static IdxFile read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString(), null, "no such IDX file");
        try (InputStream in = open(path)) {
            Shape shape = readHeader(path, in);
            byte[] data = in.readNBytes(shape.size());
            if (data.length < shape.size())
                throw new CorruptDataException(
                        path,
                        "truncated: header says %s = %d bytes, file has %d"
                                .formatted(describe(shape), shape.size(), data.length));
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0)
                throw new CorruptDataException(
                        path,
                        "%d unexpected bytes after the %s = %d bytes the header announces"
                                .formatted(trailing, describe(shape), shape.size()));
            return new IdxFile(path, shape, data);
        } catch (ZipException | EOFException e) {
            throw new CorruptDataException(path, "the gzip stream is corrupt or truncated (" + e.getMessage() + ")", e);
        }
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
