package nabla.data;

import java.nio.file.Path;
import java.util.Arrays;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * The content of one IDX file of unsigned bytes: its dimensions and its payload in row-major order.
 * The payload is not exposed (it may be tens of megabytes); read it with {@link #unsigned(int)},
 * {@link #toFloat01()}, {@link #toInts()} or {@link #copyBytes()}. Immutable; made by {@link IdxReader#read}.
 */
public final class IdxFile {
    private final Path path;
    private final Shape shape;
    private final byte[] data;

    /** Takes ownership of {@code data}, which must hold exactly {@code shape.size()} bytes. */
    IdxFile(Path path, Shape shape, byte[] data) {
        if (data.length != shape.size())
            throw new IllegalArgumentException(
                    path + ": payload has " + data.length + " bytes, shape " + shape + " needs " + shape.size());
        this.path = path;
        this.shape = shape;
        this.data = data;
    }

    /**
     * The file this was read from.
     *
     * @return the path given to {@link IdxReader#read}
     */
    public Path path() {
        return path;
    }

    /**
     * The dimensions from the header, outermost first.
     *
     * @return the shape, e.g. (60000, 28, 28) for MNIST's training images
     */
    public Shape shape() {
        return shape;
    }

    /**
     * The first dimension: the number of samples.
     *
     * @return {@code shape().dim(0)}
     */
    public int count() {
        return shape.dim(0);
    }

    /**
     * Element {@code i} of the payload (row-major) as a value in 0..255.
     *
     * @param i the flat index, in {@code [0, shape().size())}
     * @return the byte, unsigned
     * @throws ArrayIndexOutOfBoundsException if {@code i} is outside the payload
     */
    public int unsigned(int i) {
        return data[i] & 0xFF;
    }

    /**
     * The payload as floats in [0, 1] (each byte divided by 255), shaped as the header says.
     *
     * @return a new array of {@link #shape()}
     */
    public NDArray toFloat01() {
        return Preprocessing.scale01(data, shape);
    }

    /**
     * The payload as ints in 0..255, e.g. class labels.
     *
     * @return a new array, row-major
     */
    public int[] toInts() {
        int[] out = new int[data.length];
        for (int i = 0; i < data.length; i++) out[i] = data[i] & 0xFF;
        return out;
    }

    /**
     * A copy of the raw payload.
     *
     * @return a new array, row-major, one signed Java byte per element
     */
    public byte[] copyBytes() {
        return Arrays.copyOf(data, data.length);
    }

    @Override
    public String toString() {
        return "IdxFile[" + path + ", " + shape + "]";
    }
}
