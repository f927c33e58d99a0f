package nabla.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

/** padSequences against Keras' pad_sequences worked by hand; one-hot of token ids. */
class SequencesTest {
    static final int[][] SEQS = {{1, 2, 3}, {4, 5}, {6, 7, 8, 9, 10}};

    static void assertRows(float[][] expected, NDArray actual) {
        assertEquals(Shape.of(expected.length, expected[0].length), actual.shape());
        for (int r = 0; r < expected.length; r++)
            assertArrayEquals(expected[r], actual.slice(0, r, r + 1).toArray(), "row " + r);
    }

    @Test
    void defaultsPadAndTruncateAtTheStart() {
        assertRows(new float[][] {{0, 1, 2, 3}, {0, 0, 4, 5}, {7, 8, 9, 10}}, Sequences.padSequences(SEQS, 4));
    }

    @Test
    void allFourCombinations() {
        assertRows(
                new float[][] {{1, 2, 3, 0}, {4, 5, 0, 0}, {6, 7, 8, 9}},
                Sequences.padSequences(SEQS, 4, PadSide.POST, PadSide.POST, 0));
        assertRows(
                new float[][] {{0, 1, 2, 3}, {0, 0, 4, 5}, {6, 7, 8, 9}},
                Sequences.padSequences(SEQS, 4, PadSide.PRE, PadSide.POST, 0));
        assertRows(
                new float[][] {{1, 2, 3, 0}, {4, 5, 0, 0}, {7, 8, 9, 10}},
                Sequences.padSequences(SEQS, 4, PadSide.POST, PadSide.PRE, 0));
    }

    @Test
    void valueMaxlenNoneAndEmptySequences() {
        assertRows(
                new float[][] {{-1, -1, 1, 2, 3}, {-1, -1, -1, -1, -1}},
                Sequences.padSequences(new int[][] {{1, 2, 3}, {}}, 5, PadSide.PRE, PadSide.PRE, -1));
        assertRows(new float[][] {{0, 0, 1, 2, 3}, {0, 0, 0, 4, 5}, {6, 7, 8, 9, 10}}, Sequences.padSequences(SEQS));
        assertEquals(Shape.of(0, 7), Sequences.padSequences(new int[0][], 7).shape());
        assertRows(new float[][] {{3}, {5}, {10}}, Sequences.padSequences(SEQS, 1));
        assertThrows(IllegalArgumentException.class, () -> Sequences.padSequences(SEQS, -1));
    }

    @Test
    void oneHotOfTokenIds() {
        NDArray one = Sequences.oneHot(new int[] {2, 0, 1}, 3);
        assertEquals(Shape.of(3, 3), one.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, one.toArray());
        NDArray batch = Sequences.oneHot(new int[][] {{1, 2}, {0, 1}}, 3);
        assertEquals(Shape.of(2, 2, 3), batch.shape());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0}, batch.toArray());
        var e = assertThrows(IllegalArgumentException.class, () -> Sequences.oneHot(new int[][] {{1, 3}}, 3));
        assertEquals("oneHot: id 3 at sequence 0, step 1 is outside 0..2 (n = 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequences.oneHot(new int[][] {{1, 2}, {1}}, 3));
        assertEquals(
                "oneHot: sequence 1 has length 1, sequence 0 has 2; pad them first with padSequences", e.getMessage());
    }
}
