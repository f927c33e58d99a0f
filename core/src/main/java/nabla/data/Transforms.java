package nabla.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/** The element-wise transformations of {@link Dataset}: map, filter, take, shuffle and batch. */
final class Transforms {
    private Transforms() {}

    /** A transformation of one upstream data set; keeps its cardinality and batched flag unless overridden. */
    abstract static class Derived extends Dataset {
        final Dataset parent;

        Derived(Dataset parent) {
            this.parent = Objects.requireNonNull(parent, "parent");
        }

        @Override
        public long cardinality() {
            return parent.cardinality();
        }

        @Override
        public boolean batched() {
            return parent.batched();
        }
    }

    static final class Map extends Derived {
        private final UnaryOperator<Example> f;

        Map(Dataset parent, UnaryOperator<Example> f) {
            super(parent);
            this.f = Objects.requireNonNull(f, "f");
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            Epoch up = parent.epoch(epoch);
            return new Pull() {
                @Override
                Example fetch() {
                    if (!up.hasNext()) return null;
                    Example e = f.apply(up.next());
                    if (e == null)
                        throw new NullPointerException(
                                "Dataset.map: the function returned null for element " + index + " of epoch " + epoch);
                    return e;
                }

                @Override
                void release() {
                    up.close();
                }
            };
        }

        @Override
        public String toString() {
            return parent + ".map(...)";
        }
    }

    static final class Filter extends Derived {
        private final Predicate<Example> p;

        Filter(Dataset parent, Predicate<Example> p) {
            super(parent);
            this.p = Objects.requireNonNull(p, "p");
        }

        @Override
        public long cardinality() {
            return -1;
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            Epoch up = parent.epoch(epoch);
            return new Pull() {
                @Override
                Example fetch() {
                    while (up.hasNext()) {
                        Example e = up.next();
                        if (p.test(e)) return e;
                    }
                    return null;
                }

                @Override
                void release() {
                    up.close();
                }
            };
        }

        @Override
        public String toString() {
            return parent + ".filter(...)";
        }
    }

    static final class Take extends Derived {
        private final long n;

        Take(Dataset parent, long n) {
            super(parent);
            if (n < 0) throw new IllegalArgumentException("Dataset.take: the count must be >= 0, got " + n);
            this.n = n;
        }

        @Override
        public long cardinality() {
            long c = parent.cardinality();
            return c < 0 ? -1 : Math.min(c, n);
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            Epoch up = parent.epoch(epoch);
            return new Pull() {
                @Override
                Example fetch() {
                    return index < n && up.hasNext() ? up.next() : null;
                }

                @Override
                void release() {
                    up.close();
                }
            };
        }

        @Override
        public String toString() {
            return parent + ".take(" + n + ")";
        }
    }

    static final class Shuffle extends Derived {
        final int bufferSize;
        final long seed;

        Shuffle(Dataset parent, int bufferSize, long seed) {
            super(parent);
            if (bufferSize < 1)
                throw new IllegalArgumentException("Dataset.shuffle: the buffer size must be >= 1, got " + bufferSize);
            this.bufferSize = bufferSize;
            this.seed = seed;
        }

        Rng rng(int epoch) {
            return new Rng(DataLoader.epochSeed(seed, epoch));
        }

        /**
         * The order in which the buffer shuffle visits elements 0..n-1 of an upstream of n elements: the same
         * draws as {@link #epoch} makes, on indices instead of elements (for the batching fast path).
         */
        static int[] order(int n, int bufferSize, Rng rng) {
            int[] buf = new int[Math.min(n, bufferSize)], out = new int[n];
            int size = 0, upstream = 0;
            while (size < buf.length) buf[size++] = upstream++;
            for (int k = 0; k < n; k++) {
                int j = rng.nextInt(size);
                out[k] = buf[j];
                if (upstream < n) buf[j] = upstream++;
                else buf[j] = buf[--size];
            }
            return out;
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            Epoch up = parent.epoch(epoch);
            Rng rng = rng(epoch);
            return new Pull() {
                private final List<Example> buf = new ArrayList<>(Math.min(bufferSize, 1024));
                private boolean filled;

                @Override
                Example fetch() {
                    if (!filled) {
                        while (buf.size() < bufferSize && up.hasNext()) buf.add(up.next());
                        filled = true;
                    }
                    if (buf.isEmpty()) return null;
                    int j = rng.nextInt(buf.size());
                    Example e = buf.get(j);
                    if (up.hasNext()) buf.set(j, up.next());
                    else {
                        Example last = buf.removeLast();
                        if (j < buf.size()) buf.set(j, last);
                    }
                    return e;
                }

                @Override
                void release() {
                    buf.clear();
                    up.close();
                }
            };
        }

