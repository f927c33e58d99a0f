package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nabla.tensor.NDArray;
import org.junit.jupiter.api.Test;

class VectorSupportTest {
    /** Run by {@link #withoutTheModuleTheFirstArrayNamesTheFlag} in a JVM without the Vector API module. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                System.out.println(NDArray.zeros(2));
            } catch (IllegalStateException e) {
                System.out.println("message: " + e.getMessage());
                System.exit(3);
            }
        }
    }

    @Test
    void theModuleIsLoadedHere() {
        assertTrue(VectorSupport.present());
        VectorSupport.require();
    }

    @Test
    void withoutTheModuleTheFirstArrayNamesTheFlag() throws Exception {
        String classes = Path.of(NDArray.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String tests = Path.of(Probe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(
                        List.of(java, "-cp", classes + File.pathSeparator + tests, Probe.class.getName()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(
                out.contains("message: Nabla needs the JDK's Vector API module")
                        && out.contains("--add-modules jdk.incubator.vector"),
                out);
        assertTrue(!out.contains("NoClassDefFoundError"), out);
    }
}
