package nabla.keras;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import nabla.io.CorruptModelFileException;
import nabla.io.ModelFileException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Read access to an HDF5 file through jHDF, bounded and with every failure turned into a
 * {@link CorruptModelFileException} that names the file and the object: the signature is checked before jHDF sees
 * the bytes; a dataset's declared shape is checked (rank, a sane element count, and no more bytes than the file holds,
 * allowing for compression) before its data is read; jHDF's own exceptions (and any other runtime failure on damaged
 * bytes) never escape raw.
 */
final class Hdf5 implements AutoCloseable {
    /** The HDF5 signature, at offset 0 of a file without a user block (what Keras and h5py write). */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** The most elements one weight may have (1 GiB of float32). */
    static final long MAX_ELEMENTS = 1L << 28;
    /** How much a compressed dataset may expand relative to the whole file. */
    private static final long MAX_COMPRESSION = 1000;

    private final HdfFile hdf;
    private final String file;
    private final long size;

    private Hdf5(HdfFile hdf, String file, long size) {
        this.hdf = hdf;
        this.file = file;
        this.size = size;
    }

    /** Opens the HDF5 file at {@code path}. */
    static Hdf5 open(Path path) throws IOException {
        String file = path.toString();
        long size = Files.size(path);
        byte[] head = new byte[SIGNATURE.length];
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(head);
            while (b.hasRemaining() && ch.read(b) >= 0) {}
        }
        checkSignature(head, size, file);
        HdfFile hdf;
        try {
            hdf = new HdfFile(path);
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(file, e);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            checkLength(Superblock.readSuperblock(ch, hdf.getUserBlockSize()), size, file);
        } catch (CorruptModelFileException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            hdf.close();
            throw damaged(file, e);
        }
        return new Hdf5(hdf, file, size);
    }

    /**
     * A file shorter than its superblock's end-of-file address is truncated, even where the cut falls in free space
     * no read would reach (the HDF5 library itself refuses such a file: "truncated file").
     */
    private static void checkLength(Superblock sb, long size, String file) throws CorruptModelFileException {
        long end = sb.getBaseAddressByte() + sb.getEndOfFileAddress();
        if (sb.getEndOfFileAddress() >= 0 && end > size)
            throw new CorruptModelFileException(
                    file,
                    "is truncated: its HDF5 superblock gives an end of file at byte " + end + ", but it has " + size
                            + " bytes");
    }

    /** Opens HDF5 bytes (an archive entry); {@code where} names them ("model.keras!/model.weights.h5"). */
    static Hdf5 open(byte[] bytes, String where) throws CorruptModelFileException {
        checkSignature(bytes, bytes.length, where);
        try {
            HdfFile hdf = HdfFile.fromBytes(bytes);
            ByteBuffer sb = ByteBuffer.wrap(bytes);
            sb.position((int) Math.min(bytes.length, hdf.getUserBlockSize()));
            checkLength(
                    Superblock.readSuperblock(sb.slice().order(java.nio.ByteOrder.LITTLE_ENDIAN)), bytes.length, where);
            return new Hdf5(hdf, where, bytes.length);
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(where, e);
        }
    }

    private static void checkSignature(byte[] head, long size, String file) throws CorruptModelFileException {
        if (size < 48 || !Arrays.equals(Arrays.copyOf(head, SIGNATURE.length), SIGNATURE))
            throw new CorruptModelFileException(
                    file,
                    size < 48
                            ? "is " + size + " bytes long, too short for an HDF5 file"
                            : "is not an HDF5 file (it does not start with the HDF5 signature)");
    }

    static CorruptModelFileException damaged(String where, Throwable e) {
        String m = e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause())
            if (c.getMessage() != null) m = c.getMessage();
        return new CorruptModelFileException(
                where,
                "is damaged or truncated: the HDF5 reader failed ("
                        + e.getClass().getSimpleName() + (m == null ? "" : ": " + m) + ")",
                e);
    }

    /** The file named in errors. */
    String file() {
        return file;
    }

    /** The node at {@code path} ("" for the root), or null when there is none. */
    Node node(String path) throws CorruptModelFileException {
        try {
            if (path.isEmpty()) return hdf;
            Node n = hdf;
            for (String part : path.split("/")) {
                if (!(n instanceof Group g)) return null;
                n = g.getChildren().get(part);
                if (n == null) return null;
            }
            return n;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(file + ", at '" + path + "'", e);
        }
    }

    /** The group at {@code path}, or null when there is none. */
    Group group(String path) throws CorruptModelFileException {
        Node n = node(path);
        if (n != null && !(n instanceof Group))
            throw new CorruptModelFileException(file, "'" + path + "' is a dataset, where a group was expected");
        return (Group) n;
    }

    /** The names of a group's children, sorted. */
    List<String> children(Group g) throws CorruptModelFileException {
        try {
            List<String> names = new ArrayList<>(g.getChildren().keySet());
            names.sort(null);
            return names;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(file + ", at '" + g.getPath() + "'", e);
        }
    }

    /** A child of {@code g}, or null. */
    Node child(Group g, String name) throws CorruptModelFileException {
        try {
            return g.getChildren().get(name);
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(file + ", at '" + g.getPath() + "'", e);
        }
    }

    /**
     * A string or string-list attribute, as a list: null when absent; an empty list for an empty numeric array
     * (Keras writes an empty {@code weight_names} as a float64 array of length 0); fixed-length strings lose their NUL
     * padding.
     */
    List<String> strings(Node n, String name) throws CorruptModelFileException {
        String where = file + ", attribute '" + name + "' of '" + pathOf(n) + "'";
        try {
            Map<String, Attribute> attrs = n.getAttributes();
            Attribute a = attrs.get(name);
            if (a == null) return null;
            if (a.getSizeInBytes() > 64L << 20)
                throw new CorruptModelFileException(
                        where, "declares " + a.getSizeInBytes() + " bytes, more than 64 MiB");
            if (a.isEmpty() || a.getSize() == 0) return List.of();
            Object d = a.getData();
            if (d == null) return List.of();
            if (d instanceof String s) return List.of(stripNul(s));
            if (d instanceof String[] arr) {
                List<String> out = new ArrayList<>();
                for (String s : arr) out.add(stripNul(s));
                return out;
            }
            if (d.getClass().isArray() && java.lang.reflect.Array.getLength(d) == 0) return List.of();
            throw new CorruptModelFileException(
                    where, "is not text (it holds " + a.getJavaType().getSimpleName() + ")");
        } catch (CorruptModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(where, e);
        }
    }

    /** A text attribute, or null. */
    String string(Node n, String name) throws CorruptModelFileException {
        List<String> s = strings(n, name);
        if (s == null) return null;
        if (s.size() != 1)
            throw new CorruptModelFileException(
                    file, "attribute '" + name + "' of '" + pathOf(n) + "' holds " + s.size() + " strings, not one");
        return s.getFirst();
    }

    private static String stripNul(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == 0) end--;
        return s.substring(0, end);
    }

    private static String pathOf(Node n) {
        String p = n.getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    /** The declared element count of a dataset, checked against the limits and the file size before any read. */
    long declaredSize(Dataset d) throws ModelFileException {
        String where = file + ", dataset '" + pathOf(d) + "'";
        try {
            long[] dims = d.getDimensionsAsLong();
            if (dims.length > 8) throw new CorruptModelFileException(where, "has rank " + dims.length + " (at most 8)");
            long n = 1;
            for (long x : dims) {
                if (x < 0) throw new CorruptModelFileException(where, "declares a negative dimension " + x);
                if (x != 0 && n > MAX_ELEMENTS / x)
                    throw new ModelFileException(
                            where,
                            "declares the shape " + Arrays.toString(dims) + ", more than " + MAX_ELEMENTS
                                    + " elements; no Keras weight is that large, the file is damaged or crafted");
                n *= x;
            }
            if (n > MAX_ELEMENTS)
                throw new ModelFileException(where, "declares " + n + " elements, more than " + MAX_ELEMENTS);
            DataType t = d.getDataType();
            if (!(t instanceof FloatingPoint) || (t.getSize() != 4 && t.getSize() != 8))
                throw new ModelFileException(
                        where,
                        "holds " + t.getClass().getSimpleName() + " values of " + t.getSize()
                                + " bytes; Keras weights are float32 (float64 is read too)");
            long bytes = n * t.getSize();
            boolean filtered = !d.getFilters().isEmpty();
            long allowed = filtered ? Math.min(MAX_ELEMENTS * 8, size * MAX_COMPRESSION) : size;
            if (bytes > allowed)
                throw new CorruptModelFileException(
                        where,
                        "declares the shape " + Arrays.toString(dims) + " (" + bytes + " bytes), more than the "
                                + size + "-byte file can hold" + (filtered ? " even compressed" : "")
                                + "; the file is truncated or crafted");
            return n;
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(where, e);
        }
    }

    /** Reads a float dataset (after {@link #declaredSize} accepts it) as a float32 array of its shape. */
    NDArray read(Dataset d) throws ModelFileException {
        long n = declaredSize(d);
        String where = file + ", dataset '" + pathOf(d) + "'";
        try {
            int[] dims = d.getDimensions();
            float[] out = new float[(int) n];
            if (n > 0) {
                Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
                switch (flat) {
                    case float[] f when f.length == n -> System.arraycopy(f, 0, out, 0, f.length);
                    case double[] f
                    when f.length == n -> {
                        for (int i = 0; i < f.length; i++) out[i] = (float) f[i];
                    }
                    case Float f when n == 1 -> out[0] = f;
                    case Double f when n == 1 -> out[0] = (float) (double) f;
                    default ->
                        throw new CorruptModelFileException(
                                where, "did not read back as " + n + " floating-point values");
                }
            }
            return NDArray.wrap(out, dims.length == 0 ? Shape.of() : Shape.of(dims));
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw damaged(where, e);
        }
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException ignored) {
            // closing a damaged file may fail again; the reader is done with it either way
        }
    }
}
