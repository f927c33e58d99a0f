package nabla.autograd;

import java.util.function.Function;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;

/**
 * Compares the analytic gradients of a function with central finite differences, as
 * {@code torch.autograd.gradcheck}. The function runs in float32 (Nabla's only dtype); the scalar probe
 * {@code L = Σ f(x)·r} (r a fixed random projection), the perturbation actually applied after float rounding,
 * and the difference quotient are all evaluated in double precision.
 */
public final class GradCheck {
    /**
     * The worst disagreement found (relative to its tolerance): which input, which element, and both values.
     *
     * @param ok true when every checked element is within tolerance,
     *     {@code |analytic − numeric| ≤ atol + rtol·|numeric|}
     * @param input the index of the input holding the worst element, -1 when nothing was checked
     * @param element the row-major index of that element within its input, -1 when nothing was checked
     * @param analytic the gradient that backward computed there (0 when the input received none)
     * @param numeric the central finite difference there
     * @param error {@code |analytic − numeric|}
     */
    public record Result(boolean ok, int input, int element, double analytic, double numeric, double error) {
        @Override
        public String toString() {
            return (ok ? "ok" : "MISMATCH")
                    + String.format(
                            " worst at input %d element %d: analytic %.6g, numeric %.6g, |diff| %.3g",
                            input, element, analytic, numeric, error);
        }
    }

    private GradCheck() {}

    /**
     * Checks with step 1e-2 (relative to |x| when larger than 1), rtol 2e-2, atol 2e-3 and projection seed 1234,
     * tolerances loose enough for float32 evaluation (the library's own gradient tests use them).
     *
     * @param f the function, from one tensor per input to any output
     * @param inputs the points to check at; copied, never modified
     * @return the worst disagreement
     */
    public static Result check(Function<Tensor[], Tensor> f, NDArray... inputs) {
        return check(f, 1e-2, 2e-2, 2e-3, 1234, inputs);
    }

    /**
     * Checks the gradient of every element of every input. {@code f} runs once with {@link Tensor#param} leaves
     * and is backpropagated with the seed r (the analytic gradient of {@code Σ f(x)·r}); then, for each element,
     * twice more under {@link NoGrad} with the element moved by ±h, {@code h = eps·max(1, |x|)}. {@code f} must
     * therefore be deterministic (draw any randomness from a fixed seed inside it).
     *
     * @param f the function, from one tensor per input to any output
     * @param eps the relative finite-difference step
     * @param rtol the relative tolerance, against |numeric|
     * @param atol the absolute tolerance
     * @param seed the seed of the random projection r, uniform in [−1, 1]
     * @param inputs the points to check at; copied, never modified
     * @return the worst disagreement
     */
    public static Result check(
            Function<Tensor[], Tensor> f, double eps, double rtol, double atol, long seed, NDArray... inputs) {
        NDArray[] xs = new NDArray[inputs.length];
        for (int i = 0; i < inputs.length; i++) xs[i] = inputs[i].copy();
        Tensor[] params = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) params[i] = Tensor.param(xs[i]);
        Tensor out = f.apply(params);
        NDArray r = NDArray.uniform(out.shape(), -1f, 1f, new Rng(seed));
        out.backward(r);

        Result worst = new Result(true, -1, -1, 0, 0, 0);
        double worstRatio = -1;
        for (int i = 0; i < xs.length; i++) {
            float[] d = xs[i].data();
            NDArray ga = params[i].grad();
            for (int j = 0; j < d.length; j++) {
                float orig = d[j];
                double h = eps * Math.max(1.0, Math.abs(orig));
                d[j] = (float) (orig + h);
                double up = d[j];
                double lp = probe(f, xs, r);
                d[j] = (float) (orig - h);
                double down = d[j];
                double lm = probe(f, xs, r);
                d[j] = orig;
                double numeric = (lp - lm) / (up - down);
                double analytic = ga == null ? 0 : ga.data()[j];
                double err = Math.abs(analytic - numeric);
                double allowed = atol + rtol * Math.abs(numeric);
                double ratio = err / allowed;
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worst = new Result(ratio <= 1, i, j, analytic, numeric, err);
                }
            }
        }
        return worst;
    }

    private static double probe(Function<Tensor[], Tensor> f, NDArray[] xs, NDArray r) {
        Tensor[] consts = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) consts[i] = Tensor.of(xs[i]);
        float[] out;
        try (var g = NoGrad.enter()) {
            out = f.apply(consts).value().toArray();
        }
        float[] rr = r.toArray();
        double s = 0;
        for (int k = 0; k < out.length; k++) s += (double) out[k] * rr[k];
        return s;
    }
}
