package nabla.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-input time limit of the fuzz tests, in fuzzing and in regression mode alike: an input whose thread spends
 * more than {@link #SECONDS} of CPU time on it, or more than {@link #WALL_SECONDS} of wall time, is a hang. CPU time,
 * because on a busy 2-core machine other processes stretch wall time several-fold; time the thread spends in Jazzer's
 * instrumentation of a class loaded for the first time does not count (it is the harness, not the code under test:
 * a 10-minute run reported two such "hangs" while other builds shared the cores). The watchdog then saves the input as {@code timeout-SHA1} under
 * {@code fuzz/target/fuzz-findings/TARGET/} (or the folder in the system property {@code nabla.fuzz.findings}),
 * prints the stuck thread's stack, and halts the JVM with exit status 70, which fails the test run.
 *
 * <p>JUnit's {@code @Timeout} cannot do this: in fuzzing mode the whole fuzzing session is one JUnit invocation, and
 * Jazzer passes a JUnit timeout to libFuzzer only when one is configured for every test.
 */
final class Watchdog {
    /** Seconds one input may take; the loaders read these small inputs in milliseconds. */
    static final long SECONDS = 5;

    /** Wall-clock seconds one input may take (blocked or starved threads use no CPU time). */
    static final long WALL_SECONDS = 60;

    private static final long CHECK_MILLIS = 200;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile long cpuAtStart;
    private static volatile long excludedNanos;

    private static volatile long startedAt;
    private static volatile byte[] input;
    private static volatile String target;
    private static volatile Thread worker;

    static {
        Thread t = new Thread(Watchdog::watch, "nabla-fuzz-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private Watchdog() {}

    /** Something a fuzz test does with one input. */
    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} on {@code data} for the fuzz test {@code name} under the time limit. */
    static void run(String name, byte[] data, Body body) throws Exception {
        if (!name.equals(target) && System.getenv("JAZZER_FUZZ") != null) System.err.println("== fuzzing " + name);
        target = name;
        input = data;
        worker = Thread.currentThread();
        excludedNanos = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
        startedAt = System.nanoTime();
        try {
            body.run();
        } finally {
            input = null;
        }
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(CHECK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            byte[] in = input;
            Thread w = worker;
            if (in == null || w == null) continue;
            if (instrumenting(w)) {
                excludedNanos += CHECK_MILLIS * 1_000_000L;
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(w.threadId()) - cpuAtStart - excludedNanos;
            long wall = System.nanoTime() - startedAt - excludedNanos;
            if ((cpu > SECONDS * 1_000_000_000L || wall > WALL_SECONDS * 1_000_000_000L) && in == input) hang(in);
        }
    }

    /** Whether {@code w} is inside Jazzer's class instrumentation (a class loaded for the first time). */
    private static boolean instrumenting(Thread w) {
        for (StackTraceElement e : w.getStackTrace())
            if (e.getClassName().startsWith("com.code_intelligence.jazzer.instrumentor.")
                    || e.getClassName().startsWith("com.code_intelligence.jazzer.agent.")) return true;
        return false;
    }

    private static void hang(byte[] in) {
        StringBuilder sb = new StringBuilder();
        String saved;
        try {
            Path dir = Path.of(System.getProperty("nabla.fuzz.findings", "target/fuzz-findings"), target);
            Files.createDirectories(dir);
            Path f = dir.resolve("timeout-"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-1").digest(in)));
            Files.write(f, in);
            saved = f.toAbsolutePath().toString();
        } catch (IOException | NoSuchAlgorithmException e) {
            saved = "(not saved: " + e + ")";
        }
        sb.append("\n== nabla fuzz: ")
                .append(target)
                .append(": one input ran longer than ")
                .append(SECONDS)
                .append(" s of CPU time or ")
                .append(WALL_SECONDS)
                .append(" s of wall time (a hang); input saved as ")
                .append(saved)
                .append("\n== the stuck thread:\n");
        Thread w = worker;
        if (w != null)
            for (StackTraceElement e : w.getStackTrace())
                sb.append("\tat ").append(e).append('\n');
        System.err.print(sb);
        System.err.flush();
        System.out.print(sb);
        System.out.flush();
        Runtime.getRuntime().halt(70);
    }
}
