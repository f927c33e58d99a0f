package nabla.data;

import java.nio.file.Path;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Run in a child JVM with a small heap by {@link DatasetStreamingTest}: streams a binary-records file through
 * {@code.shuffle(1000, seed).batch(256).prefetch(2)} and prints {@code records batches targetSum firstSum
 * lastSum mismatches} (the sums of each record's target and of its input's first and last values, as longs, and
 * the number of records whose first input value is not their target). Uses nothing but nabla.core and the JDK.
 */
public final class BoundedMemoryMain {
    private BoundedMemoryMain() {}

    /**
     * Iterates the data set and prints the counts.
     *
     * @param args the file, the number of input floats per record, the seed
     */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int width = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        Dataset d = Dataset.fromBinaryRecords(file, Shape.of(width), Shape.scalar())
                .shuffle(1000, seed)
                .batch(256)
                .prefetch(2);
        long records = 0, batches = 0, targetSum = 0, firstSum = 0, lastSum = 0, mismatches = 0;
        try (Dataset.Epoch e = d.epoch(0)) {
            while (e.hasNext()) {
                Example b = e.next();
                NDArray x = b.inputs().getFirst(), y = b.targets().getFirst();
                float[] xs = x.data(), ys = y.data();
                int n = b.batchSize();
                for (int i = 0; i < n; i++) {
                    long target = (long) ys[y.offset() + i];
                    long first = (long) xs[x.offset() + i * width];
                    targetSum += target;
                    firstSum += first;
                    lastSum += (long) xs[x.offset() + i * width + width - 1];
                    if (first != target) mismatches++;
                }
                records += n;
                batches++;
            }
        }
        System.out.println("result " + records + " " + batches + " " + targetSum + " " + firstSum + " " + lastSum + " "
                + mismatches + " maxHeap " + Runtime.getRuntime().maxMemory());
    }
}
