package nabla.data;

import static nabla.data.DatasetTest.assertSameArrays;
import static nabla.data.DatasetTest.elements;
import static nabla.data.DatasetTest.ids;
import static nabla.data.DatasetTest.inputs;
import static nabla.data.DatasetTest.labels;
import static nabla.data.DatasetTest.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sources, prefetching, and a child JVM with a small heap streaming a file larger than it. */
class DatasetStreamingTest {
    @TempDir
    Path dir;

    // ---------------------------------------------------------------- binary records

    @Test
    void binaryRecordsRoundTrip() throws IOException {
        NDArray x = inputs(37), y = labels(37);
        Path f = dir.resolve("small.bin");
        Dataset.writeBinaryRecords(f, x, y);
        assertEquals(37L * (6 + 1) * 4, Files.size(f));
        Dataset d = Dataset.fromBinaryRecords(f, Shape.of(2, 3), Shape.scalar());
        assertEquals(37, d.cardinality());
        assertEquals(range(37), ids(d, 0));
        Example all = elements(d.batch(100), 0).getFirst();
        assertSameArrays(Example.of(x, y), all);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList()); // no temporary file left behind
        }
    }

    /** Records of 1,001 floats: about 260 per 1 MiB chunk, so an epoch crosses several chunk boundaries. */
    @Test
    void recordsAcrossChunkBoundariesComeBackExactly() throws IOException {
        int n = 1100, width = 1000;
        NDArray x = NDArray.uniform(Shape.of(n, width), -1, 1, new Rng(5));
        NDArray y = NDArray.uniform(Shape.of(n, 1), 0, 1, new Rng(6));
        Path f = dir.resolve("wide.bin");
        Dataset.writeBinaryRecords(f, x, y);
        Dataset d = Dataset.fromBinaryRecords(f, Shape.of(width), Shape.of(1));
        assertEquals(n, d.cardinality());
        List<Example> batches = elements(d.batch(300), 0);
        assertEquals(
                List.of(300, 300, 300, 200),
                batches.stream().map(Example::batchSize).toList());
        NDArray gotX = NDArray.concat(
                0, batches.stream().map(b -> b.inputs().getFirst()).toList());
        NDArray gotY = NDArray.concat(
                0, batches.stream().map(b -> b.targets().getFirst()).toList());
        assertArrayEquals(x.toArray(), gotX.toArray());
        assertArrayEquals(y.toArray(), gotY.toArray());
    }

    @Test
    void writingFromAnIteratorStreamsAndReplacesAtomically() throws IOException {
        Path f = dir.resolve("it.bin");
        Files.writeString(f, "old content");
        Iterator<Example> examples = IntStream.range(0, 5)
                .mapToObj(i -> Example.of(NDArray.full(Shape.of(3), i), NDArray.of(new float[] {-i, i})))
                .iterator();
        Dataset.writeBinaryRecords(f, examples);
        Dataset d = Dataset.fromBinaryRecords(f, Shape.of(3), Shape.of(2));
        List<Example> got = elements(d, 0);
        assertEquals(5, got.size());
        assertArrayEquals(new float[] {4, 4, 4}, got.get(4).inputs().getFirst().toArray());
        assertArrayEquals(new float[] {-4, 4}, got.get(4).targets().getFirst().toArray());

        // a bad example: the old file stays, no temporary file is left
        Iterator<Example> bad = Stream.of(
                        Example.of(NDArray.zeros(3), NDArray.zeros(2)), Example.of(NDArray.zeros(4), NDArray.zeros(2)))
                .iterator();
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.writeBinaryRecords(f, bad));
        assertTrue(e.getMessage().contains("example 1") && e.getMessage().contains("(4,)"), e.getMessage());
        assertEquals(5, Dataset.fromBinaryRecords(f, Shape.of(3), Shape.of(2)).cardinality());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Dataset.writeBinaryRecords(
                        f, List.of(Example.of(NDArray.zeros(2))).iterator()));
    }

    @Test
    void aTruncatedFileNamesTheFileTheRecordAndTheBytes() throws IOException {
        Path f = dir.resolve("cut.bin");
        Dataset.writeBinaryRecords(f, inputs(5), labels(5)); // 5 records of 28 bytes
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            c.truncate(5 * 28 - 10);
        }
        Dataset d = Dataset.fromBinaryRecords(f, Shape.of(2, 3), Shape.scalar());
        assertEquals(4, d.cardinality());
        try (Dataset.Epoch e = d.batch(2).epoch(0)) {
            var ex = assertThrows(UncheckedIOException.class, e::hasNext);
            String m = ex.getMessage();
            assertTrue(m.contains(f.toString()), m);
            assertTrue(m.contains("record 4") && m.contains("130 bytes") && m.contains("18 of its 28 bytes"), m);
            assertInstanceOf(CorruptDataException.class, ex.getCause());
            assertEquals(f, ((CorruptDataException) ex.getCause()).file());
            assertThrows(UncheckedIOException.class, e::hasNext); // again, not some later failure
        }
    }

    @Test
    void aMissingFileFailsTheEpochNotTheConstruction() {
        Path f = dir.resolve("absent.bin");
        Dataset d = Dataset.fromBinaryRecords(f, Shape.of(3), Shape.scalar());
        assertEquals(-1, d.cardinality());
        try (Dataset.Epoch e = d.epoch(0)) {
            var ex = assertThrows(UncheckedIOException.class, e::hasNext);
            assertTrue(ex.getMessage().contains(f.toString()), ex.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Dataset.fromBinaryRecords(f, Shape.of(0), Shape.of(0)));
    }

    // ---------------------------------------------------------------- lines

    static Example parseCsv(String line) {
        String[] parts = line.split(",");
        float[] x = new float[parts.length - 1];
        for (int i = 0; i < x.length; i++) x[i] = Float.parseFloat(parts[i]);
        return Example.of(NDArray.of(x), NDArray.scalar(Float.parseFloat(parts[parts.length - 1])));
    }

    @Test
    void linesAreParsedLazilyIntoExamples() throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, "1,2,0\n3,4,1\n5,6,0\n", StandardCharsets.UTF_8);
        Dataset d = Dataset.fromLines(f, DatasetStreamingTest::parseCsv);
        assertEquals(-1, d.cardinality());
        Example b = elements(d.batch(2), 0).getFirst();
        assertArrayEquals(new float[] {1, 2, 3, 4}, b.inputs().getFirst().toArray());
        assertArrayEquals(new float[] {0, 1}, b.targets().getFirst().toArray());
        assertEquals(3, elements(d, 1).size());
        Files.delete(f);
        Dataset later = Dataset.fromLines(f, DatasetStreamingTest::parseCsv); // not opened yet
        try (Dataset.Epoch e = later.epoch(0)) {
            var ex = assertThrows(UncheckedIOException.class, e::hasNext);
            assertTrue(ex.getMessage().contains(f.toString()), ex.getMessage());
        }
    }

    @Test
    void aLineThatDoesNotParseIsNamedWithItsNumber() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "1,2,0\n3,4,1\n5,x,0\n7,8,1\n", StandardCharsets.UTF_8);
        Dataset d = Dataset.fromLines(f, DatasetStreamingTest::parseCsv);
        try (Dataset.Epoch e = d.epoch(0)) {
            e.next();
            e.next();
            var ex = assertThrows(IllegalArgumentException.class, e::next);
            String m = ex.getMessage();
            assertTrue(m.contains(f.toString()) && m.contains("line 3") && m.contains("5,x,0"), m);
            assertInstanceOf(NumberFormatException.class, ex.getCause());
        }
        Dataset nulls = Dataset.fromLines(f, line -> line.startsWith("3") ? null : parseCsv("0,0"));
        var ex = assertThrows(IllegalArgumentException.class, () -> elements(nulls, 0));
        assertTrue(ex.getMessage().contains("line 2"), ex.getMessage());
    }

    // ---------------------------------------------------------------- prefetch

    /** The live threads whose name starts with {@link Prefetch#THREAD_NAME}. */
    static List<Thread> prefetchThreads() {
        List<Thread> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet())
            if (t.getName().startsWith("nabla-prefetch-") && t.isAlive()) out.add(t);
        return out;
    }

    @Test
    void prefetchGivesTheSameSequence() {
        Dataset pipeline = DatasetTest.data(50).shuffle(16, 8).batch(7);
        for (int buffer : new int[] {1, 2, 100}) {
            List<Example> plain = elements(pipeline, 2), ahead = elements(pipeline.prefetch(buffer), 2);
            assertEquals(plain.size(), ahead.size());
            for (int i = 0; i < plain.size(); i++) assertSameArrays(plain.get(i), ahead.get(i));
        }
        assertEquals(
                ids(DatasetTest.data(30).shuffle(5, 1), 0),
                ids(DatasetTest.data(30).shuffle(5, 1).prefetch(3), 0));
        assertEquals(range(30), ids(DatasetTest.data(30).prefetch(1).prefetch(2), 0));
        assertEquals(List.of(), elements(DatasetTest.data(0).prefetch(2), 0));
    }

    @Test
    void aProducerExceptionReachesTheConsumerWithTheOriginalAsCause() {
        IllegalStateException boom = new IllegalStateException("boom at 5");
        Dataset failing = Dataset.fromGenerator(() -> IntStream.range(0, 10)
                        .mapToObj(i -> {
                            if (i == 5) throw boom;
                            return Example.of(NDArray.scalar(i));
                        })
                        .iterator())
                .prefetch(2);
        try (Dataset.Epoch e = failing.epoch(0)) {
            for (int i = 0; i < 5; i++)
                assertEquals(i, e.next().inputs().getFirst().item());
            var ex = assertThrows(IllegalStateException.class, e::hasNext);
            assertSame(boom, ex.getCause());
            assertTrue(ex.getMessage().contains("boom at 5"), ex.getMessage());
            var again = assertThrows(IllegalStateException.class, e::next);
            assertSame(boom, again.getCause());
        }
        // a batching error downstream of the file is rethrown the same way
        Dataset shapes = Dataset.fromGenerator(
                        () -> Stream.of(Example.of(NDArray.zeros(2)), Example.of(NDArray.zeros(3)))
                                .iterator())
                .batch(2)
                .prefetch(1);
        var ex = assertThrows(IllegalStateException.class, () -> elements(shapes, 0));
        assertInstanceOf(IllegalArgumentException.class, ex.getCause());
        assertTrue(prefetchThreads().isEmpty(), prefetchThreads().toString());
    }

    @Test
    void closingEarlyStopsAndJoinsTheThread() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        Dataset endless = Dataset.fromGenerator(() -> {
                    producer.set(Thread.currentThread());
                    return Stream.iterate(0, i -> i + 1)
                            .map(i -> Example.of(NDArray.scalar(i)))
                            .iterator();
                })
                .prefetch(2);
        Dataset.Epoch unused = endless.epoch(0);
        unused.close();
        assertEquals(null, producer.get()); // never started: nothing asked for an element

        try (Dataset.Epoch e = endless.epoch(0)) {
            for (int i = 0; i < 3; i++)
                assertEquals(i, e.next().inputs().getFirst().item());
            assertTrue(producer.get().isAlive()); // blocked on the full queue
            assertTrue(
                    producer.get().getName().startsWith("nabla-prefetch-"),
                    producer.get().getName());
            assertTrue(producer.get().isDaemon());
        }
        assertFalse(producer.get().isAlive());
        assertTrue(prefetchThreads().isEmpty(), prefetchThreads().toString());
    }

    @Test
    void theThreadEndsWithTheDataAndWithTake() throws InterruptedException {
        AtomicReference<Thread> producer = new AtomicReference<>();
        Dataset d = Dataset.fromGenerator(() -> {
            producer.set(Thread.currentThread());
            return Stream.iterate(0, i -> i + 1)
                    .limit(20)
                    .map(i -> Example.of(NDArray.scalar(i)))
                    .iterator();
        });
        // drained to the end without close(): the thread ends by itself
        Dataset.Epoch e = d.prefetch(3).epoch(0);
        int count = 0;
        while (e.hasNext()) {
            e.next();
            count++;
        }
        assertEquals(20, count);
        producer.get().join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(producer.get().isAlive());
        assertThrows(NoSuchElementException.class, e::next);

        // take(3) closes the prefetching epoch once it has its three
        assertEquals(3, elements(d.prefetch(2).take(3), 0).size());
        assertFalse(producer.get().isAlive());
        assertTrue(prefetchThreads().isEmpty(), prefetchThreads().toString());
    }

    @Test
    void epochsOfOneDatasetRunConcurrently() throws Exception {
        Dataset d = DatasetTest.data(200).shuffle(50, 4).batch(16).prefetch(2);
        List<Integer> expected0 = ids(d, 0), expected1 = ids(d, 1);
        var results = new ArrayList<java.util.concurrent.Future<List<Integer>>>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 4; i++) {
                int epoch = i % 2;
                results.add(pool.submit(() -> ids(d, epoch)));
            }
            for (int i = 0; i < 4; i++)
                assertEquals(i % 2 == 0 ? expected0 : expected1, results.get(i).get());
        }
    }

    // ---------------------------------------------------------------- bounded memory

    /**
     * A file of about 205 MB (50,000 records of 1,024 + 1 floats) streamed by a child JVM whose heap is 48 MiB,
     * through shuffle(1000).batch(256).prefetch(2): it must finish and see every record exactly once with its own
     * target. The file is written from an iterator, so this JVM does not hold it either.
     */
    @Test
    void aFileLargerThanTheHeapStreamsThroughAChildJvm() throws Exception {
        int n = 50_000, width = 1024;
        Path f = dir.resolve("large.bin");
        Iterator<Example> records = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Example next() {
                float[] x = new float[width];
                x[0] = i;
                for (int j = 1; j < width; j++) x[j] = (i + j) % 13;
                return Example.of(NDArray.of(x), NDArray.scalar(i++));
            }
        };
        Dataset.writeBinaryRecords(f, records);
        assertEquals((long) n * (width + 1) * 4, Files.size(f));

        List<String> command =
                ChildJvm.command(BoundedMemoryMain.class, "48m", f.toString(), String.valueOf(width), "2024");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);

        long lastSum = 0;
        for (int i = 0; i < n; i++) lastSum += (i + width - 1) % 13;
        String expected = "result %d %d %d %d %d 0"
                .formatted(n, (n + 255) / 256, (long) n * (n - 1) / 2, (long) n * (n - 1) / 2, lastSum);
        String line =
                out.lines().filter(l -> l.startsWith("result ")).findFirst().orElse("(no result line) " + out);
        assertTrue(line.startsWith(expected + " maxHeap "), line + "\nexpected " + expected);
        long maxHeap = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(maxHeap <= 64L << 20, "the child's heap is " + maxHeap + " bytes, the file " + Files.size(f));
    }
}
