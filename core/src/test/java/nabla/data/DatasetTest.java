package nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;

class DatasetTest {
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

    /** All elements of one epoch, closing it. */
    static List<Example> elements(Dataset d, int epoch) {
        List<Example> out = new ArrayList<>();
        try (Dataset.Epoch e = d.epoch(epoch)) {
            while (e.hasNext()) out.add(e.next());
        }
        return out;
    }

    /**
     * The sample ids an epoch of a data set over {@link #inputs} and {@link #labels} yields, in order, checking that
     * inputs and targets belong together; works for samples and for batches.
     */
    static List<Integer> ids(Dataset d, int epoch) {
        List<Integer> ids = new ArrayList<>();
        for (Example e : elements(d, epoch)) {
            NDArray x = e.inputs().getFirst(), y = e.targets().getFirst();
            if (y.rank() == 0) {
                x = x.unsqueeze(0);
                y = y.reshape(1);
            }
            for (int i = 0; i < y.dim(0); i++) {
                int id = (int) y.get(i);
                for (int j = 0; j < 6; j++) assertEquals(100 * id + j, x.get(i, j / 3, j % 3), "sample " + id);
                ids.add(id);
            }
        }
        return ids;
    }

    static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static Dataset data(int n) {
        return Dataset.fromArrays(inputs(n), labels(n));
    }

    // ---------------------------------------------------------------- Example

    @Test
    void exampleCopiesItsListsAndChecksThem() {
        List<NDArray> xs = new ArrayList<>(List.of(NDArray.zeros(4, 3)));
        Example e = new Example(xs, List.of(), null);
        xs.add(NDArray.zeros(4));
        assertEquals(1, e.inputs().size());
        assertThrows(UnsupportedOperationException.class, () -> e.inputs().add(NDArray.zeros(1)));
        assertEquals(4, e.batchSize());
        assertThrows(NullPointerException.class, () -> new Example(null, List.of(), null));
        assertThrows(NullPointerException.class, () -> new Example(List.of(NDArray.zeros(1)), null, null));
        assertThrows(IllegalArgumentException.class, () -> new Example(List.of(), List.of(NDArray.zeros(1)), null));
        assertThrows(
                IllegalStateException.class, () -> Example.of(NDArray.scalar(1)).batchSize());

        Example xy = Example.of(NDArray.zeros(2), NDArray.ones(1));
        assertEquals(1, xy.targets().size());
        assertNull(xy.weights());
        assertTrue(Example.of(NDArray.zeros(2)).targets().isEmpty());
    }

    // ---------------------------------------------------------------- array sources

    @Test
    void arraysYieldTheirSamplesInOrder() {
        Dataset d = data(5);
        assertEquals(5, d.cardinality());
        assertFalse(d.batched());
        List<Example> samples = elements(d, 0);
        assertEquals(5, samples.size());
        assertEquals(Shape.of(2, 3), samples.get(3).inputs().getFirst().shape());
        assertEquals(Shape.scalar(), samples.get(3).targets().getFirst().shape());
        assertEquals(303, samples.get(3).inputs().getFirst().get(1, 0));
        assertEquals(range(5), ids(d, 0));
        assertEquals(range(5), ids(d, 3)); // unshuffled: every epoch the same
    }

