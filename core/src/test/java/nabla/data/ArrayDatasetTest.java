package nabla.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class ArrayDatasetTest {
    @Test
    void splitHoldsOutTheLastFractionAsViews() {
        var data = new ArrayDataset(DataLoaderTest.inputs(10), DataLoaderTest.labels(10));
        var split = data.split(0.25); // Keras: floor(10 * 0.75) = 7
        assertEquals(7, split.train().size());
        assertEquals(3, split.validation().size());
        assertEquals(Shape.of(3, 2, 3), split.validation().x().shape());
        assertEquals(7f, split.validation().y().get(0));
        assertEquals(700f, split.validation().x().get(0, 0, 0));
        assertSame(data.x().data(), split.validation().x().data()); // no copy
        assertSame(data.y().data(), split.train().y().data());
        assertEquals(List.of(7, 8, 9), DataLoaderTest.visit(split.validation().loader(2, false, 0), 0));
    }

    @Test
    void splitMatchesKerasRounding() {
        var data = new ArrayDataset(DataLoaderTest.inputs(60), DataLoaderTest.labels(60));
        assertEquals(54, data.split(0.1).train().size());
        assertEquals(40, data.split(1.0 / 3).train().size());
    }

    @Test
    void rejectsBadFractionsAndMismatchedSamples() {
        var data = new ArrayDataset(DataLoaderTest.inputs(10), DataLoaderTest.labels(10));
        var e = assertThrows(IllegalArgumentException.class, () -> data.split(1.0));
        assertEquals("ArrayDataset: validation fraction must be in (0, 1), got 1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> data.split(Double.NaN));
        e = assertThrows(
                IllegalArgumentException.class,
                () -> new ArrayDataset(DataLoaderTest.inputs(3), DataLoaderTest.labels(4)));
        assertEquals(
                "ArrayDataset: x " + Shape.of(3, 2, 3) + " and y " + Shape.of(4)
                        + " must have the same number of samples on axis 0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> data.slice(4, 11));
        assertEquals("ArrayDataset: slice [4, 11) is outside the 10 samples", e.getMessage());
    }
}
