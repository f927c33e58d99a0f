package nabla.train;

import java.util.List;
import nabla.metrics.Metric;
import nabla.tensor.NDArray;

/** What the training loop needs from a model: one step of training, of evaluation, and of prediction. */
public interface Trainable {
    /** Forward, loss, backward and optimizer update on one batch; updates metrics; returns the batch loss. */
    float trainStep(NDArray x, NDArray y, List<Metric> metrics);

    /** Forward and loss without updates (evaluation mode); updates metrics; returns the batch loss. */
    float testStep(NDArray x, NDArray y, List<Metric> metrics);

    /** Forward in evaluation mode, without recording gradients. */
    NDArray predictStep(NDArray x);
}
