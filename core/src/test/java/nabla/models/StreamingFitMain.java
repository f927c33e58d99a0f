package nabla.models;

import java.nio.file.Path;
import nabla.autograd.Activation;
import nabla.data.Dataset;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import nabla.tensor.Shape;
import nabla.train.FitOptions;
import nabla.train.History;

/**
 * Run in a child JVM with a small heap by {@link StreamingFitTest}: trains a small regression MLP for two epochs on a
 * binary-records file streamed through shuffle, batch and prefetch, and prints the two epoch losses and the largest
 * heap the JVM allowed.
 */
public final class StreamingFitMain {
    private StreamingFitMain() {}

    /**
     * Trains and prints {@code losses L1 L2 maxHeap H}.
     *
     * @param args the file and the number of input floats per record
     */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int width = Integer.parseInt(args[1]);
        Dataset data = Dataset.fromBinaryRecords(file, Shape.of(width), Shape.of(1))
                .shuffle(2000, 7)
                .batch(256)
                .prefetch(2);
        Sequential m = new Sequential(3L, new Dense(16, Activation.RELU), new Dense(1));
        m.compile("mse", new Adam(1e-3f));
        History h = m.fit(data, FitOptions.defaults().epochs(2).verbose(false));
        System.out.println("losses " + h.get("loss").get(0) + " "
                + h.get("loss").get(1) + " maxHeap " + Runtime.getRuntime().maxMemory());
    }
}
