package nabla.data;

import java.util.List;
import java.util.Objects;

/**
 * A data set as plain files for the {@link DatasetCatalog}'s cache: its name, its cache directory, its files with
 * their SHA-256, and the sources to fetch them from, tried in order. The loader that reads the files checks
 * their format; the catalog only fetches, verifies and installs them. Immutable: each {@code withX} returns a
 * changed copy.
 *
 * @param name the data set's name, for logs and errors, e.g. {@code IMDB}
 * @param directory the cache sub-directory: a plain name (no separator, not starting with a dot)
 * @param files the files with their SHA-256, at least one
 * @param sources where to fetch the files from, tried in order
 */
public record FilesSpec(String name, String directory, List<DatasetSpec.DataFile> files, List<Source> sources)
        implements CachedFiles {
    /**
     * Checks the components; the lists are copied.
     *
     * @throws NullPointerException if the name, the directory or a list is null
     * @throws IllegalArgumentException if the directory is not a plain name or there are no files
     */
    public FilesSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(directory, "directory");
        if (directory.isBlank() || directory.contains("/") || directory.contains("\\") || directory.startsWith("."))
            throw new IllegalArgumentException(
                    "FilesSpec " + name + ": directory '" + directory + "' is not a plain directory name");
        files = List.copyOf(files);
        if (files.isEmpty()) throw new IllegalArgumentException("FilesSpec " + name + ": needs at least one file");
        sources = List.copyOf(sources);
    }

    /**
     * The same files fetched from {@code newSources} instead, e.g. with a web address or a local copy added.
     *
     * @param newSources the sources to try, in order
     * @return a changed copy; this spec is unchanged
     */
    public FilesSpec withSources(List<Source> newSources) {
        return new FilesSpec(name, directory, files, newSources);
    }

    /**
     * The same data set expected with other files or hashes, e.g. a test fixture standing in for the real file.
     *
     * @param newFiles the files with their SHA-256, at least one
     * @return a changed copy; this spec is unchanged
     * @throws IllegalArgumentException if {@code newFiles} is empty
     */
    public FilesSpec withFiles(List<DatasetSpec.DataFile> newFiles) {
        return new FilesSpec(name, directory, newFiles, sources);
    }
}
