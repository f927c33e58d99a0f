package nabla.data;

import java.util.List;

/**
 * What the {@link DatasetCatalog} needs to fetch, verify and cache a data set's files, whatever their format:
 * a name for messages, the cache sub-directory, the files with their SHA-256, and the sources tried in order.
 * {@link DatasetSpec} (IDX images) and {@link FilesSpec} (any files) implement it.
 */
public interface CachedFiles {
    /**
     * The data set's name, for logs and errors.
     *
     * @return the name, e.g. {@code IMDB}
     */
    String name();

    /**
     * The directory under the cache directory that holds the files.
     *
     * @return a plain directory name (no separator, not starting with a dot)
     */
    String directory();

    /**
     * The files, each with the SHA-256 of its content.
     *
     * @return the files, at least one
     */
    List<DatasetSpec.DataFile> files();

    /**
     * Where to fetch the files from, tried in order until one delivers all of them with the right hashes.
     *
     * @return the sources, possibly empty (the files must then be copied into the cache by hand)
     */
    List<Source> sources();
}
