package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int tasks : new int[] {0, 1, 2, 3, 17, 1000}) {
            for (int rep = 0; rep < 20; rep++) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, tasks));
                Parallel.run(tasks, t -> hits.incrementAndGet(t));
                for (int t = 0; t < tasks; t++) assertEquals(1, hits.get(t), "task " + t);
            }
        }
    }

    @Test
    void exceptionsPropagate() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException got = assertThrows(
                IllegalStateException.class,
                () -> Parallel.run(64, t -> {
                    if (t == 37) throw boom;
                }));
        assertSame(boom, got);
        assertThrows(
                AssertionError.class,
                () -> Parallel.run(8, t -> {
                    if (t == 0) throw new AssertionError("x");
                }));
        // the pool still works afterwards
        AtomicLong sum = new AtomicLong();
        Parallel.run(100, t -> sum.addAndGet(t));
        assertEquals(4950, sum.get());
    }

    @Test
    void nestedCallsRunInline() {
        AtomicIntegerArray hits = new AtomicIntegerArray(16 * 16);
        Parallel.run(16, i -> Parallel.run(16, j -> hits.incrementAndGet(i * 16 + j)));
        for (int t = 0; t < 256; t++) assertEquals(1, hits.get(t));
        AtomicIntegerArray hits2 = new AtomicIntegerArray(1000);
        Parallel.forRange(10, 1, (a, b) -> {
            for (int i = a; i < b; i++) {
                final int ii = i;
                Parallel.forRange(100, 10, (c, d) -> {
                    for (int j = c; j < d; j++) hits2.incrementAndGet(ii * 100 + j);
                });
            }
        });
        for (int t = 0; t < 1000; t++) assertEquals(1, hits2.get(t));
    }

    @Test
    void forRangeCoversRangeInChunks() {
        for (int n : new int[] {1, 5, 19, 20, 21, 1001}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            AtomicLong chunks = new AtomicLong();
            Parallel.forRange(n, 10, (a, b) -> {
                assertTrue(a < b);
                chunks.incrementAndGet();
                if (n >= 20) assertTrue(b - a >= 10, "chunk too small");
                for (int i = a; i < b; i++) hits.incrementAndGet(i);
            });
            for (int i = 0; i < n; i++) assertEquals(1, hits.get(i));
            assertTrue(chunks.get() <= Parallel.threads());
        }
    }

    @Test
    void severalUserThreadsAndThreadCounts() throws Exception {
        int saved = Parallel.threads();
        try {
            for (int th : new int[] {1, 2, 4}) {
                Parallel.setThreads(th);
                assertEquals(th, Parallel.threads());
                Thread[] users = new Thread[3];
                AtomicIntegerArray hits = new AtomicIntegerArray(3 * 500);
                for (int u = 0; u < 3; u++) {
                    final int uu = u;
                    users[u] = new Thread(() -> {
                        for (int rep = 0; rep < 50; rep++) {
                            final int base = uu * 500 + rep * 10;
                            Parallel.run(10, t -> hits.incrementAndGet(base + t));
                        }
                    });
                    users[u].start();
                }
                for (Thread t : users) t.join();
                for (int i = 0; i < 1500; i++) assertEquals(1, hits.get(i));
            }
        } finally {
            Parallel.setThreads(saved);
        }
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
