package nabla.cli;

import java.nio.file.Path;
import java.util.Map;
import nabla.data.DatasetCatalog;

/**
 * The one place that reads the environment. {@code NABLA_DATA} overrides the dataset cache
 * (default {@code ~/.nabla/datasets}); values are passed down from here, never looked up deeper.
 */
final class Environment {
    private Environment() {}

    static Path datasetCache(Path override) {
        if (override != null) return override;
        Map<String, String> env = System.getenv();
        return DatasetCatalog.defaultCacheDir(env);
    }
}