        @Override
        public String toString() {
            return parent + ".shuffle(" + bufferSize + ", " + seed + ")";
        }
    }

    static final class Batch extends Derived {
        private final int size;
        private final boolean dropRemainder;

        Batch(Dataset parent, int size, boolean dropRemainder) {
            super(parent);
            if (size < 1) throw new IllegalArgumentException("Dataset.batch: the batch size must be >= 1, got " + size);
            this.size = size;
            this.dropRemainder = dropRemainder;
        }

        @Override
        public long cardinality() {
            long c = parent.cardinality();
            if (c < 0) return -1;
            return dropRemainder ? c / size : c / size + (c % size == 0 ? 0 : 1);
        }

        @Override
        public boolean batched() {
            return true;
        }

        @Override
        public Epoch epoch(int epoch) {
            checkEpoch(epoch);
            // fast path: rows gathered straight from the arrays, in the order the shuffle would give
            if (parent instanceof ArraySource a) return a.batches(null, size, dropRemainder);
            if (parent instanceof Shuffle s && s.parent instanceof ArraySource a)
                return a.batches(Shuffle.order(a.size(), s.bufferSize, s.rng(epoch)), size, dropRemainder);
            Epoch up = parent.epoch(epoch);
            return new Pull() {
                private final List<Example> samples = new ArrayList<>(Math.min(size, 1024));
                private long taken; // upstream elements consumed, for messages

                @Override
                Example fetch() {
                    samples.clear();
                    long first = taken;
                    while (samples.size() < size && up.hasNext()) {
                        samples.add(up.next());
                        taken++;
                    }
                    if (samples.isEmpty() || (dropRemainder && samples.size() < size)) return null;
                    Example e = stack(samples, first);
                    samples.clear();
                    return e;
                }

                @Override
                void release() {
                    samples.clear();
                    up.close();
                }
            };
        }

        @Override
        public String toString() {
            return parent + ".batch(" + size + (dropRemainder ? ", dropRemainder" : "") + ")";
        }
    }

    /**
     * Stacks the samples' arrays along a new axis 0, into new contiguous arrays.
     *
     * @param samples the samples, at least one
     * @param first the index in the epoch of the first sample, for messages
     */
    static Example stack(List<Example> samples, long first) {
        Example head = samples.getFirst();
        for (int i = 1; i < samples.size(); i++) {
            Example e = samples.get(i);
            if (e.inputs().size() != head.inputs().size()
                    || e.targets().size() != head.targets().size()
                    || (e.weights() == null) != (head.weights() == null))
                throw new IllegalArgumentException(("Dataset.batch: element %d has %s but element %d has %s; the"
                                + " samples of a batch need the same numbers of inputs and targets, and weights on all"
                                + " or none")
                        .formatted(first + i, layout(e), first, layout(head)));
        }
        List<NDArray> inputs = new ArrayList<>(head.inputs().size());
        for (int k = 0; k < head.inputs().size(); k++) {
            int kk = k;
            inputs.add(stackOne(samples, first, "input " + k, e -> e.inputs().get(kk)));
        }
        List<NDArray> targets = new ArrayList<>(head.targets().size());
        for (int k = 0; k < head.targets().size(); k++) {
            int kk = k;
            targets.add(stackOne(samples, first, "target " + k, e -> e.targets().get(kk)));
        }
        NDArray weights = head.weights() == null ? null : stackOne(samples, first, "the weights", Example::weights);
        return new Example(inputs, targets, weights);
    }

    private static String layout(Example e) {
        return "%d inputs, %d targets and %s"
                .formatted(e.inputs().size(), e.targets().size(), e.weights() == null ? "no weights" : "weights");
    }

    private static NDArray stackOne(List<Example> samples, long first, String what, Function<Example, NDArray> part) {
        Shape shape = part.apply(samples.getFirst()).shape();
        int row = shape.size();
        float[] out = new float[Math.multiplyExact(samples.size(), row)];
        for (int i = 0; i < samples.size(); i++) {
            NDArray a = part.apply(samples.get(i));
            if (!a.shape().equals(shape))
                throw new IllegalArgumentException(
                        "Dataset.batch: %s of element %d has shape %s but element %d's has shape %s; a batch stacks samples of one shape"
                                .formatted(what, first + i, a.shape(), first, shape));
            if (a.isContiguous()) System.arraycopy(a.data(), a.offset(), out, i * row, row);
            else System.arraycopy(a.toArray(), 0, out, i * row, row);
        }
        return NDArray.wrap(out, shape.prepend(samples.size()));
    }
}
