package nabla.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official ONNX checker ({@code onnx.checker.check_model(full_check=True)}, Debian's python3-onnx) accepts every
 * exported file. Skipped only where no python3 with the onnx package exists (CI installs python3-onnx).
 */
class OnnxCheckerTest {
    private static final String CHECK = "import onnx, sys\n"
            + "for f in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(f), full_check=True)\n"
            + "print('checked', len(sys.argv) - 1)\n";

    private static String python() throws Exception {
        for (String p : List.of("/usr/bin/python3", "python3")) {
            try {
                Process pr = new ProcessBuilder(p, "-c", "import onnx")
                        .redirectErrorStream(true)
                        .start();
                pr.getInputStream().readAllBytes();
                if (pr.waitFor(60, TimeUnit.SECONDS) && pr.exitValue() == 0) return p;
            } catch (java.io.IOException e) {
                // not there: try the next
            }
        }
        return null;
    }

    @Test
    void theOnnxCheckerAcceptsEveryExport(@TempDir Path dir) throws Exception {
        String py = python();
        Assumptions.assumeTrue(py != null, "no python3 with the onnx package (apt-get install python3-onnx)");
        List<String> cmd = new ArrayList<>(List.of(py, "-c", CHECK));
        List<Architectures.Case> cases = new ArrayList<>(Architectures.all());
        cases.add(Architectures.timeDistributedConv());
        cases.add(Architectures.attention());
        for (Architectures.Case c : cases) {
            Path f = dir.resolve(c.name() + ".onnx");
            Onnx.export(c.model(), f);
            cmd.add(f.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        assertEquals("checked " + cases.size(), out.strip().lines().toList().getLast(), out);
        assertEquals(cases.size(), cmd.size() - 3);
        assertEquals(true, Files.size(Path.of(cmd.getLast())) > 0);
    }
}
