package nabla.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A tiny fork-join helper with persistent daemon worker threads.
 *
 * <p>{@link #run} hands tasks {@code 0..tasks-1} out dynamically (an atomic counter) to the calling
 * thread plus {@code threads()-1} workers and returns when all have finished. Workers spin briefly
 * after a job and then park.
 *
 * <p>Concurrency rules: only one job uses the pool at a time. A call made while the pool is busy
 * (a re-entrant call from inside a task, or a call from another user thread while a job is running)
 * does not wait: it runs all its tasks inline on the calling thread. This can never deadlock and is
 * always correct; it only loses parallelism for the overlapping calls. The first exception thrown by a
 * task is rethrown to the caller after all tasks have stopped (remaining tasks are skipped).
 */
public final class Parallel {
    private Parallel() {}

    /** Body of {@link #forRange}: processes indices {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** Body of {@link #forChunks}: chunk {@code chunk} covers indices {@code [from, to)}. */
    @FunctionalInterface
    public interface ChunkBody {
        void run(int chunk, int from, int to);
    }

    /** Busy-spin iterations before a waiting thread starts yielding its core (cooperative when oversubscribed). */
    private static final int SPIN_ITERATIONS = 256;
    /** How long an idle worker keeps polling (spin, then yield) before it parks. */
    private static final long IDLE_POLL_NANOS = 1_000_000L;

    private static volatile int nThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final Object POOL_LOCK = new Object();
    private static volatile Worker[] workers = new Worker[0];
    /** The current job; replaced (never mutated) for each run. */
    private static volatile Job current;

    /** Number of threads (caller included) that {@link #run} uses. */
    public static int threads() {
        return nThreads;
    }

    /** Sets the number of threads used from now on (at least 1). Meant for tests and benchmarks. */
    public static void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1: " + n);
        nThreads = n;
    }

    /** Runs {@code body.accept(t)} for every t in [0, tasks), in parallel; returns when all are done. */
    public static void run(int tasks, IntConsumer body) {
        if (tasks <= 0) return;
        int nt = nThreads;
        if (tasks == 1 || nt == 1 || !BUSY.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) body.accept(t);
            return;
        }
        try {
            int helpers = Math.min(nt, tasks) - 1;
            Worker[] ws = ensureWorkers(helpers);
            Job job = new Job(body, tasks, helpers);
            current = job;
            for (int i = 0; i < helpers; i++) {
                Worker w = ws[i];
                if (w.parked) LockSupport.unpark(w);
            }
            job.work();
            // Wait for the helpers still running a task.
            // (yield, not spin, once past a short spin: if a helper was descheduled it needs a core)
            int spins = 0;
            while (job.done.get() < tasks) {
                if (++spins < SPIN_ITERATIONS) Thread.onSpinWait();
                else Thread.yield();
            }
            current = null;
            Throwable e = job.error.get();
            if (e != null) {
                if (e instanceof RuntimeException re) throw re;
                if (e instanceof Error err) throw err;
                throw new RuntimeException(e);
            }
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Splits [0, n) into at most {@code threads()} contiguous chunks of at least {@code minChunk}
     * indices and runs them in parallel; runs {@code body.run(0, n)} inline if {@code n < 2*minChunk}.
     */
    public static void forRange(int n, int minChunk, RangeBody body) {
        if (n <= 0) return;
        int mc = Math.max(1, minChunk);
        int chunks = Math.min(nThreads, n / mc);
        if (n < 2L * mc || chunks <= 1) {
            body.run(0, n);
            return;
        }
        forChunks(chunks, n, (t, from, to) -> body.run(from, to));
    }

    /**
     * Splits [0, n) into {@code chunks} contiguous, nearly equal ranges and runs them in parallel ({@link #run}),
     * handing each its chunk index (for per-chunk partial results); one chunk runs inline.
     */
    public static void forChunks(int chunks, int n, ChunkBody body) {
        if (chunks == 1) {
            body.run(0, 0, n);
            return;
        }
        run(chunks, t -> body.run(t, (int) ((long) t * n / chunks), (int) ((long) (t + 1) * n / chunks)));
    }

    private static Worker[] ensureWorkers(int count) {
        Worker[] ws = workers;
        if (ws.length >= count) return ws;
        synchronized (POOL_LOCK) {
            ws = workers;
            if (ws.length >= count) return ws;
            Worker[] nw = Arrays.copyOf(ws, count);
            for (int i = ws.length; i < count; i++) {
                nw[i] = new Worker(i);
                nw[i].start();
            }
            workers = nw;
            return nw;
        }
    }

    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final int helpers;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> error = new AtomicReference<>();

        Job(IntConsumer body, int tasks, int helpers) {
            this.body = body;
            this.tasks = tasks;
            this.helpers = helpers;
        }

        void work() {
            int t;
            while ((t = next.getAndIncrement()) < tasks) {
                try {
                    if (error.get() == null) body.accept(t);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                } finally {
                    done.incrementAndGet();
                }
            }
        }
    }

    private static final class Worker extends Thread {
        final int index;
        volatile boolean parked;
        private Job last;

        Worker(int index) {
            super("nabla-parallel-" + index);
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                Job job = awaitJob();
                last = job;
                if (index < job.helpers) job.work();
            }
        }

        private Job awaitJob() {
            int spins = 0;
            long start = 0;
            while (true) {
                Job j = current;
                if (j != null && j != last) return j;
                if (spins < SPIN_ITERATIONS) {
                    spins++;
                    Thread.onSpinWait();
                } else if (start == 0 || System.nanoTime() - start < IDLE_POLL_NANOS) {
                    if (start == 0) start = System.nanoTime();
                    Thread.yield();
                } else {
                    parked = true;
                    j = current;
                    if (j != null && j != last) {
                        parked = false;
                        return j;
                    }
                    LockSupport.park(this);
                    parked = false;
                }
            }
        }
    }
}