    @Test
    void arraysOfDifferentLengthsNameTheShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.fromArrays(inputs(10), labels(9)));
        assertTrue(e.getMessage().contains("(10, 2, 3)") && e.getMessage().contains("(9,)"), e.getMessage());
        var w = assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.fromArrays(List.of(inputs(10)), List.of(labels(10)), NDArray.zeros(10, 1)));
        assertTrue(w.getMessage().contains("(10, 1)"), w.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.fromArrays(List.of(inputs(10)), List.of(labels(10)), NDArray.zeros(9)));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromArrays(List.of(), List.of(labels(3))));
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromArrays(NDArray.scalar(1), NDArray.scalar(1)));
    }

    // ---------------------------------------------------------------- batch

    @Test
    void batchStacksSamplesAndKeepsTheRemainder() {
        Dataset b = data(10).batch(4);
        assertTrue(b.batched());
        assertEquals(3, b.cardinality());
        List<Example> batches = elements(b, 0);
        assertEquals(
                List.of(Shape.of(4, 2, 3), Shape.of(4, 2, 3), Shape.of(2, 2, 3)),
                batches.stream().map(e -> e.inputs().getFirst().shape()).toList());
        assertEquals(
                List.of(Shape.of(4), Shape.of(4), Shape.of(2)),
                batches.stream().map(e -> e.targets().getFirst().shape()).toList());
        assertEquals(List.of(4, 4, 2), batches.stream().map(Example::batchSize).toList());
        assertEquals(range(10), ids(b, 0));
        for (Example e : batches) assertTrue(e.inputs().getFirst().isContiguous());
    }

    @Test
    void dropRemainderDropsTheLastSmallBatch() {
        Dataset b = data(10).batch(4, true);
        assertEquals(2, b.cardinality());
        assertEquals(
                List.of(4, 4), elements(b, 0).stream().map(Example::batchSize).toList());
        assertEquals(range(8), ids(b, 0));
        // the generic path (after a map) drops it too
        Dataset g = data(10).map(e -> e).batch(4, true);
        assertEquals(
                List.of(4, 4), elements(g, 0).stream().map(Example::batchSize).toList());
        // an exact multiple keeps everything
        assertEquals(
                List.of(5, 5),
                elements(data(10).batch(5, true), 0).stream()
                        .map(Example::batchSize)
                        .toList());
    }

    @Test
    void genericBatchingStacksIntoNewArrays() {
        Dataset b = data(10).map(e -> e).batch(3);
        List<Example> batches = elements(b, 0);
        assertEquals(4, batches.size());
        assertEquals(Shape.of(1, 2, 3), batches.getLast().inputs().getFirst().shape());
        assertEquals(range(10), ids(b, 0));
        NDArray x = inputs(10);
        assertArrayEquals(
                x.slice(0, 3, 6).toArray(), batches.get(1).inputs().getFirst().toArray());
    }

    @Test
    void batchingSamplesOfDifferentShapesNamesTheElementAndTheShapes() {
        Dataset d = Dataset.fromGenerator(() -> IntStream.range(0, 10)
                        .mapToObj(i -> Example.of(NDArray.zeros(i == 5 ? 4 : 3), NDArray.scalar(i)))
                        .iterator())
                .batch(8);
        try (Dataset.Epoch e = d.epoch(0)) {
            var ex = assertThrows(IllegalArgumentException.class, e::next);
            String m = ex.getMessage();
            assertTrue(m.contains("element 5") && m.contains("(4,)") && m.contains("(3,)"), m);
        }
        Dataset mixed = Dataset.fromGenerator(() -> IntStream.range(0, 4)
                        .mapToObj(i ->
                                new Example(List.of(NDArray.zeros(2)), List.of(), i == 2 ? NDArray.scalar(1) : null))
                        .iterator())
                .batch(4);
        try (Dataset.Epoch e = mixed.epoch(0)) {
            var ex = assertThrows(IllegalArgumentException.class, e::next);
            assertTrue(ex.getMessage().contains("element 2"), ex.getMessage());
        }
    }

    @Test
    void multipleInputsAndTargetsAreBatchedPositionByPosition() {
        int n = 7;
        NDArray a = inputs(n),
                b = labels(n).mul(2),
                y1 = labels(n),
                y2 = NDArray.zeros(n, 4).add(labels(n).reshape(n, 1));
        for (Dataset d : List.of(
                Dataset.fromArrays(List.of(a, b), List.of(y1, y2)).batch(3),
                Dataset.fromArrays(List.of(a, b), List.of(y1, y2)).map(e -> e).batch(3))) {
            List<Example> batches = elements(d, 0);
            assertEquals(3, batches.size());
            Example first = batches.getFirst();
            assertEquals(2, first.inputs().size());
            assertEquals(2, first.targets().size());
            assertEquals(Shape.of(3, 2, 3), first.inputs().get(0).shape());
            assertEquals(Shape.of(3), first.inputs().get(1).shape());
            assertEquals(Shape.of(3), first.targets().get(0).shape());
            assertEquals(Shape.of(3, 4), first.targets().get(1).shape());
            Example last = batches.getLast();
            assertArrayEquals(new float[] {12}, last.inputs().get(1).toArray());
            assertArrayEquals(new float[] {6, 6, 6, 6}, last.targets().get(1).toArray());
        }
        // no targets: for prediction
        Example x =
                elements(Dataset.fromArrays(List.of(a), List.of()).batch(4), 0).getFirst();
        assertTrue(x.targets().isEmpty());
        assertEquals(Shape.of(4, 2, 3), x.inputs().getFirst().shape());
    }

    @Test
    void scalarSampleWeightsBatchIntoVectors() {
        int n = 5;
        NDArray w = NDArray.of(new float[] {0.5f, 1, 2, 3, 4});
        Dataset samples = Dataset.fromArrays(List.of(inputs(n)), List.of(labels(n)), w);
        Example s = elements(samples, 0).get(2);
        assertEquals(Shape.scalar(), s.weights().shape());
        assertEquals(2f, s.weights().item());
        for (Dataset d : List.of(
                samples.batch(2),
                samples.map(e -> e).batch(2),
                samples.shuffle(10, 3).batch(2))) {
            List<Example> batches = elements(d, 0);
            assertEquals(
                    List.of(Shape.of(2), Shape.of(2), Shape.of(1)),
                    batches.stream().map(e -> e.weights().shape()).toList());
            // the weights travel with their samples
            for (Example b : batches)
                for (int i = 0; i < b.batchSize(); i++)
                    assertEquals(
                            w.get((int) b.targets().getFirst().get(i)),
                            b.weights().get(i));
        }
        assertNull(elements(data(3).batch(2), 0).getFirst().weights());
    }

    // ---------------------------------------------------------------- cardinality and flags

    @Test
    void cardinalityFollowsTheTransformations() {
        Dataset d = data(10);
        assertEquals(4, d.batch(3).cardinality());
        assertEquals(3, d.batch(3, true).cardinality());
        assertEquals(1, d.batch(10).cardinality());
        assertEquals(1, d.batch(11).cardinality());
        assertEquals(0, d.batch(11, true).cardinality());
        assertEquals(2, d.take(2).cardinality());
        assertEquals(10, d.take(100).cardinality());
        assertEquals(10, d.map(e -> e).shuffle(3, 1).prefetch(2).cardinality());
        assertEquals(-1, d.filter(e -> true).cardinality());
        assertEquals(-1, d.filter(e -> true).batch(2).cardinality());
        assertEquals(-1, d.filter(e -> true).take(3).cardinality());
        assertEquals(2, d.batch(4).take(2).cardinality());
        Dataset g = Dataset.fromGenerator(List.<Example>of()::iterator);
        assertEquals(-1, g.cardinality());
        assertEquals(-1, g.batch(4).cardinality());
        assertEquals(0, Dataset.fromArrays(inputs(0), labels(0)).batch(4).cardinality());
        assertEquals(
                List.of(), elements(Dataset.fromArrays(inputs(0), labels(0)).batch(4), 0));
    }

    @Test
    void batchedIsKeptByTheOtherTransformationsAndTheReceiverIsUnchanged() {
        Dataset d = data(10);
        Dataset b = d.batch(2);
        assertFalse(d.batched());
        assertEquals(10, d.cardinality());
        assertTrue(b.map(e -> e).batched());
        assertTrue(b.filter(e -> true).batched());
        assertTrue(b.shuffle(4, 1).batched());
        assertTrue(b.take(2).batched());
        assertTrue(b.prefetch(2).batched());
        assertFalse(d.map(e -> e).shuffle(4, 1).take(3).prefetch(1).batched());
        assertEquals(range(10), ids(d, 0));
    }

    @Test
    void badArgumentsAreRefused() {
        Dataset d = data(4);
        assertThrows(IllegalArgumentException.class, () -> d.batch(0));
        assertThrows(IllegalArgumentException.class, () -> d.shuffle(0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.take(-1));
        assertThrows(IllegalArgumentException.class, () -> d.prefetch(0));
        assertThrows(IllegalArgumentException.class, () -> d.epoch(-1));
        assertThrows(IllegalArgumentException.class, () -> d.batch(2).epoch(-1));
        assertThrows(NullPointerException.class, () -> d.map(null));
        assertThrows(NullPointerException.class, () -> d.filter(null));
        assertThrows(NullPointerException.class, () -> Dataset.fromGenerator(null));
    }

    // ---------------------------------------------------------------- shuffle

    @Test
    void shuffleIsReproduciblePerEpochAndDiffersBetweenEpochs() {
        Dataset s = data(40).shuffle(8, 1234);
        List<Integer> e0 = ids(s, 0);
        assertEquals(e0, ids(s, 0));
        assertEquals(e0, ids(data(40).shuffle(8, 1234), 0)); // another data set, same seed
        assertNotEquals(e0, ids(s, 1));
        assertEquals(ids(s, 1), ids(s, 1));
        assertNotEquals(e0, ids(data(40).shuffle(8, 1235), 0));
        assertNotEquals(range(40), e0);
        // epoch 5 without 0..4 first: the same as after them
        Dataset fresh = data(40).shuffle(8, 1234);
        List<Integer> e5 = ids(fresh, 5);
        for (int e = 0; e < 5; e++) ids(s, e);
        assertEquals(e5, ids(s, 5));
    }

    @Test
    void aBufferCoveringTheDataGivesAPermutation() {
        for (int buffer : new int[] {50, 1000}) {
            List<Integer> order = ids(data(50).shuffle(buffer, 9), 0);
            assertEquals(range(50), order.stream().sorted().toList());
            assertNotEquals(range(50), order);
        }
        // the first element is not stuck near the front (it would be with a small buffer)
        List<Integer> firsts = new ArrayList<>();
        for (int e = 0; e < 20; e++) firsts.add(ids(data(50).shuffle(50, 9), e).getFirst());
        assertTrue(firsts.stream().anyMatch(i -> i >= 25), firsts.toString());
    }

    @Test
    void aSmallBufferKeepsEveryElementOnceAndMixesLocally() {
        int n = 100, buffer = 5;
        List<Integer> order = ids(data(n).shuffle(buffer, 3), 0);
        assertEquals(range(n), order.stream().sorted().toList());
        assertNotEquals(range(n), order);
        for (int pos = 0; pos < n; pos++) {
            int k = order.get(pos);
            assertTrue(pos >= k - buffer + 1, "element " + k + " came out at " + pos);
        }
        assertEquals(range(n), ids(data(n).shuffle(1, 3), 0)); // a buffer of one does not shuffle
    }

    @Test
    void shufflingBatchesKeepsThemWhole() {
        Dataset b = data(12).batch(3).shuffle(4, 5);
        List<Example> batches = elements(b, 0);
        assertEquals(4, batches.size());
        List<Integer> ids = ids(b, 0);
        assertEquals(range(12), ids.stream().sorted().toList());
        for (int i = 0; i < 12; i += 3) {
            assertEquals(0, ids.get(i) % 3);
            assertEquals(ids.get(i) + 2, ids.get(i + 2));
        }
    }

    @Test
    void theGatheringFastPathGivesWhatPerSampleStackingGives() {
        int n = 23;
        NDArray w = labels(n).mul(0.5f);
        Dataset src = Dataset.fromArrays(List.of(inputs(n), labels(n).mul(3)), List.of(labels(n)), w);
        for (int buffer : new int[] {1, 4, 23, 100})
            for (boolean drop : new boolean[] {false, true}) {
                Dataset fast = src.shuffle(buffer, 77).batch(5, drop);
                Dataset slow = src.shuffle(buffer, 77).map(e -> e).batch(5, drop);
                for (int epoch = 0; epoch < 2; epoch++) {
                    List<Example> a = elements(fast, epoch), b = elements(slow, epoch);
                    assertEquals(b.size(), a.size());
                    for (int i = 0; i < a.size(); i++) assertSameArrays(b.get(i), a.get(i));
                }
            }
        List<Example> a = elements(src.batch(6), 0),
                b = elements(src.map(e -> e).batch(6), 0);
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) assertSameArrays(b.get(i), a.get(i));
    }

    /** A strided (transposed) source batches like its contiguous copy. */
    @Test
    void nonContiguousArraysBatchCorrectly() {
        NDArray t = inputs(6).reshape(6, 6).transpose(); // (6, 6), column-major view
        assertFalse(t.isContiguous());
        Dataset d = Dataset.fromArrays(t, labels(6));
        Dataset c = Dataset.fromArrays(t.copy(), labels(6));
        assertArrayEquals(
                elements(c.batch(4), 0).getFirst().inputs().getFirst().toArray(),
                elements(d.batch(4), 0).getFirst().inputs().getFirst().toArray());
        assertArrayEquals(
                elements(c.shuffle(6, 1).batch(4), 0)
                        .getLast()
                        .inputs()
                        .getFirst()
                        .toArray(),
                elements(d.shuffle(6, 1).map(e -> e).batch(4), 0)
                        .getLast()
                        .inputs()
                        .getFirst()
                        .toArray());
    }

    static void assertSameArrays(Example expected, Example actual) {
        List<NDArray> e = new ArrayList<>(expected.inputs()), a = new ArrayList<>(actual.inputs());
        e.addAll(expected.targets());
        a.addAll(actual.targets());
        if (expected.weights() != null) e.add(expected.weights());
        if (actual.weights() != null) a.add(actual.weights());
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.get(i).shape(), a.get(i).shape());
            assertArrayEquals(e.get(i).toArray(), a.get(i).toArray());
        }
    }

    // ---------------------------------------------------------------- map, filter, take, generators

    @Test
    void mapFilterAndTake() {
        Dataset d = data(10);
        Dataset shifted = d.map(
                e -> Example.of(e.inputs().getFirst(), e.targets().getFirst().add(1000)));
        assertEquals(
                IntStream.range(1000, 1010).boxed().toList(),
                elements(shifted, 0).stream()
                        .map(e -> (int) e.targets().getFirst().item())
                        .toList());
        Dataset even = d.filter(e -> e.targets().getFirst().item() % 2 == 0);
        assertEquals(List.of(0, 2, 4, 6, 8), ids(even, 0));
        assertEquals(List.of(0, 2, 4), ids(even.batch(3), 0).subList(0, 3));
        assertEquals(List.of(0, 1, 2), ids(d.take(3), 0));
        assertEquals(List.of(), ids(d.take(0), 0));
        assertEquals(range(10), ids(d.take(50), 0));
        assertEquals(List.of(0, 2, 4), ids(even.take(3), 0));
        assertEquals(range(8), ids(d.batch(4).take(2), 0));
        var npe = assertThrows(NullPointerException.class, () -> elements(d.map(e -> null), 0));
        assertTrue(npe.getMessage().contains("element 0"), npe.getMessage());
    }

    @Test
    void theGeneratorIsCalledOncePerEpochAndTakeEndsAnInfiniteOne() {
        AtomicInteger calls = new AtomicInteger();
        Dataset g = Dataset.fromGenerator(() -> {
            calls.incrementAndGet();
            return Stream.iterate(0, i -> i + 1)
                    .map(i -> Example.of(NDArray.zeros(2), NDArray.scalar(i)))
                    .iterator();
        });
        Dataset firstFive = g.take(5).batch(2);
        List<Example> batches = elements(firstFive, 0);
        assertEquals(List.of(2, 2, 1), batches.stream().map(Example::batchSize).toList());
        assertArrayEquals(
                new float[] {4}, batches.getLast().targets().getFirst().toArray());
        assertEquals(1, calls.get());
        elements(firstFive, 1);
        assertEquals(2, calls.get());
    }

    @Test
    void nothingIsReadBeforeAnEpochIsIterated() {
        AtomicInteger calls = new AtomicInteger(), mapped = new AtomicInteger();
        Dataset g = Dataset.fromGenerator(() -> {
            calls.incrementAndGet();
            return List.of(Example.of(NDArray.zeros(1), NDArray.scalar(0))).iterator();
        });
        Dataset pipeline = g.map(e -> {
                    mapped.incrementAndGet();
                    return e;
                })
                .filter(e -> true)
                .shuffle(10, 1)
                .batch(2)
                .take(3)
                .prefetch(2);
        assertEquals(-1, pipeline.cardinality());
        try (Dataset.Epoch e = pipeline.epoch(0)) {
            assertEquals(0, calls.get());
        }
        assertEquals(0, calls.get());
        assertEquals(0, mapped.get());
        assertEquals(1, elements(pipeline, 0).size());
        assertEquals(1, calls.get());
        assertEquals(1, mapped.get());
    }

    @Test
    void anEpochEndsWithNoSuchElementAndIsEmptyAfterClose() {
        Dataset.Epoch e = data(2).batch(1).epoch(0);
        e.next();
        e.next();
        assertFalse(e.hasNext());
        assertThrows(NoSuchElementException.class, e::next);
        e.close();
        e.close();
        Dataset.Epoch f = data(3).map(x -> x).epoch(0);
        assertTrue(f.hasNext());
        f.close();
        assertFalse(f.hasNext());
        assertThrows(NoSuchElementException.class, f::next);
    }

    @Test
    void aGeneratorsCloseableIteratorIsClosedWithTheEpoch() {
        AtomicInteger closed = new AtomicInteger();
        class Closing implements Iterator<Example>, AutoCloseable {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Example next() {
                return Example.of(NDArray.scalar(i++));
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        }
        Dataset g = Dataset.fromGenerator(Closing::new);
        try (Dataset.Epoch e = g.epoch(0)) {
            e.next();
        }
        assertEquals(1, closed.get());
        elements(g.take(3), 0); // take closes its upstream when done
        assertEquals(2, closed.get());
    }

    /** A user subclass: only epoch() to write. */
    @Test
    void aSubclassNeedsOnlyAnEpoch() {
        Dataset custom = new Dataset() {
            @Override
            public Epoch epoch(int epoch) {
                Iterator<Example> it =
                        List.of(Example.of(NDArray.scalar(epoch))).iterator();
                return new Epoch() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Example next() {
                        return it.next();
                    }
                };
            }
        };
        assertEquals(-1, custom.cardinality());
        assertFalse(custom.batched());
        Example b = elements(custom.batch(4), 3).getFirst();
        assertArrayEquals(new float[] {3}, b.inputs().getFirst().toArray());
    }
}
