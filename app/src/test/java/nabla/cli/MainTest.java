package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpListsTheTrainCommandAndItsOptions() {
        String[] r = run("train", "--help");
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("--dataset") && r[1].contains("--epochs") && r[1].contains("mlp"), r[1]);
    }

    @Test
    void trainHelpShowsTheTensorBoardOption() {
        String[] r = run("train", "--help");
        assertTrue(r[1].contains("--tensorboard=DIR") && r[1].contains("tensorboard --logdir DIR"), r[1]);
    }

    @Test
    void unknownModelIsAUsageErrorNamingTheChoices() {
        String[] r = run("train", "resnet");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("resnet") && r[2].contains("mlp"), r[2]);
    }
}
