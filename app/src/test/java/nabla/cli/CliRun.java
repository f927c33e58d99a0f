package nabla.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the {@code nabla} command line as {@link Main#main} runs it (its error handling included), with its exit
 * code and everything it printed: picocli's writers and, since commands print progress there, System.out and System.err.
 */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream(), sysErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out, oldErr = System.err;
        int code;
        try {
            System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(sysErr, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(
                code, out + sysOut.toString(StandardCharsets.UTF_8), err + sysErr.toString(StandardCharsets.UTF_8));
    }

    /** Whether standard error holds a Java stack trace or an exception's name. */
    boolean showsTrace() {
        return err.contains("\tat ") || err.contains("Exception");
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
    }
}
