package nabla.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The per-input time limit of the fuzz tests, in fuzzing and in regression mode alike: an input that runs longer than
 * {@link #SECONDS} is a hang. The watchdog then saves the input as {@code timeout-SHA1} under
 * {@code fuzz/target/fuzz-findings/TARGET/} (or the folder in the system property {@code nabla.fuzz.findings}),
 * prints the stuck thread's stack, and halts the JVM with exit status 70, which fails the test run.
 *
 * <p>JUnit's {@code @Timeout} cannot do this: in fuzzing mode the whole fuzzing session is one JUnit invocation, and
 * Jazzer passes a JUnit timeout to libFuzzer only when one is configured for every test.
 */
final class Watchdog {
    /** Seconds one input may take; the loaders read these small inputs in milliseconds. */
    static final long SECONDS = 5;

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
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            byte[] in = input;
            if (in != null && System.nanoTime() - startedAt > SECONDS * 1_000_000_000L && in == input) hang(in);
        }
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
                .append(" s (a hang); input saved as ")
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
