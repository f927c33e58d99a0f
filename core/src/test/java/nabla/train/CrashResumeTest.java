package nabla.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nabla.data.ChildJvm;
import nabla.models.Model;
import nabla.nn.Parameter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exact resume under a crash: a child JVM trains with shuffling and dropout and a {@link ModelCheckpoint} every epoch
 * ({@link CrashResumeMain}); after its second epoch the test kills it with SIGKILL at a random moment (mid-epoch or
 * mid-save); a second child resumes from the last checkpoint and finishes; its weights must equal, bit for bit, those
 * of one uninterrupted run in this JVM. For a Sequential MLP, a functional model of two branches and an LSTM with
 * dropout and recurrent dropout.
 */
class CrashResumeTest {
    private static final int EPOCHS = 6;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "functional", "lstm"})
    void aRunKilledWithSigkillAndResumedFromItsLastCheckpointEqualsAnUninterruptedRun(String kind) throws Exception {
        Path checkpoint = dir.resolve(kind + ".nabla"), out = dir.resolve(kind + "-final.nabla");

        Process first = start(kind, checkpoint, out, "hold");
        Output lines = Output.of(first);
        long t1 = lines.await("epoch 1 done");
        long t2 = lines.await("epoch 2 done");
        // anywhere in the epochs left before the hold (the child waits before its last epoch, so the kill lands
        // before the end even when this machine is slow), mid-step or mid-save
        long epochMillis = Math.max(1, (t2 - t1) / 1_000_000);
        long delay = new SplittableRandom(kind.hashCode()).nextLong((EPOCHS - 3) * epochMillis + 1);
        Thread.sleep(delay);
        // SIGKILL (no shutdown hooks, no finally blocks); through the handle, which leaves the output pipe open to
        // be read to its end (Process.destroyForcibly closes it)
        first.toHandle().destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed child is gone");
        assertEquals(137, first.exitValue(), "the child was killed by SIGKILL (128 + 9)");
        String killedOutput = lines.all();
        assertFalse(killedOutput.contains("finished"), killedOutput);

        boolean midSave;
        try (Stream<Path> files = Files.list(dir)) {
            midSave = files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
        int saved = Model.load(checkpoint).completedEpochs();
        assertTrue(saved >= 2 && saved < EPOCHS, "the checkpoint holds " + saved + " epochs");

        Process second = start(kind, checkpoint, out, "run");
        String resumed = "\n" + new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), resumed);
        assertEquals(0, second.exitValue(), resumed);
        assertTrue(resumed.contains("\nstart at epoch " + saved + "\n"), resumed);
        assertTrue(resumed.contains("epoch " + EPOCHS + " done") && resumed.contains("finished"), resumed);
        try (Stream<Path> files = Files.list(dir)) {
            List<String> temps = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".tmp"))
                    .toList();
            assertEquals(List.of(), temps, "no temp file of a killed checkpoint save survives the next save");
        }

        String killed = kind + ": killed " + delay + " ms after epoch 2 (epochs of ~" + epochMillis + " ms), "
                + (midSave ? "during a checkpoint save" : "between checkpoint saves") + ", with " + saved
                + " epochs checkpointed";
        System.out.println("CrashResumeTest " + killed);
        Model straight = CrashResumeMain.build(kind);
        CrashResumeMain.Data d = CrashResumeMain.data(kind);
        straight.fit(d.x(), d.y(), CrashResumeMain.options(kind, EPOCHS));
        Model finished = Model.load(out);
        assertEquals(EPOCHS, finished.completedEpochs());
        assertBitIdentical(straight, finished, killed);
    }

    private static void assertBitIdentical(Model expected, Model actual, String what) {
        List<Parameter> e = expected.parameters(), a = actual.parameters();
        assertEquals(e.size(), a.size(), what);
        long differ = 0, total = 0;
        for (int i = 0; i < e.size(); i++) {
            float[] x = e.get(i).value().toArray(), y = a.get(i).value().toArray();
            assertEquals(x.length, y.length, what);
            for (int j = 0; j < x.length; j++)
                if (Float.floatToRawIntBits(x[j]) != Float.floatToRawIntBits(y[j])) differ++;
            total += x.length;
        }
        assertEquals(0, differ, what + ": " + differ + " of " + total + " weights differ from the uninterrupted run");
    }

    private static Process start(String kind, Path checkpoint, Path out, String mode) throws Exception {
        List<String> command = ChildJvm.command(
                CrashResumeMain.class,
                "256m",
                kind,
                checkpoint.toString(),
                out.toString(),
                String.valueOf(EPOCHS),
                mode);
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** A child's output lines as they come, read on a daemon thread. */
    private record Output(Process process, BlockingQueue<String> queue, List<String> seen, Thread reader) {
        static Output of(Process p) {
            BlockingQueue<String> q = new LinkedBlockingQueue<>();
            Thread t = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) q.add(line);
                } catch (IOException e) {
                    q.add("(reading the child's output failed: " + e + ")");
                }
            });
            t.setDaemon(true);
            t.start();
            return new Output(p, q, new ArrayList<>(), t);
        }

        /** Waits for the line {@code expected}; returns when it came (nanoTime). */
        long await(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                String line = queue.poll(100, TimeUnit.MILLISECONDS);
                if (line == null) {
                    if (!reader.isAlive() && queue.isEmpty())
                        throw new AssertionError(
                                "the child ended before '" + expected + "':\n" + String.join("\n", seen));
                    continue;
                }
                seen.add(line);
                if (line.equals(expected)) return System.nanoTime();
            }
            process.destroyForcibly();
            throw new AssertionError("no '" + expected + "' from the child within 60 s:\n" + String.join("\n", seen));
        }

        /** Every line, once the child has ended. */
        String all() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
            queue.drainTo(seen);
            return String.join("\n", seen);
        }
    }
}
