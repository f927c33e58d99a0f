package nabla.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import nabla.data.DatasetCatalog;

/**
 * The one place that reads the environment, and passes values down:
 * {@code NABLA_DATA} overrides the dataset cache (default {@code ~/.nabla/datasets});
 * {@code NABLA_REUTERS} the Reuters-21578 folder (default {@code reuters21578} in the dataset cache);
 * {@code NABLA_SHARED_DATA} the folder of {@code nabla sst study}'s data (default: the dataset cache itself, holding
 * {@code sst-oisst-daily/} and {@code sst-hadisst-iceland-monthly/});
 * {@code NABLA_DEBUG=1} prints stack traces of user errors as {@code --debug} does.
 * No default depends on where the checkout sits: data someone keeps elsewhere is given by an option, a variable,
 * or copied or linked into the cache.
 */
final class Environment {
    static final String REUTERS_ENV = "NABLA_REUTERS", SHARED_DATA_ENV = "NABLA_SHARED_DATA", DEBUG_ENV = "NABLA_DEBUG";

    private Environment() {}

    /**
     * A data folder, and where its path came from: the command's {@code option} ({@code fromOption}), the environment
     * {@code variable} ({@code fromVariable}), or neither: the default in the dataset cache.
     */
    record DataLocation(Path path, String option, String variable, boolean fromOption, boolean fromVariable) {
        /** One sentence for data that is not there: where it was looked for, and the three ways to provide it. */
        String notFound(String what, String holds, String copyHint) {
            String origin = fromOption
                    ? "given by " + option
                    : fromVariable ? "from " + variable : "the default, in the dataset cache";
            return "%s not found in %s (%s); give the folder holding %s with %s DIR or %s=DIR, or %s"
                    .formatted(what, Checks.clip(path.toString()), origin, holds, option, variable, copyHint);
        }
    }

    static Path datasetCache(Path override) {
        if (override != null) return override;
        Map<String, String> env = System.getenv();
        try {
            return DatasetCatalog.defaultCacheDir(env);
        } catch (IllegalArgumentException e) { // neither NABLA_DATA nor HOME: the user's to set
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The Reuters-21578 folder: {@code --reuters-dir}, else {@code $NABLA_REUTERS}, else {@code reuters21578} in the dataset cache. */
    static DataLocation reutersDirectory(Path override, Path cacheOverride) {
        return location(
                override,
                "--reuters-dir",
                REUTERS_ENV,
                () -> datasetCache(cacheOverride).resolve("reuters21578"));
    }

    /** The SST study's data folder: {@code --data}, else {@code $NABLA_SHARED_DATA}, else the dataset cache. */
    static DataLocation sharedDataDirectory(Path override) {
        return location(override, "--data", SHARED_DATA_ENV, () -> datasetCache(null));
    }

    /** Whether {@code NABLA_DEBUG} asks for stack traces (set, and not 0 or false). */
    static boolean debug() {
        String v = System.getenv(DEBUG_ENV);
        return v != null && !v.isBlank() && !v.strip().equals("0") && !v.strip().equalsIgnoreCase("false");
    }

    private static DataLocation location(Path override, String option, String variable, Supplier<Path> fallback) {
        if (override != null) return new DataLocation(override, option, variable, true, false);
        String env = System.getenv(variable);
        if (env != null && !env.isBlank()) return new DataLocation(Path.of(env), option, variable, false, true);
        return new DataLocation(fallback.get(), option, variable, false, false);
    }
}
