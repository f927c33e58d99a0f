package nabla.data;

import java.util.List;
import java.util.Objects;

/**
 * A data set as plain files for the {@link DatasetCatalog}'s cache: its name, its cache directory, its files with
 * their SHA-256, and the sources to fetch them from, tried in order. The loader that reads the files checks
 * their format; the catalog only fetches, verifies and installs them.
 */
public record FilesSpec(String name, String directory, List<DatasetSpec.DataFile> files, List<Source> sources)
        implements CachedFiles {
    public FilesSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        if (directory.isBlank() || directory.contains("/") || directory.contains("\\") || directory.startsWith("."))
            throw new IllegalArgumentException("FilesSpec " + name + ": directory '" + directory + "' is not a plain directory name");
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("FilesSpec " + name + ": needs at least one file");
        sources = List.copyOf(sources);
    }

    /** The same files fetched from {@code newSources} instead, e.g. with a web address or a local copy added. */
    public FilesSpec withSources(List<Source> newSources) {
        return new FilesSpec(name, directory, files, newSources);
    }

    /** The same data set expected with other hashes, e.g. a test fixture standing in for the real file. */
    public FilesSpec withFiles(List<DatasetSpec.DataFile> newFiles) {
        return new FilesSpec(name, directory, newFiles, sources);
    }
}
