/**
 * Getting data into models: IDX files ({@link nabla.data.IdxReader}), the dataset cache and its fetch routes
 * ({@link nabla.data.DatasetCatalog}, {@link nabla.data.DatasetSpec}, {@link nabla.data.Source}), in-memory data
 * sets ({@link nabla.data.ArrayDataset}, {@link nabla.data.ImageDataset}), mini-batching with a seeded per-epoch
 * shuffle ({@link nabla.data.DataLoader}) and preprocessing ({@link nabla.data.Preprocessing}).
 * Text: {@link nabla.data.Imdb} and {@link nabla.data.Reuters} give {@link nabla.data.TextDataset}s; the tokenizer is in {@code nabla.data.text}.
 *
 * <p>Nothing here reads the environment: the CLI calls
 * {@code DatasetCatalog.defaultCacheDir(System.getenv())} and passes the directory down.
 */
package nabla.data;
