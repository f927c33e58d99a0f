package nabla.data.text;

import java.util.Arrays;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/** Turning integer sequences into model inputs: Keras' {@code pad_sequences} and 1-of-N (one-hot) encoding of token ids. */
public final class Sequences {
    private Sequences() {}

    /**
     * {@code pad_sequences(sequences, maxlen)} with Keras' defaults: pad and truncate at the start, pad with 0.
     *
     * @param sequences the sequences of token ids, any lengths
     * @param maxlen the length of every row, at least 0
     * @return a new array of shape (sequences.length, maxlen) holding the ids as floats
     * @throws IllegalArgumentException if {@code maxlen} is negative
     */
    public static NDArray padSequences(int[][] sequences, int maxlen) {
        return padSequences(sequences, maxlen, PadSide.PRE, PadSide.PRE, 0f);
    }

    /**
     * Pads at the start with 0 to the longest sequence's length, as Keras' {@code pad_sequences(sequences)}
     * ({@code maxlen=None}).
     *
     * @param sequences the sequences of token ids, any lengths
     * @return a new array of shape (sequences.length, {@link #longest longest(sequences)})
     */
    public static NDArray padSequences(int[][] sequences) {
        return padSequences(sequences, longest(sequences), PadSide.PRE, PadSide.PRE, 0f);
    }

    /**
     * Keras' {@code pad_sequences}: a (sequences, maxlen) array filled with {@code value}, each sequence placed
     * at the end of its row ({@code padding = PRE}) or at the start ({@code POST}); a sequence longer than maxlen
     * loses its first elements ({@code truncating = PRE}) or its last ({@code POST}).
     *
     * @param sequences the sequences of token ids, any lengths
     * @param maxlen the length of every row, at least 0
     * @param padding where to pad a shorter sequence
     * @param truncating where to cut a longer sequence
     * @param value the padding value
     * @return a new array of shape (sequences.length, maxlen) holding the ids as floats
     * @throws IllegalArgumentException if {@code maxlen} is negative
     * @throws NullPointerException if {@code padding} or {@code truncating} is null
     */
    public static NDArray padSequences(
            int[][] sequences, int maxlen, PadSide padding, PadSide truncating, float value) {
        if (maxlen < 0) throw new IllegalArgumentException("padSequences: maxlen must be >= 0, got " + maxlen);
        if (padding == null || truncating == null)
            throw new NullPointerException("padSequences: padding and truncating must be PRE or POST");
        float[] x = new float[Math.multiplyExact(sequences.length, maxlen)];
        if (value != 0f) Arrays.fill(x, value);
        for (int r = 0; r < sequences.length; r++) {
            int[] s = sequences[r];
            int len = Math.min(s.length, maxlen);
            int from = truncating == PadSide.PRE ? s.length - len : 0;
            int to = r * maxlen + (padding == PadSide.PRE ? maxlen - len : 0);
            for (int i = 0; i < len; i++) x[to + i] = s[from + i];
        }
        return NDArray.wrap(x, Shape.of(sequences.length, maxlen));
    }

    /**
     * The length of the longest sequence, 0 when there are none.
     *
     * @param sequences the sequences
     * @return the largest length
     */
    public static int longest(int[][] sequences) {
        int max = 0;
        for (int[] s : sequences) max = Math.max(max, s.length);
        return max;
    }

    /**
     * One sequence of token ids as 1-of-N rows: shape (length, n), row t has a 1 in column ids[t].
     *
     * @param ids the token ids, each in {@code 0..n-1}
     * @param n the number of columns (the vocabulary size), positive
     * @return a new array of shape (ids.length, n)
     * @throws IllegalArgumentException if {@code n} is not positive or an id is outside {@code 0..n-1}
     */
    public static NDArray oneHot(int[] ids, int n) {
        return oneHot(new int[][] {ids}, n).reshape(Shape.of(ids.length, n));
    }

    /**
     * Equal-length sequences of token ids (e.g. padded ones) as 1-of-N vectors: shape (sequences, length, n).
     * Id 0 (padding) is a vector like any other, as in Keras' {@code to_categorical}.
     *
     * @param sequences the sequences of token ids, all of the same length, each id in {@code 0..n-1}
     * @param n the number of columns (the vocabulary size), positive
     * @return a new array of shape (sequences.length, length, n)
     * @throws IllegalArgumentException if {@code n} is not positive, the lengths differ, or an id is outside
     *     {@code 0..n-1}
     */
    public static NDArray oneHot(int[][] sequences, int n) {
        if (n <= 0) throw new IllegalArgumentException("oneHot: n must be positive, got " + n);
        int len = sequences.length == 0 ? 0 : sequences[0].length;
        float[] x = new float[Math.multiplyExact(Math.multiplyExact(sequences.length, len), n)];
        for (int r = 0; r < sequences.length; r++) {
            int[] s = sequences[r];
            if (s.length != len)
                throw new IllegalArgumentException(
                        "oneHot: sequence %d has length %d, sequence 0 has %d; pad them first with padSequences"
                                .formatted(r, s.length, len));
            for (int t = 0; t < len; t++) {
                if (s[t] < 0 || s[t] >= n)
                    throw new IllegalArgumentException("oneHot: id %d at sequence %d, step %d is outside 0..%d (n = %d)"
                            .formatted(s[t], r, t, n - 1, n));
                x[(r * len + t) * n + s[t]] = 1f; // fits: the array size was checked above
            }
        }
        return NDArray.wrap(x, Shape.of(sequences.length, len, n));
    }
}
