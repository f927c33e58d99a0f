package nabla.losses;

import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * Mean over all elements of {@code |yPred − yTrue|}, as Keras' {@code mean_absolute_error}: less pulled by outliers
 * than the squared error. The gradient is sign(yPred − yTrue), 0 where they are equal, divided by the number of
 * elements. PyTorch's {@code L1Loss}; name "mean_absolute_error" (alias "mae").
 */
public final class MeanAbsoluteError extends Loss {
    /** The mean absolute error (it has no settings). */
    public MeanAbsoluteError() {}

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        return yPred.sub(Tensor.of(yTrue)).abs();
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
