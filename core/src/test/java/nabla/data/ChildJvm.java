package nabla.data;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: the command line of a child JVM that runs a test class's main method with a small heap. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * The command running {@code main} as this test JVM would find it: on the module path with the test classes
     * patched into nabla.core (as surefire runs the tests), else on the class path.
     *
     * @param main a class with a main method, in the test classes
     * @param maxHeap the child's -Xmx value, e.g. "64m"
     * @param args the main method's arguments
     * @return the command
     */
    public static List<String> command(Class<?> main, String maxHeap, String... args) throws URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx" + maxHeap, "--add-modules", "jdk.incubator.vector"));
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            String testClasses = Path.of(main.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            command.addAll(List.of(
                    "--module-path",
                    modulePath,
                    "--patch-module",
                    "nabla.core=" + testClasses,
                    "-m",
                    "nabla.core/" + main.getName()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        }
        command.addAll(List.of(args));
        return command;
    }
}
