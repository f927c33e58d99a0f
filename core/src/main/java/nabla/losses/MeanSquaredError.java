package nabla.losses;

import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/**
 * Mean over all elements of {@code (yPred - yTrue)²}, as Keras' {@code mean_squared_error} ("mse") and PyTorch's
 * {@code MSELoss}. Targets and predictions have the same shape.
 */
public final class MeanSquaredError extends Loss {
    /** The mean squared error (it has no settings). */
    public MeanSquaredError() {}

    @Override
    Tensor elementwise(NDArray yTrue, Tensor yPred) {
        Tensor d = yPred.sub(Tensor.of(yTrue));
        return d.mul(d);
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }
}
