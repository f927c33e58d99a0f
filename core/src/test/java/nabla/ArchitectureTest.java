package nabla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package rules of README.md's "Layout" section, checked against the compiled classes (ArchUnit reads the
 * bytecode, so every kind of dependency counts: fields, signatures, calls, annotations).
 *
 * <p>The README line after "Package layers of nabla-core" lists layers from top to bottom, separated by "→";
 * a layer lists packages (relative to {@code nabla.}) separated by commas. A class may use classes of its own
 * package and of layers further right, never of its own layer's other packages or of a layer to its left. A
 * package that is not listed belongs to its nearest listed parent (nabla.data.text to nabla.data).
 */
class ArchitectureTest {
    private static final Path README = Path.of("..", "README.md");
    private static final JavaClasses CORE = new ClassFileImporter().importPath(Path.of("target", "classes"));

    /** The layers from the README, top first. */
    private static List<List<String>> layers() throws IOException {
        List<String> lines = Files.readAllLines(README);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).contains("Package layers of nabla-core")) continue;
            for (int j = i + 1; j < lines.size(); j++) {
                String l = lines.get(j).trim();
                if (!l.contains("→")) continue;
                List<List<String>> out = new ArrayList<>();
                for (String layer : l.split("→"))
                    out.add(Stream.of(layer.split(",")).map(String::trim).toList());
                return out;
            }
        }
        throw new AssertionError("README.md has no line of package layers after 'Package layers of nabla-core'");
    }

    private static String member(List<List<String>> layers, String pkg) {
        String best = null;
        for (List<String> layer : layers)
            for (String p : layer) {
                String full = "nabla." + p;
                if ((pkg.equals(full) || pkg.startsWith(full + ".")) && (best == null || full.length() > best.length()))
                    best = full;
            }
        return best;
    }

    private static int rank(List<List<String>> layers, String member) {
        for (int i = 0; i < layers.size(); i++)
            if (layers.get(i).contains(member.substring("nabla.".length()))) return i;
        return -1;
    }

    @Test
    void everyDependencyPointsDownTheReadmeLayers() throws IOException {
        List<List<String>> layers = layers();
        Set<String> violations = new TreeSet<>(), unlisted = new TreeSet<>();
        for (JavaClass c : CORE) {
            String from = c.getPackageName();
            if (!from.startsWith("nabla")) continue;
            String fm = member(layers, from);
            if (fm == null) {
                unlisted.add(from);
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (!to.startsWith("nabla.")) continue;
                String tm = member(layers, to);
                if (tm == null) {
                    unlisted.add(to);
                    continue;
                }
                if (fm.equals(tm)) continue;
                if (rank(layers, tm) <= rank(layers, fm))
                    violations.add(fm.substring(6) + " -> " + tm.substring(6) + " (" + c.getSimpleName() + " uses "
                            + d.getTargetClass().getSimpleName() + ")");
            }
        }
        assertTrue(unlisted.isEmpty(), "packages missing from README's layer line: " + unlisted);
        assertTrue(
                violations.isEmpty(),
                "dependencies against README's layer line (a back-edge or a same-layer edge):\n  "
                        + String.join("\n  ", violations));
    }

    @Test
    void onlyTheKernelsTouchTheVectorApiAndTheyUseNothingAboveThem() {
        for (JavaClass c : CORE) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("jdk.incubator.vector"))
                    assertEquals("nabla.kernels", c.getPackageName(), c.getName() + " uses the Vector API");
                if (c.getPackageName().equals("nabla.kernels"))
                    assertFalse(
                            to.startsWith("nabla.") && !to.equals("nabla.kernels"),
                            c.getName() + " uses " + d.getTargetClass().getName());
            }
        }
    }

    @Test
    void theReadmeLayoutTableListsExactlyThePackagesOfEachModule() throws IOException {
        String readme = Files.readString(README);
        Matcher m = Pattern.compile("\\| `(nabla[\\w.]*)` \\|").matcher(readme);
        Set<String> listed = new TreeSet<>();
        while (m.find()) listed.add(m.group(1));
        Set<String> actual = new TreeSet<>();
        for (String module : List.of("core", "timeseries", "keras", "onnx", "app")) {
            Path src = Path.of("..", module, "src", "main", "java");
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(p -> p.toString().endsWith(".java")
                                && !p.getFileName().toString().equals("module-info.java"))
                        .forEach(p -> actual.add(
                                src.relativize(p.getParent()).toString().replace('/', '.')));
            }
        }
        assertEquals(
                actual,
                listed,
                "README's layout tables (rows '| `nabla...` |') against the packages in core, timeseries, keras, onnx and app");
    }
}
