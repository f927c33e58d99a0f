package nabla.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nabla.losses.Loss;
import nabla.optim.Optimizer;
import nabla.optim.Optimizers;

/**
 * The training configuration a model was compiled with: loss and optimizer by their Keras names, the loss's settings
 * (Huber's delta; empty for most losses), the optimizer's hyperparameters and the metric names. Optimizer state
 * (slots, step count) is not part of it: a model file keeps it in a separate entry ({@link ModelArchive#optimizerState()}).
 * Immutable: the constructor copies the maps and the list into unmodifiable ones.
 *
 * @param loss the loss's name ({@link Loss#name()}, e.g. "sparse_categorical_crossentropy")
 * @param lossConfig the loss's settings ({@link Loss#config()}; e.g. Huber's "delta"), empty for most losses
 * @param optimizer the optimizer's name ({@link Optimizer#name()}, e.g. "adam")
 * @param optimizerConfig the optimizer's hyperparameters ({@link Optimizer#config()}), JSON values
 * @param metrics the metric names, in order
 */
public record CompileSpec(
        String loss,
        Map<String, Object> lossConfig,
        String optimizer,
        Map<String, Object> optimizerConfig,
        List<String> metrics) {
    /**
     * Copies the settings.
     *
     * @throws NullPointerException if {@code loss}, {@code optimizer} or one of the collections is null
     */
    public CompileSpec {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(optimizer, "optimizer");
        lossConfig = Collections.unmodifiableMap(new LinkedHashMap<>(lossConfig));
        optimizerConfig = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerConfig));
        metrics = List.copyOf(metrics);
    }

    /**
     * The settings of a model compiled with {@code loss}, {@code optimizer} and {@code metrics}.
     *
     * @param loss the loss
     * @param optimizer the optimizer (its hyperparameters are read, not its state)
     * @param metrics the metric names
     * @return the settings
     */
    public static CompileSpec of(Loss loss, Optimizer optimizer, List<String> metrics) {
        return new CompileSpec(loss.name(), loss.config(), optimizer.name(), optimizer.config(), metrics);
    }

    /**
     * A fresh loss with the saved settings, through {@link Loss#fromConfig}.
     *
     * @param file the model file, named in errors
     * @return the loss
     * @throws ModelFileException naming {@code file} for an unknown loss or a bad setting
     */
    public Loss instantiateLoss(String file) throws ModelFileException {
        try {
            return Loss.fromConfig(loss, lossConfig);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(file, "cannot rebuild the loss: " + e.getMessage(), e);
        }
    }

    /**
     * A fresh optimizer with the saved hyperparameters, through {@link Optimizers#fromConfig}; its state (step count,
     * slots) starts empty.
     *
     * @param file the model file, named in errors
     * @return the optimizer
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
