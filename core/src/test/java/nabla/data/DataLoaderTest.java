package nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** n samples of shape (2, 3); sample i holds 100*i + 0..5, so each value identifies its sample. */
    static NDArray inputs(int n) {
        float[] v = new float[n * 6];
        for (int i = 0; i < n; i++) for (int j = 0; j < 6; j++) v[i * 6 + j] = 100 * i + j;
        return NDArray.wrap(v, Shape.of(n, 2, 3));
    }

    /** Label of sample i is i, as a vector of shape (n). */
    static NDArray labels(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return NDArray.of(v);
    }

    /** The sample ids an epoch yields, in order, checking that x and y rows belong together. */
    static List<Integer> visit(DataLoader loader, int epoch) {
        List<Integer> ids = new ArrayList<>();
        for (DataLoader.Batch b : loader.epoch(epoch)) {
            for (int i = 0; i < b.size(); i++) {
                int id = (int) b.y().get(i);
                for (int j = 0; j < 6; j++) assertEquals(100 * id + j, b.x().get(i, j / 3, j % 3));
                ids.add(id);
            }
        }
        return ids;
    }

    @Test
    void everySampleOncePerEpochWithPartialLastBatch() {
        var loader = new DataLoader(inputs(10), labels(10), 4, true, 42);
        assertEquals(3, loader.batchesPerEpoch());
        List<Integer> sizes = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (DataLoader.Batch b : loader.epoch(0)) {
            sizes.add(b.size());
            indices.add(b.index());
            assertEquals(Shape.of(b.size(), 2, 3), b.x().shape());
            assertEquals(Shape.of(b.size()), b.y().shape());
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(0, 1, 2), indices);
        for (int e = 0; e < 5; e++) {
            List<Integer> ids = visit(loader, e);
            assertEquals(10, ids.size());
            assertEquals(
                    List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ids.stream().sorted().toList());
        }
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        var loader = new DataLoader(inputs(10), labels(10), 4, true, 1).withDropLast(true);
        assertEquals(2, loader.batchesPerEpoch());
        List<Integer> ids = visit(loader, 0);
        assertEquals(8, ids.size());
        assertEquals(8, ids.stream().distinct().count());
    }

    @Test
    void sameSeedSameOrderAndEpochsDiffer() {
        var a = new DataLoader(inputs(50), labels(50), 8, true, 7);
        var b = new DataLoader(inputs(50), labels(50), 8, true, 7);
        assertEquals(visit(a, 0), visit(b, 0));
        assertEquals(visit(a, 3), visit(b, 3)); // epoch 3 replays without epochs 1 and 2
        assertFalse(visit(a, 0).equals(visit(a, 1)), "two epochs gave the same order");
        assertFalse(
                visit(a, 0).equals(visit(new DataLoader(inputs(50), labels(50), 8, true, 8), 0)),
                "seeds 7 and 8 gave the same order");
        assertFalse(visit(a, 0).equals(List.copyOf(visit(new DataLoader(inputs(50), labels(50), 8, false, 7), 0))));
    }

    @Test
    void iteratingAnEpochTwiceRepeatsIt() {
        var loader = new DataLoader(inputs(20), labels(20), 3, true, 5);
        Iterable<DataLoader.Batch> epoch = loader.epoch(2);
        List<Integer> first = new ArrayList<>(), second = new ArrayList<>();
        for (DataLoader.Batch b : epoch) first.add((int) b.y().get(0));
        for (DataLoader.Batch b : epoch) second.add((int) b.y().get(0));
        assertEquals(first, second);
    }

    @Test
    void noShuffleKeepsTheOrderEveryEpoch() {
        var loader = new DataLoader(inputs(7), labels(7), 3, false, 123);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), visit(loader, 0));
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), visit(loader, 9));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6}, loader.order(4));
    }

    @Test
    void buffersAreReusedPerBatchSize() {
        var loader = new DataLoader(inputs(10), labels(10), 4, true, 3);
        List<DataLoader.Batch> batches = new ArrayList<>();
        for (int e = 0; e < 2; e++) for (DataLoader.Batch b : loader.epoch(e)) batches.add(b);
        assertSame(batches.get(0).x(), batches.get(1).x());
        assertSame(batches.get(0).y(), batches.get(4).y());
        assertSame(batches.get(2).x(), batches.get(5).x()); // the partial batch has its own buffer
        assertFalse(batches.get(0).x() == batches.get(2).x());
    }

    @Test
    void oneHotTargetsFollowTheirInputs() {
        int n = 9;
        int[] cls = new int[n];
        for (int i = 0; i < n; i++) cls[i] = i % 3;
        NDArray y = Preprocessing.oneHot(cls, 3);
        var loader = new DataLoader(inputs(n), y, 4, true, 11);
        int seen = 0;
        for (DataLoader.Batch b : loader.epoch(0)) {
            assertEquals(Shape.of(b.size(), 3), b.y().shape());
            for (int i = 0; i < b.size(); i++) {
                int id = (int) (b.x().get(i, 0, 0) / 100);
                for (int c = 0; c < 3; c++) assertEquals(c == id % 3 ? 1f : 0f, b.y().get(i, c));
                seen++;
            }
        }
        assertEquals(n, seen);
    }

    @Test
    void viewsWithAnOffsetAndStridedViewsWork() {
        NDArray x = inputs(10).slice(0, 6, 10); // contiguous, non-zero offset
        NDArray y = labels(10).slice(0, 6, 10);
        assertEquals(List.of(6, 7, 8, 9), visit(new DataLoader(x, y, 3, false, 0), 0));
        NDArray xt = inputs(4).permute(0, 2, 1); // strided: copied once
        var loader = new DataLoader(xt, labels(4), 4, false, 0);
        DataLoader.Batch b = loader.epoch(0).iterator().next();
        assertEquals(xt.toArray().length, b.x().size());
        assertArrayEquals(xt.toArray(), b.x().toArray());
    }

    @Test
    void iteratorEndsCleanly() {
        Iterator<DataLoader.Batch> it =
                new DataLoader(inputs(2), labels(2), 5, true, 0).epoch(0).iterator();
        assertEquals(2, it.next().size());
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
        assertFalse(new DataLoader(inputs(0), labels(0), 5, true, 0)
                .epoch(0)
                .iterator()
                .hasNext());
    }

    @Test
    void rejectsMismatchedSamplesAndBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(inputs(10), labels(9), 4, true, 0));
        assertEquals(
                "DataLoader: x " + Shape.of(10, 2, 3) + " and y " + Shape.of(9)
                        + " must have the same number of samples on axis 0",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(inputs(10), labels(10), 0, true, 0));
        assertEquals("DataLoader: batch size must be positive, got 0", e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> new DataLoader(inputs(10), labels(10), 2, true, 0).epoch(-1));
        assertEquals("DataLoader: epoch index must be >= 0, got -1", e.getMessage());
    }

    @Test
    void epochSeedsDoNotCollideForNearbySeedsAndEpochs() {
        var seen = new HashSet<Long>();
        for (long s = 0; s < 50; s++) for (int e = 0; e < 50; e++) seen.add(DataLoader.epochSeed(s, e));
        assertEquals(2500, seen.size());
        int[] o = new DataLoader(inputs(30), labels(30), 4, true, 0).order(0);
        int[] sorted = o.clone();
        Arrays.sort(sorted);
        assertArrayEquals(new DataLoader(inputs(30), labels(30), 4, false, 0).order(0), sorted);
    }
}
