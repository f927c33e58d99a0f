package nabla.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fetches files from a Debian package without installing it: {@code apt-get download PACKAGE} (after one
 * {@code apt-get update} if the first try fails, e.g. on a fresh machine without package lists), then
 * {@code dpkg -x} and the files under {@code dirInDeb} (e.g. {@code usr/share/datasets/fashion-mnist}).
 * Needs {@code apt-get} and {@code dpkg} on the {@code PATH} and a configured package source; each command may
 * run for at most 600 s. The package is unpacked inside the staging directory, never installed.
 *
 * @param packageName the Debian package to download, e.g. {@code dataset-fashion-mnist}
 * @param dirInDeb the directory inside the package that holds the files, relative to its root
 */
public record AptDebSource(String packageName, String dirInDeb) implements Source {
    @Override
    public void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException {
        Path work = Files.createTempDirectory(stagingDir, "apt");
        log.accept("running `apt-get download " + packageName + "` in " + work);
        try {
            Commands.run(work, "apt-get", "download", packageName);
        } catch (IOException first) {
            log.accept("`apt-get download` failed; running `apt-get update` once and retrying (" + first.getMessage()
                    + ")");
            try {
                Commands.run(work, "apt-get", "update");
            } catch (IOException update) {
                update.addSuppressed(first);
                throw update;
            }
            Commands.run(work, "apt-get", "download", packageName);
        }
        Path deb = Commands.single(work, ".deb", "apt-get download " + packageName);
        Path unpacked = work.resolve("unpacked");
        log.accept("unpacking " + deb.getFileName() + " with dpkg -x");
        Commands.run(
                work,
                "dpkg",
                "-x",
                deb.getFileName().toString(),
                unpacked.getFileName().toString());
        Commands.take(unpacked.resolve(dirInDeb), fileNames, stagingDir, "Debian package " + packageName);
    }

    @Override
    public String describe() {
        return "apt-get download " + packageName;
    }
}
