package nabla.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nabla.data.Dataset;
import nabla.data.Example;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fit on a dataset streamed from a file larger than the heap of the JVM that trains. */
class StreamingFitTest {
    @TempDir
    Path dir;

    /**
     * 205 MB of records (50,000 samples of 1,024 inputs and one target, the target the mean of the first eight
     * inputs) trained on for two epochs in a child JVM whose heap is 64 MiB: it must finish and learn.
     */
    @Test
    void fitStreamsAFileFourTimesTheHeapAndLearns() throws Exception {
        int n = 50_000, width = 1024;
        Path f = dir.resolve("regression.bin");
        Rng rng = new Rng(5);
        Iterator<Example> records = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Example next() {
                i++;
                float[] x = new float[width];
                float t = 0;
                for (int j = 0; j < width; j++) x[j] = (float) rng.nextGaussian();
                for (int j = 0; j < 8; j++) t += x[j] / 8;
                return Example.of(NDArray.of(x), NDArray.of(new float[] {t}, 1));
            }
        };
        Dataset.writeBinaryRecords(f, records);
        long size = Files.size(f);
        assertEquals((long) n * (width + 1) * 4, size);

        List<String> command =
                nabla.data.ChildJvm.command(StreamingFitMain.class, "64m", f.toString(), String.valueOf(width));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        String line =
                out.lines().filter(l -> l.startsWith("losses ")).findFirst().orElse("(no losses line) " + out);
        String[] parts = line.split(" ");
        double first = Double.parseDouble(parts[1]), second = Double.parseDouble(parts[2]);
        long maxHeap = Long.parseLong(parts[4]);
        assertTrue(maxHeap <= 64L << 20 && size > 3 * maxHeap, "heap " + maxHeap + ", file " + size);
        // the target's variance is 1/8 (the loss of predicting its mean): a model that learns goes well below it
        assertTrue(second < first / 2 && second < 0.125 * 0.6, line);
    }
}
