package nabla.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import nabla.data.ChildJvm;
import nabla.nn.core.Dense;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 during saves: a child JVM ({@link SaveLoopMain}) saves versions of a 23 MB model to one path in a loop and
 * is killed with SIGKILL at random moments, 20 times; after each kill the file holds one whole version (the last one
 * announced, or the next when the kill came between the rename and the announcement), and the next save or load of
 * the path leaves no temp file behind. Also: loading the file while another process saves it does not break that
 * save.
 */
class KillDuringSaveTest {
    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    void aSaveKilledAtAnyMomentLeavesThePreviousFileWholeAndTheNextSaveOrLoadRemovesItsTempFile() throws Exception {
        Path file = dir.resolve("model.nabla"), copies = Files.createDirectory(dir.resolve("copies"));
        Sequential model = SaveLoopMain.model();
        model.setWeights(SaveLoopMain.version(0));
        model.save(file);

        Random random = new Random(2026);
        int version = 0, killsLeavingATemp = 0, killsMidSave = 0;
        List<String> log = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(file, version + 1);
            BufferedReader out = reader(child);
            assertEquals("ready", readUntilReady(out, child));
            long t0 = System.nanoTime();
            assertEquals("saved " + (version + 1), out.readLine());
            long saveMillis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            // within the next two saves or so (the first is the slowest): the loop does little else than save
            Thread.sleep(random.nextLong(2 * saveMillis + 1));
            child.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly, keeps the pipe open
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            int announced = version + 1;
            for (String line; (line = out.readLine()) != null; ) {
                assertTrue(line.startsWith("saved "), line);
                announced = Integer.parseInt(line.substring(6));
            }
            List<Path> temps = temps(file);
            if (!temps.isEmpty()) killsLeavingATemp++;

            // the file is one whole version; loaded from a copy so that this check removes no temp file
            Path copy = copies.resolve("k" + kill + ".nabla");
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            int held = versionOf(Model.load(copy));
            assertTrue(
                    held == announced || held == announced + 1,
                    "kill " + kill + ": the file holds version " + held + ", the last announced was " + announced);
            if (held == announced && !temps.isEmpty()) killsMidSave++;
            Files.delete(copy);

            // the next save (even kills) or load (odd kills) of the path removes what the killed save left
            if (kill % 2 == 0) {
                model.setWeights(SaveLoopMain.version(held));
                model.save(file);
            } else Model.load(file);
            assertEquals(List.of(), temps(file), "kill " + kill + ": " + (kill % 2 == 0 ? "save" : "load"));
            log.add(announced + "/" + held + (temps.isEmpty() ? "" : "+tmp") + " " + saveMillis + "ms");
            version = held;
        }
        assertTrue(
                killsMidSave >= KILLS / 4,
                "only " + killsMidSave + " of " + KILLS + " kills landed inside a save: " + log);
        assertTrue(killsLeavingATemp >= killsMidSave);
        assertTrue(version >= KILLS, "every child saved at least once: " + log);
    }

    @Test
    void loadingTheFileWhileAnotherProcessSavesItDoesNotBreakThatSave() throws Exception {
        Path file = dir.resolve("model.nabla");
        Sequential model = SaveLoopMain.model();
        model.setWeights(SaveLoopMain.version(0));
        model.save(file);
        Process child = start(file, 1);
        BufferedReader out = reader(child);
        assertEquals("ready", readUntilReady(out, child));
        int loads = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end && child.isAlive()) {
            int v = versionOf(Model.load(file));
            assertTrue(v >= 0, "version " + v);
            loads++;
        }
        boolean alive = child.isAlive();
        child.toHandle().destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        StringBuilder lines = new StringBuilder();
        int saves = 0;
        for (String line; (line = out.readLine()) != null; ) {
            lines.append(line).append('\n');
            if (line.startsWith("saved ")) saves++;
        }
        assertTrue(alive, "the saving process failed while another loaded the file " + loads + " times:\n" + lines);
        assertTrue(saves >= 2 && loads >= 2, saves + " saves, " + loads + " loads");
    }

    @Test
    void loadingTheFileWhileAnotherThreadSavesItDoesNotBreakThatSave() throws Exception {
        Path file = dir.resolve("small.nabla");
        Sequential saver = new Sequential(5L, new Dense(256)).build(256);
        saver.save(file);
        AtomicInteger saves = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        Thread t = new Thread(() -> {
            try {
                while (System.nanoTime() < end) {
                    saver.save(file);
                    saves.incrementAndGet();
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        int loads = 0;
        while (t.isAlive()) {
            Model.load(file);
            loads++;
        }
        t.join();
        assertEquals(null, failure.get(), "the save failed after " + saves + " saves and " + loads + " loads");
        assertTrue(saves.get() >= 2 && loads >= 2, saves + " saves, " + loads + " loads");
        assertEquals(List.of(), temps(file));
    }

    private static int versionOf(Model m) {
        List<NDArray> w = m.getWeights();
        float[] kernel = w.get(0).toArray(), bias = w.get(1).toArray();
        int v = Math.round(bias[0]);
        List<NDArray> expected = SaveLoopMain.version(v);
        float[] k = expected.get(0).toArray(), b = expected.get(1).toArray();
        for (int i = 0; i < k.length; i++)
            if (Float.floatToRawIntBits(k[i]) != Float.floatToRawIntBits(kernel[i]))
                throw new AssertionError("kernel element " + i + " is not version " + v + "'s");
        for (int i = 0; i < b.length; i++)
            if (Float.floatToRawIntBits(b[i]) != Float.floatToRawIntBits(bias[i]))
                throw new AssertionError("bias element " + i + " is not version " + v + "'s");
        return v;
    }

    /** The temp files of saves of {@code file}: ".NAME.xxxxxxxx.tmp". */
    private static List<Path> temps(Path file) throws IOException {
        String prefix = "." + file.getFileName() + ".";
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    private static Process start(Path file, int firstVersion) throws Exception {
        return new ProcessBuilder(
                        ChildJvm.command(SaveLoopMain.class, "512m", file.toString(), String.valueOf(firstVersion)))
                .redirectErrorStream(true)
                .start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Skips the JVM's warnings; returns "ready", or fails with what the child printed. */
    private static String readUntilReady(BufferedReader out, Process child) throws IOException {
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            if (line.equals("ready")) return line;
            seen.append(line).append('\n');
        }
        throw new AssertionError("the child ended (" + child.isAlive() + ") before it was ready:\n" + seen);
    }
}
