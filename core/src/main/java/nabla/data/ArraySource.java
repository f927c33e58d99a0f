package nabla.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nabla.tensor.NDArray;

/**
 * {@link Dataset#fromArrays}: sample i is row i (axis 0) of every array. Elements are views of the arrays; the
 * batches of the fast path ({@link #batches}) are gathered rows, one copy per batch and array.
 */
final class ArraySource extends Dataset {
    private final List<NDArray> xs, ys;
    private final NDArray weights;
    private final int n;
    /** The arrays made contiguous, for gathering rows; made on the first batched epoch (a benign race). */
    private volatile List<NDArray> contiguous;

    ArraySource(List<NDArray> xs, List<NDArray> ys, NDArray weights) {
        Objects.requireNonNull(xs, "xs");
        Objects.requireNonNull(ys, "ys");
        this.xs = List.copyOf(xs);
        this.ys = List.copyOf(ys);
        this.weights = weights;
        if (this.xs.isEmpty()) throw new IllegalArgumentException("Dataset.fromArrays: needs at least one input array");
        List<NDArray> all = all();
        boolean ok = true;
        for (NDArray a : all) ok &= a.rank() >= 1 && a.dim(0) == all.getFirst().dim(0);
        if (weights != null) ok &= weights.rank() == 1;
        if (!ok)
            throw new IllegalArgumentException(("Dataset.fromArrays: every array needs the same number of samples on"
                            + " axis 0 (and the weights shape (n)), got inputs %s, targets %s, weights %s")
                    .formatted(shapes(this.xs), shapes(this.ys), weights == null ? "none" : weights.shape()));
        this.n = all.getFirst().dim(0);
    }

    private List<NDArray> all() {
        List<NDArray> all = new ArrayList<>(xs);
        all.addAll(ys);
        if (weights != null) all.add(weights);
        return all;
    }

    private static List<String> shapes(List<NDArray> arrays) {
        return arrays.stream().map(a -> a.shape().toString()).toList();
    }

    int size() {
        return n;
    }

    @Override
    public long cardinality() {
        return n;
    }

    @Override
    public Epoch epoch(int epoch) {
        checkEpoch(epoch);
        return new Pull() {
            @Override
            Example fetch() {
                if (index >= n) return null;
                int i = (int) index;
                return new Example(rows(xs, i), rows(ys, i), weights == null ? null : row(weights, i));
            }
        };
    }

    private static List<NDArray> rows(List<NDArray> arrays, int i) {
        List<NDArray> out = new ArrayList<>(arrays.size());
        for (NDArray a : arrays) out.add(row(a, i));
        return out;
    }

    private static NDArray row(NDArray a, int i) {
        return a.slice(0, i, i + 1).squeeze(0);
    }

    /**
     * The batches of one epoch, gathered from the rows {@code order} (null: 0..n-1), {@code size} rows each.
     *
     * @param order the sample order, a permutation of 0..n-1, or null for the stored order
     * @param size the rows per batch
     * @param dropRemainder whether to drop a last, smaller batch
     * @return the epoch
     */
    Epoch batches(int[] order, int size, boolean dropRemainder) {
        List<NDArray> arrays = contiguousArrays();
        int nx = xs.size(), ny = ys.size();
        long batches = dropRemainder ? n / size : (n + (long) size - 1) / size;
        return new Pull() {
            @Override
            Example fetch() {
                if (index >= batches) return null;
                int from = (int) (index * size), count = Math.min(size, n - from);
                List<NDArray> gathered = new ArrayList<>(arrays.size());
                for (NDArray a : arrays) gathered.add(gather(a, order, from, count));
                return new Example(
                        gathered.subList(0, nx),
                        gathered.subList(nx, nx + ny),
                        weights == null ? null : gathered.getLast());
            }
        };
    }

    private List<NDArray> contiguousArrays() {
        List<NDArray> c = contiguous;
        if (c == null) {
            c = all().stream().map(a -> a.isContiguous() ? a : a.copy()).toList();
            contiguous = c;
        }
        return c;
    }

    /** Rows {@code order[from..from+count)} (or {@code from..from+count} without an order) of contiguous {@code src}. */
    private static NDArray gather(NDArray src, int[] order, int from, int count) {
        NDArray out = NDArray.zeros(src.shape().with(0, count));
        int row = src.dim(0) == 0 ? 0 : src.size() / src.dim(0);
        float[] s = src.data(), d = out.data();
        int so = src.offset();
        if (order == null) System.arraycopy(s, so + from * row, d, 0, count * row);
        else if (row == 1) for (int i = 0; i < count; i++) d[i] = s[so + order[from + i]];
        else for (int i = 0; i < count; i++) System.arraycopy(s, so + order[from + i] * row, d, i * row, row);
        return out;
    }

    @Override
    public String toString() {
        return "fromArrays(inputs %s, targets %s%s)"
                .formatted(shapes(xs), shapes(ys), weights == null ? "" : ", weights " + weights.shape());
    }
}
