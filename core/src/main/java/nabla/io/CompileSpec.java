package nabla.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.optim.Optimizer;
import nabla.optim.Optimizers;

/**
 * The training configuration a model was compiled with: loss and optimizer by their Keras names, the optimizer's
 * hyperparameters and the metric names. Optimizer state (slots, step count) is not part of it: a model file keeps it
 * in a separate entry ({@link ModelArchive#optimizerState()}).
 */
public record CompileSpec(String loss, String optimizer, Map<String, Object> optimizerConfig, List<String> metrics) {
    public CompileSpec {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        optimizerConfig = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerConfig));
        metrics = List.copyOf(metrics);
    }

    /** The settings of a model compiled with {@code loss} (its name), {@code optimizer} and {@code metrics}. */
    public static CompileSpec of(String loss, Optimizer optimizer, List<String> metrics) {
        return new CompileSpec(loss, optimizer.name(), optimizer.config(), metrics);
    }

    /**
     * A fresh optimizer with the saved hyperparameters, through {@link Optimizers#fromConfig}.
     *
     * @throws ModelFileException naming {@code file} for an unknown optimizer or a bad config
     */
    public Optimizer instantiateOptimizer(String file) throws ModelFileException {
        try {
            return Optimizers.fromConfig(optimizer, optimizerConfig);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot rebuild the optimizer: " + e.getMessage(), e);
        }
    }
}
