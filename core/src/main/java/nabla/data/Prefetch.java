package nabla.data;

import java.lang.ref.Cleaner;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Dataset#prefetch}: a daemon thread iterates the upstream epoch into a bounded queue while the consumer
 * works on earlier elements. The thread starts on the first {@code hasNext()}/{@code next()}, ends at the end of
 * the data, and is interrupted and joined by {@code close()}; should an unclosed epoch become unreachable, a
 * cleaner interrupts it too.
 */
final class Prefetch extends Transforms.Derived {
    /** The name of the producer threads, followed by a number. */
    static final String THREAD_NAME = "nabla-prefetch-";

    private static final AtomicLong THREADS = new AtomicLong();
    private final int bufferSize;

    Prefetch(Dataset parent, int bufferSize) {
        super(parent);
        if (bufferSize < 1)
            throw new IllegalArgumentException("Dataset.prefetch: the buffer size must be >= 1, got " + bufferSize);
        this.bufferSize = bufferSize;
    }

    /** Created on first use: its own thread. */
    private static final class Cleaners {
        static final Cleaner CLEANER = Cleaner.create();
    }

    /** The end of the data, in the queue. */
    private static final Object END = new Object();

    /** A failure of the producer, in the queue. */
    private record Failure(Throwable error) {}

    /** What the producer thread shares with the epoch; never refers to the epoch, so that it can be cleaned. */
    private static final class State implements Runnable {
        final BlockingQueue<Object> queue;
        final Dataset parent;
        final int epoch;
        volatile boolean stopped;
        volatile Thread thread;

        State(Dataset parent, int epoch, int bufferSize) {
            this.parent = parent;
            this.epoch = epoch;
            this.queue = new ArrayBlockingQueue<>(bufferSize);
        }

        /** The producer: upstream elements, then END or a Failure. */
        void produce() {
            Object last = END;
            try (Epoch up = parent.epoch(epoch)) {
                while (!stopped && up.hasNext()) queue.put(up.next());
            } catch (InterruptedException e) {
                return; // close(): nobody reads any more
            } catch (Throwable t) {
                last = new Failure(t);
            }
            if (stopped) return;
            try {
                queue.put(last);
            } catch (InterruptedException e) {
                // close() while waiting for room: nobody reads any more
            }
        }

        /** Stops the producer and waits for it to end (the cleaning action). */
        @Override
        public void run() {
            stopped = true;
            Thread t = thread;
            if (t == null) return;
            t.interrupt();
            if (t == Thread.currentThread()) return;
            boolean interrupted = false;
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // join anyway: close() promises the thread is gone
                }
            }
            queue.clear();
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    @Override
    public Epoch epoch(int epoch) {
        checkEpoch(epoch);
        State state = new State(parent, epoch, bufferSize);
        return new Pull() {
            private Cleaner.Cleanable cleanable;
            private Failure failure;

            @Override
            Example fetch() {
                if (failure != null) throw rethrown(failure.error());
                if (state.thread == null) {
                    Thread t = new Thread(state::produce, THREAD_NAME + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    state.thread = t;
                    cleanable = Cleaners.CLEANER.register(this, state);
                    t.start();
                }
                Object o;
                try {
                    o = state.queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "Dataset.prefetch: interrupted while waiting for element " + index + " of epoch " + epoch,
                            e);
                }
                if (o == END) return null;
                if (o instanceof Failure f) {
                    failure = f;
                    throw rethrown(f.error());
                }
                return (Example) o;
            }

            @Override
            void release() {
                if (cleanable != null) cleanable.clean();
            }

            private RuntimeException rethrown(Throwable t) {
                return new IllegalStateException(
                        "Dataset.prefetch: the background thread failed at element %d of epoch %d: %s"
                                .formatted(index, epoch, t),
                        t);
            }
        };
    }

    @Override
    public String toString() {
        return parent + ".prefetch(" + bufferSize + ")";
    }
}
