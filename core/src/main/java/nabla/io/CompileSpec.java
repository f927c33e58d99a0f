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
 * @param metrics the metric names, in order (of every output, when {@code outputs} is empty)
 * @param outputs per-output settings of a model compiled with a loss per output; empty when one loss and one metric
 *     list serve every output (then {@code loss} and {@code metrics} are those)
 */
public record CompileSpec(
        String loss,
        Map<String, Object> lossConfig,
        String optimizer,
        Map<String, Object> optimizerConfig,
        List<String> metrics,
        List<Output> outputs) {
    /**
     * The settings of one output.
     *
     * @param output the output's name
     * @param loss the loss's name, or null for an output trained without a loss
     * @param lossConfig the loss's settings
     * @param lossWeight the weight of the output's loss in the total
     * @param metrics the output's metric names
     */
    public record Output(
            String output, String loss, Map<String, Object> lossConfig, double lossWeight, List<String> metrics) {
        /**
         * Copies the settings.
         *
         * @throws NullPointerException if {@code output}, {@code lossConfig} or {@code metrics} is null
         */
        public Output {
            Objects.requireNonNull(output, "output");
            lossConfig = Collections.unmodifiableMap(new LinkedHashMap<>(lossConfig));
            metrics = List.copyOf(metrics);
        }

        /**
         * A fresh loss with the saved settings.
         *
         * @param file the model file, named in errors
         * @return the loss, or null when the output has none
         * @throws ModelFileException naming {@code file} for an unknown loss or a bad setting
         */
        public Loss instantiateLoss(String file) throws ModelFileException {
            if (loss == null) return null;
            try {
                return Loss.fromConfig(loss, lossConfig);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(
                        file, "cannot rebuild the loss of output '" + output + "': " + e.getMessage(), e);
            }
        }
    }

    /**
     * Settings shared by every output.
     *
     * @param loss the loss's name
     * @param lossConfig the loss's settings
     * @param optimizer the optimizer's name
     * @param optimizerConfig the optimizer's hyperparameters
     * @param metrics the metric names
     */
    public CompileSpec(
            String loss,
            Map<String, Object> lossConfig,
            String optimizer,
            Map<String, Object> optimizerConfig,
            List<String> metrics) {
        this(loss, lossConfig, optimizer, optimizerConfig, metrics, List.of());
    }

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
        outputs = List.copyOf(outputs);
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
