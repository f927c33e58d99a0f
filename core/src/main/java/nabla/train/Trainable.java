package nabla.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.metrics.Metric;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;

/**
 * What the training loop needs from a model: one step of training, of evaluation, and of prediction; and what
 * callbacks need ({@link TrainingRun#model()}): the weights, the optimizer and a way to save.
 */
public interface Trainable {
    /** Forward, loss, backward and optimizer update on one batch; updates metrics; returns the batch loss. */
    float trainStep(NDArray x, NDArray y, List<Metric> metrics);

    /** Forward and loss without updates (evaluation mode); updates metrics; returns the batch loss. */
    float testStep(NDArray x, NDArray y, List<Metric> metrics);

    /** Forward in evaluation mode, without recording gradients. */
    NDArray predictStep(NDArray x);

    /** Every weight, in a fixed order (EarlyStopping snapshots and restores them). */
    default List<Parameter> parameters() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its parameters; implement parameters() to use weight-restoring callbacks");
    }

    /**
     * The weights of {@link #parameters()} keyed by a path, "layerName.weightName" for models (the save format's
     * keys; TensorBoard's histograms are tagged with it). By default each weight's own name, made unique with
     * "_" and its position when two share one.
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

    /** The optimizer that trainStep uses (learning-rate callbacks read and set its rate). */
    default Optimizer optimizer() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not expose its optimizer; implement optimizer() to use learning-rate callbacks");
    }

    /** Writes the model to {@code path}, atomically (ModelCheckpoint calls it). */
    default void save(Path path) throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be saved; implement save(Path) to use ModelCheckpoint");
    }
}
