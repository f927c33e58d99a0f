package nabla.studies.recipe;

import java.util.ArrayList;
import java.util.List;
import nabla.autograd.Tensor;
import nabla.models.Sequential;
import nabla.nn.Layer;
import nabla.nn.Parameter;
import nabla.nn.core.Dense;
import nabla.optim.Optimizer;
import nabla.tensor.NDArray;

/**
 * The gradient norm of each Dense layer's kernel, ‖∂L/∂W‖ (Frobenius), for one fixed batch: the picture of the
 * vanishing gradient (with sigmoid, the layers near the input get gradients orders of magnitude smaller than
 * the ones near the output). The forward pass runs in evaluation mode (no dropout) with the model's compiled
 * loss; nothing is updated, and the gradients are cleared before and after.
 */
final class GradientNorms {
    private GradientNorms() {}

    /** One norm per Dense layer, input side first. */
    static double[] ofDenseKernels(Sequential model, NDArray x, NDArray y) {
        if (model.loss() == null)
            throw new IllegalStateException(
                    "GradientNorms: model '" + model.name() + "' is not compiled; call compile first");
        List<Parameter> params = model.parameters();
        Optimizer.zeroGrad(params);
        try {
            Tensor out = Tensor.of(x);
            for (Layer l : model.layers()) out = l.apply(out, false);
            model.loss().compute(y, out).backward();
            List<Double> norms = new ArrayList<>();
            for (Layer l : model.layers()) {
                if (!(l instanceof Dense)) continue;
                for (Parameter p : l.parameters()) {
                    if (!p.name().equals("kernel")) continue;
                    NDArray g = p.grad();
                    norms.add(g == null ? 0.0 : Math.sqrt(g.mul(g).sum()));
                }
            }
            return norms.stream().mapToDouble(Double::doubleValue).toArray();
        } finally {
            Optimizer.zeroGrad(params);
        }
    }
}
