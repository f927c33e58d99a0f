package nabla.losses;

import nabla.autograd.Tensor;
import nabla.tensor.NDArray;

/** Mean over all elements of {@code (yPred - yTrue)²}. */
public final class MeanSquaredError extends Loss {
    @Override
    protected Tensor call(NDArray yTrue, Tensor yPred) {
        Tensor d = yPred.sub(Tensor.of(yTrue));
        return d.mul(d).mean();
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }
}
