package nabla.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.data.Example;
import nabla.metrics.Metric;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;

/**
 * What the training loop needs from a model: one step of training, of evaluation, and of prediction; and what
 * callbacks need ({@link TrainingRun#model()}): the weights, the optimizer and a way to save. The models of
 * {@code nabla.models} implement it; implement it to drive another model with {@link Trainer}. Arrays have the batch
 * axis first. The optional methods throw UnsupportedOperationException by default, and the callbacks that need them
 * fail in {@code onTrainBegin}.
 */
public interface Trainable {
    /**
     * Forward, loss, backward and optimizer update on one batch (training mode: dropout and the like active); updates
     * the metrics with the batch's targets and predictions.
     *
     * @param batch the batch's inputs (one array per model input), targets (one per output) and sample weights (or
     *     null); buffers the loop reuses, valid during the call only
     * @param metrics the training metrics to update (may be empty)
     * @return the batch's loss, a mean over its samples; the loop stops training when it is NaN or infinite
     */
    float trainStep(Example batch, List<Metric> metrics);

    /**
     * Forward and loss without updates (evaluation mode); updates the metrics.
     *
     * @param batch the batch's inputs, targets and sample weights
     * @param metrics the metrics to update (may be empty)
     * @return the batch's loss, a mean over its samples
     */
    float testStep(Example batch, List<Metric> metrics);

    /**
     * Forward in evaluation mode, without recording gradients.
     *
     * @param inputs the batch's inputs, one array per model input
     * @return the outputs for the batch, one array per output, batch axis first (the loop copies them out before
     *     the next call)
     */
    List<NDArray> predictStep(List<NDArray> inputs);

    /**
     * Told by the training loop that epoch {@code epoch} (0-based) is complete, before the epoch's callbacks run;
     * models count epochs with it (to resume with the right initial epoch). Does nothing by default.
     *
     * @param epoch the epoch just completed
     */
    default void onEpochCompleted(int epoch) {}

    /**
     * Every weight, in a fixed order (EarlyStopping snapshots and restores them).
     *
     * @return the parameters, the same objects in the same order at every call
     * @throws UnsupportedOperationException unless implemented
     */
    default List<Parameter> parameters() {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not expose its parameters; implement parameters() to use weight-restoring callbacks");
    }

    /**
     * The weights of {@link #parameters()} keyed by a path, "layerName.weightName" for models (the save format's
     * keys; TensorBoard's histograms are tagged with it). By default each weight's own name, made unique with
     * "_" and its position when two share one.
     *
     * @return the parameters by name, in the order of {@link #parameters()}
     * @throws UnsupportedOperationException if {@link #parameters()} is not implemented
     */
    default Map<String, Parameter> namedParameters() {
        Map<String, Parameter> named = new LinkedHashMap<>();
        List<Parameter> params = parameters();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            named.put(named.containsKey(name) ? name + "_" + i : name, params.get(i));
        }
        return named;
    }

    /**
     * The optimizer that trainStep uses (learning-rate callbacks read and set its rate).
     *
     * @return the optimizer
     * @throws UnsupportedOperationException unless implemented
     */
    default Optimizer optimizer() {
        throw new UnsupportedOperationException(getClass().getSimpleName()
                + " does not expose its optimizer; implement optimizer() to use learning-rate callbacks");
    }

    /**
     * Writes the model to {@code path}, atomically (ModelCheckpoint calls it).
     *
     * @param path the file to write, replaced if it exists
     * @throws IOException if the file cannot be written
     * @throws UnsupportedOperationException unless implemented
     */
    default void save(Path path) throws IOException {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot be saved; implement save(Path) to use ModelCheckpoint");
    }
}
