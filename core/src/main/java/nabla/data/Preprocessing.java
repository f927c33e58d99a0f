package nabla.data;

import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/** Stateless conversions from raw data to model inputs: scaling bytes to [0, 1], one-hot labels, label indices. */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * Unsigned bytes (0..255) as floats in [0, 1], each divided by 255, wrapped in {@code shape}.
     *
     * @param unsignedBytes the raw values, row-major
     * @param shape the shape of the result
     * @return a new array
     * @throws IllegalArgumentException if the byte count is not {@code shape.size()}
     */
    public static NDArray scale01(byte[] unsignedBytes, Shape shape) {
        if (unsignedBytes.length != shape.size())
            throw new IllegalArgumentException("scale01: %d bytes do not fill shape %s (%d elements)"
                    .formatted(unsignedBytes.length, shape, shape.size()));
        float[] out = new float[unsignedBytes.length];
        for (int i = 0; i < out.length; i++) out[i] = (unsignedBytes[i] & 0xFF) / 255f;
        return NDArray.wrap(out, shape);
    }

    /**
     * Class indices as a one-hot matrix of shape (n, classes): row i has a 1 in column labels[i] (Keras'
     * {@code to_categorical}, PyTorch's {@code one_hot}).
     *
     * @param labels the class indices
     * @param classes the number of columns, positive
     * @return a new array of shape (labels.length, classes)
     * @throws IllegalArgumentException if {@code classes} is not positive or a label is outside {@code 0..classes-1}
     */
    public static NDArray oneHot(int[] labels, int classes) {
        if (classes <= 0) throw new IllegalArgumentException("oneHot: classes must be positive, got " + classes);
        float[] out = new float[Math.multiplyExact(labels.length, classes)];
        for (int i = 0; i < labels.length; i++) {
            int c = labels[i];
            if (c < 0 || c >= classes)
                throw new IllegalArgumentException("oneHot: label %d at index %d is outside 0..%d (classes = %d)"
                        .formatted(c, i, classes - 1, classes));
            out[i * classes + c] = 1f;
        }
        return NDArray.wrap(out, Shape.of(labels.length, classes));
    }

    /**
     * Class indices stored as floats in a vector of shape (n), as one-hot of shape (n, classes).
     *
     * @param labels the class indices, shape (n)
     * @param classes the number of columns, positive
     * @return a new array of shape (n, classes)
     * @throws IllegalArgumentException if {@code labels} is not a vector of whole numbers in {@code 0..classes-1}
     */
    public static NDArray oneHot(NDArray labels, int classes) {
        return oneHot(toIndices(labels), classes);
    }

    /**
     * A vector of class indices stored as floats, as ints; every value must be a whole number.
     *
     * @param labels the class indices, shape (n)
     * @return a new array of n ints
     * @throws IllegalArgumentException if {@code labels} is not a vector, or a value is not a whole number of
     *     magnitude at most 2<sup>24</sup>
     */
    public static int[] toIndices(NDArray labels) {
        if (labels.rank() != 1)
            throw new IllegalArgumentException(
                    "toIndices: labels must be a vector of shape (n), got " + labels.shape());
        float[] v = labels.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || Math.abs(v[i]) > 1 << 24)
                throw new IllegalArgumentException(
                        "toIndices: label at index %d is %s, not a whole number".formatted(i, v[i]));
            out[i] = (int) v[i];
        }
        return out;
    }

    /**
     * Class indices as a float vector of shape (n), the form a loader's y takes.
     *
     * @param labels the class indices
     * @return a new array of shape (labels.length)
     */
    public static NDArray fromIndices(int[] labels) {
        float[] out = new float[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = labels[i];
        return NDArray.wrap(out, Shape.of(labels.length));
    }
}
