package nabla.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import nabla.data.DatasetCatalog;
import nabla.data.Imdb;
import nabla.data.SequenceDataset;
import nabla.tensor.NDArray;

/**
 * Writes the IMDB sequences the {@code imdb-*} examples train on (5,000 words, 500 steps, built by
 * {@link Imdb#sequences}) as raw little-endian int32 files, so that {@code bench/torch_imdb.py} trains a
 * Keras-equivalent PyTorch model on exactly the same data: {@code train_x.i32} (25000 x 500), {@code train_y.i32},
 * {@code test_x.i32}, {@code test_y.i32}.
 * Usage: {@code java -cp bench/target/benchmarks.jar nabla.bench.ImdbExport DATA_DIR OUT_DIR [WORDS STEPS]}.
 */
public final class ImdbExport {
    private ImdbExport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: ImdbExport DATA_DIR OUT_DIR [WORDS STEPS]");
            System.exit(2);
        }
        int words = args.length == 4 ? Integer.parseInt(args[2]) : 5000,
                steps = args.length == 4 ? Integer.parseInt(args[3]) : 500;
        DatasetCatalog catalog = new DatasetCatalog(Path.of(args[0]), msg -> System.out.println("[data] " + msg));
        SequenceDataset data = Imdb.sequences(catalog, words, steps);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        write(out.resolve("train_x.i32"), data.trainX());
        write(out.resolve("train_y.i32"), data.trainY());
        write(out.resolve("test_x.i32"), data.testX());
        write(out.resolve("test_y.i32"), data.testY());
        System.out.println("wrote " + data + " to " + out);
    }

    private static void write(Path file, NDArray a) throws IOException {
        float[] d = a.data();
        ByteBuffer b = ByteBuffer.allocate(4 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : d) b.putInt(Math.round(v));
        Files.write(file, b.array());
    }
}
