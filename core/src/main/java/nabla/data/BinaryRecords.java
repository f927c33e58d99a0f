package nabla.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * {@link Dataset#fromBinaryRecords} and {@link Dataset#writeBinaryRecords}: a file of fixed-size records, each the
 * input's floats then the target's, float32 little-endian, without header. Read through one buffer of about
 * {@link #CHUNK_BYTES} per epoch, so memory stays bounded whatever the file's size.
 */
final class BinaryRecords extends Dataset {
    /** The size of the read and write buffers (rounded down to whole records, at least one record). */
    static final int CHUNK_BYTES = 1 << 20;

    private final Path file;
    private final Shape inputShape, targetShape;
    private final int inputFloats, targetFloats, recordBytes;

    BinaryRecords(Path file, Shape inputShape, Shape targetShape) {
        this.file = Objects.requireNonNull(file, "file");
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        this.targetShape = Objects.requireNonNull(targetShape, "targetShape");
        this.inputFloats = inputShape.size();
        this.targetFloats = targetShape.size();
        long bytes = 4L * inputFloats + 4L * targetFloats;
        if (bytes == 0 || bytes > Integer.MAX_VALUE - 8)
            throw new IllegalArgumentException(
                    "Dataset.fromBinaryRecords: a record of input %s and target %s has %d bytes; it needs 1 to %d"
                            .formatted(inputShape, targetShape, bytes, Integer.MAX_VALUE - 8));
        this.recordBytes = (int) bytes;
    }

    /** The number of whole records in the file now; -1 when its size cannot be read. */
    @Override
    public long cardinality() {
        try {
            return Files.size(file) / recordBytes;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public Epoch epoch(int epoch) {
        checkEpoch(epoch);
        return new Pull() {
            private FileChannel channel;
            private ByteBuffer bytes;
            private FloatBuffer floats;
            private long records;

            private void open() {
                FileChannel c = null;
                try {
                    c = FileChannel.open(file, StandardOpenOption.READ);
                    long size = c.size();
                    if (size % recordBytes != 0) throw truncated(size, size / recordBytes, size % recordBytes);
                    records = size / recordBytes;
                    channel = c;
                } catch (IOException e) {
                    closeQuietly(c, e);
                    throw new UncheckedIOException("Dataset.fromBinaryRecords: cannot open " + file + ": " + e, e);
                } catch (RuntimeException e) {
                    closeQuietly(c, e);
                    throw e;
                }
                int perChunk = Math.max(1, CHUNK_BYTES / recordBytes);
                bytes = ByteBuffer.allocateDirect(Math.multiplyExact(perChunk, recordBytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                floats = bytes.asFloatBuffer(); // absolute reads; the chunk always starts with a whole record
                bytes.limit(0);
            }

            @Override
            Example fetch() {
                if (channel == null) open();
                if (index >= records) return null;
                if (!bytes.hasRemaining()) {
                    bytes.clear();
                    try {
                        while (bytes.hasRemaining() && channel.read(bytes) >= 0) {}
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "Dataset.fromBinaryRecords: cannot read record %d of %s: %s".formatted(index, file, e),
                                e);
                    }
                    bytes.flip();
                }
                if (bytes.remaining() < recordBytes) // the file shrank since it was opened
                throw truncated(index * recordBytes + bytes.remaining(), index, bytes.remaining());
                int at = bytes.position() / Float.BYTES;
                float[] x = new float[inputFloats], y = new float[targetFloats];
                floats.get(at, x);
                floats.get(at + inputFloats, y);
                bytes.position(bytes.position() + recordBytes);
                return new Example(List.of(NDArray.wrap(x, inputShape)), List.of(NDArray.wrap(y, targetShape)), null);
            }

            @Override
            void release() {
                bytes = null;
                floats = null;
                if (channel == null) return;
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Dataset.fromBinaryRecords: cannot close " + file + ": " + e, e);
                }
            }
        };
    }

    private static void closeQuietly(FileChannel c, Exception failure) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private UncheckedIOException truncated(long size, long record, long has) {
        var e = new CorruptDataException(
                file,
                ("%d bytes is not a whole number of %d-byte records (input %s and target %s, float32): record %d is"
                                + " truncated, it has %d of its %d bytes")
                        .formatted(size, recordBytes, inputShape, targetShape, record, has, recordBytes));
        return new UncheckedIOException(e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "fromBinaryRecords(" + file + ", " + inputShape + ", " + targetShape + ")";
    }

    /** Writes records into a temporary file beside the target, then moves it into place. */
    static final class Writer implements AutoCloseable {
        private final Path file, temp;
        private final FileChannel channel;
        private final ByteBuffer bytes = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final FloatBuffer floats = bytes.asFloatBuffer();
        private boolean committed;

        Writer(Path file) throws IOException {
            this.file = Objects.requireNonNull(file, "file");
            Path dir = file.toAbsolutePath().getParent();
            this.temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        /** Appends the elements of {@code a} in row-major order. */
        void write(NDArray a) throws IOException {
            float[] d = a.isContiguous() ? a.data() : a.toArray();
            int off = a.isContiguous() ? a.offset() : 0, left = a.size();
            while (left > 0) {
                if (!floats.hasRemaining()) flush();
                int n = Math.min(left, floats.remaining());
                floats.put(d, off, n);
                off += n;
                left -= n;
            }
        }

        private void flush() throws IOException {
            bytes.position(0).limit(floats.position() * Float.BYTES);
            while (bytes.hasRemaining()) channel.write(bytes);
            bytes.clear();
            floats.clear();
        }

        /** Writes what is buffered, closes the file and moves it over the target. */
        void commit() throws IOException {
            flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }

        /** Deletes the temporary file unless committed. */
        @Override
        public void close() throws IOException {
            if (committed) return;
            try {
                channel.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }

    static void write(Path file, NDArray x, NDArray y) throws IOException {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.rank() < 1 || y.rank() < 1 || x.dim(0) != y.dim(0))
            throw new IllegalArgumentException(
                    "Dataset.writeBinaryRecords: x %s and y %s must have the same number of samples on axis 0"
                            .formatted(x.shape(), y.shape()));
        NDArray cx = x.contiguous(), cy = y.contiguous();
        try (Writer w = new Writer(file)) {
            for (int i = 0; i < x.dim(0); i++) {
                w.write(cx.slice(0, i, i + 1));
                w.write(cy.slice(0, i, i + 1));
            }
            w.commit();
        }
    }

    static void write(Path file, Iterator<Example> examples) throws IOException {
        Objects.requireNonNull(examples, "examples");
        Shape in = null, tgt = null;
        try (Writer w = new Writer(file)) {
            for (long i = 0; examples.hasNext(); i++) {
                Example e = Objects.requireNonNull(examples.next(), "example");
                if (e.inputs().size() != 1 || e.targets().size() != 1 || e.weights() != null)
                    throw new IllegalArgumentException(("Dataset.writeBinaryRecords: example %d has %d inputs, %d"
                                    + " targets and %s; a record holds one input and one target, without weights")
                            .formatted(
                                    i,
                                    e.inputs().size(),
                                    e.targets().size(),
                                    e.weights() == null ? "no weights" : "weights"));
                NDArray x = e.inputs().getFirst(), y = e.targets().getFirst();
                if (in == null) {
                    in = x.shape();
                    tgt = y.shape();
                } else if (!x.shape().equals(in) || !y.shape().equals(tgt))
                    throw new IllegalArgumentException(("Dataset.writeBinaryRecords: example %d has input %s and"
                                    + " target %s but example 0 has input %s and target %s; records have one size")
                            .formatted(i, x.shape(), y.shape(), in, tgt));
                w.write(x);
                w.write(y);
            }
            w.commit();
        }
    }
}
