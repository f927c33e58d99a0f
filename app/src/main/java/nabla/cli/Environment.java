package nabla.cli;

import java.nio.file.Path;
import java.util.Map;
import nabla.data.DatasetCatalog;

/**
 * The one place that reads the environment, and passes values down:
 * {@code NABLA_DATA} overrides the dataset cache (default {@code ~/.nabla/datasets});
 * {@code NABLA_REUTERS} the Reuters-21578 folder (default {@code ../shared/data/reuters21578}, where the
 * team's shared data sits beside a checkout);
 * {@code NABLA_SHARED_DATA} the shared data folder of {@code nabla sst study} (default {@code ../shared/data}).
 */
final class Environment {
    private Environment() {}

    static Path datasetCache(Path override) {
        if (override != null) return override;
        Map<String, String> env = System.getenv();
        return DatasetCatalog.defaultCacheDir(env);
    }

    static Path reutersDirectory(Path override) {
        if (override != null) return override;
        String env = System.getenv("NABLA_REUTERS");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data", "reuters21578");
    }

    static Path sharedDataDirectory(Path override) {
        if (override != null) return override;
        String env = System.getenv("NABLA_SHARED_DATA");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of("..", "shared", "data");
    }
}
