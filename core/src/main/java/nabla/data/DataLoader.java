package nabla.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;

/** TEMPORARY minimal loader (replaced by the data package's full version). */
public final class DataLoader {
    public record Batch(NDArray x, NDArray y, int index, int size) {}

    private final NDArray x, y;
    private final int batchSize;
    private final boolean shuffle;
    private final Rng rng;
    private final int[] order;

    public DataLoader(NDArray x, NDArray y, int batchSize, boolean shuffle, long seed) {
        if (x.dim(0) != y.dim(0)) throw new IllegalArgumentException("x " + x.shape() + " and y " + y.shape() + " differ in samples");
        this.x = x.contiguous();
        this.y = y.contiguous();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.rng = new Rng(seed);
        this.order = new int[x.dim(0)];
        for (int i = 0; i < order.length; i++) order[i] = i;
    }

    public int batchesPerEpoch() {
        return (order.length + batchSize - 1) / batchSize;
    }

    public int size() {
        return order.length;
    }

    public Iterable<Batch> epoch(int epoch) {
        if (shuffle) rng.shuffle(order);
        return () -> new Iterator<>() {
            int b = 0;

            public boolean hasNext() {
                return b < batchesPerEpoch();
            }

            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int from = b * batchSize, n = Math.min(batchSize, order.length - from);
                NDArray bx = NDArray.zeros(x.shape().with(0, n)), by = NDArray.zeros(y.shape().with(0, n));
                x.gatherRows(order, from, n, bx);
                y.gatherRows(order, from, n, by);
                return new Batch(bx, by, b++, n);
            }
        };
    }

    static Shape unused() {
        return null;
    }
}
