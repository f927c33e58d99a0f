package nabla.data;

import java.util.List;

/**
 * What the {@link DatasetCatalog} needs to fetch, verify and cache a data set's files, whatever their format:
 * a name for messages, the cache sub-directory, the files with their SHA-256, and the sources tried in order.
 * {@link DatasetSpec} (IDX images) and {@link FilesSpec} (any files) implement it.
 */
public interface CachedFiles {
    /** The data set's name, for logs and errors, e.g. {@code IMDB}. */
    String name();

    /** The directory under the cache directory that holds the files: a plain name. */
    String directory();

    /** The files, each with the SHA-256 of its content. */
    List<DatasetSpec.DataFile> files();

    /** Where to fetch the files from, tried in order. */
    List<Source> sources();
}
