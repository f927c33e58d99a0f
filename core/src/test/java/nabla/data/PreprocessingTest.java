package nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class PreprocessingTest {
    @Test
    void oneHotPutsAOneInTheLabelColumn() {
        NDArray y = Preprocessing.oneHot(new int[] {2, 0, 1, 2}, 3);
        assertEquals(Shape.of(4, 3), y.shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1}, y.toArray());
    }

    @Test
    void oneHotOfNoLabelsIsEmpty() {
        assertEquals(Shape.of(0, 5), Preprocessing.oneHot(new int[0], 5).shape());
    }

    @Test
    void oneHotRejectsLabelsOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(new int[] {0, 1, 10}, 10));
        assertEquals("oneHot: label 10 at index 2 is outside 0..9 (classes = 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(new int[] {-1}, 10));
        assertEquals("oneHot: label -1 at index 0 is outside 0..9 (classes = 10)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.oneHot(new int[] {0}, 0));
        assertEquals("oneHot: classes must be positive, got 0", e.getMessage());
    }

    @Test
    void oneHotFromFloatIndices() {
        NDArray y = Preprocessing.oneHot(Preprocessing.fromIndices(new int[] {1, 0}), 2);
        assertArrayEquals(new float[] {0, 1, 1, 0}, y.toArray());
    }

    @Test
    void toIndicesRejectsFractionsAndMatrices() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> Preprocessing.toIndices(NDArray.of(new float[] {1, 1.5f})));
        assertEquals("toIndices: label at index 1 is 1.5, not a whole number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.toIndices(NDArray.zeros(2, 2)));
        assertEquals("toIndices: labels must be a vector of shape (n), got " + Shape.of(2, 2), e.getMessage());
    }

    @Test
    void scale01MapsBytesToUnitInterval() {
        NDArray x = Preprocessing.scale01(new byte[] {0, (byte) 51, (byte) 255, (byte) 128}, Shape.of(2, 2));
        assertArrayEquals(new float[] {0f, 0.2f, 1f, 128 / 255f}, x.toArray(), 0f);
        var e = assertThrows(IllegalArgumentException.class, () -> Preprocessing.scale01(new byte[3], Shape.of(2, 2)));
        assertEquals("scale01: 3 bytes do not fill shape " + Shape.of(2, 2) + " (4 elements)", e.getMessage());
    }
}
