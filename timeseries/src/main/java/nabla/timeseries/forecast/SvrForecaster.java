package nabla.timeseries.forecast;

import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;
import nabla.tensor.NDArray;
import nabla.timeseries.WindowSet;

/**
 * Support vector regression with an RBF kernel, by LIBSVM (the library scikit-learn's {@code SVR} wraps), with
 * scikit-learn's defaults: epsilon-SVR, C = 1, epsilon = 0.1, gamma = "scale" = 1 / (features · Var(X)) over the
 * training inputs, tolerance 1e-3, shrinking on. The input is the flattened scaled window (k · features values).
 *
 * <p>SVR has one output, so a horizon l > 1 trains one model per output step j (the "direct" strategy, what
 * scikit-learn's {@code MultiOutputRegressor(SVR())} does), each on the same inputs with target step j.
 * LIBSVM's training time grows roughly with the square of the samples; {@link #withMaxTrainSamples} keeps only the
 * most recent training windows (0 = all). Validation windows are not used.
 */
public final class SvrForecaster implements Forecaster {
    private final double c, epsilon;
    private final int maxTrainSamples;
    private svm_model[] models;
    private double gamma;

    /** scikit-learn's defaults, all training windows. */
    public SvrForecaster() {
        this(1.0, 0.1, 0);
    }

    private SvrForecaster(double c, double epsilon, int maxTrainSamples) {
        if (!(c > 0) || !(epsilon >= 0) || maxTrainSamples < 0)
            throw new IllegalArgumentException("SVR: need C > 0, epsilon >= 0, maxTrainSamples >= 0; got %s, %s, %d"
                    .formatted(c, epsilon, maxTrainSamples));
        this.c = c;
        this.epsilon = epsilon;
        this.maxTrainSamples = maxTrainSamples;
    }

    /**
     * This forecaster with another regularization parameter C (a new, unfitted copy).
     *
     * @param newC the penalty on errors beyond epsilon; larger fits the training windows more closely
     * @return the copy
     * @throws IllegalArgumentException if {@code newC} is not positive
     */
    public SvrForecaster withC(double newC) {
        return new SvrForecaster(newC, epsilon, maxTrainSamples);
    }

    /**
     * This forecaster with another epsilon (a new, unfitted copy).
     *
     * @param e the half-width of the tube in which errors cost nothing, in scaled target units
     * @return the copy
     * @throws IllegalArgumentException if {@code e} is negative
     */
    public SvrForecaster withEpsilon(double e) {
        return new SvrForecaster(c, e, maxTrainSamples);
    }

    /**
     * This forecaster trained on the most recent {@code n} training windows only (a new, unfitted copy).
     *
     * @param n the number of windows to keep; 0 for all
     * @return the copy
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public SvrForecaster withMaxTrainSamples(int n) {
        return new SvrForecaster(c, epsilon, n);
    }

    @Override
    public String name() {
        return "SVR";
    }

    /**
     * Trains one LIBSVM model per horizon step on the (most recent) training windows, with gamma from their
     * variance. Silences LIBSVM's progress output, a setting of the whole JVM.
     *
     * @param p the task
     */
    @Override
    public void fit(ForecastProblem p) {
        WindowSet w = p.train();
        int n = w.size(), from = maxTrainSamples > 0 ? Math.max(0, n - maxTrainSamples) : 0, m = n - from;
        int d = p.window() * p.features(), l = p.horizon();
        float[] x = w.x().contiguous().copy().data(),
                y = w.y().contiguous().copy().data();
        double sum = 0, sq = 0;
        for (int i = from * d; i < n * d; i++) sum += x[i];
        double mean = sum / ((double) m * d);
        for (int i = from * d; i < n * d; i++) sq += (x[i] - mean) * (x[i] - mean);
        double var = sq / ((double) m * d);
        gamma = var > 0 ? 1.0 / (d * var) : 1.0;
        svm_node[][] nodes = new svm_node[m][];
        for (int i = 0; i < m; i++) nodes[i] = nodes(x, (from + i) * d, d);
        svm.svm_set_print_string_function(s -> {}); // LIBSVM prints its optimizer's progress to stdout otherwise
        models = new svm_model[l];
        for (int j = 0; j < l; j++) {
            svm_problem prob = new svm_problem();
            prob.l = m;
            prob.x = nodes;
            prob.y = new double[m];
            for (int i = 0; i < m; i++) prob.y[i] = y[(from + i) * l + j];
            models[j] = svm.svm_train(prob, parameters());
        }
    }

    private svm_parameter parameters() {
        svm_parameter par = new svm_parameter();
        par.svm_type = svm_parameter.EPSILON_SVR;
        par.kernel_type = svm_parameter.RBF;
        par.gamma = gamma;
        par.C = c;
        par.p = epsilon;
        par.eps = 1e-3;
        par.cache_size = 200;
        par.shrinking = 1;
        par.probability = 0;
        par.nr_weight = 0;
        par.weight_label = new int[0];
        par.weight = new double[0];
        return par;
    }

    private static svm_node[] nodes(float[] x, int off, int d) {
        svm_node[] r = new svm_node[d];
        for (int i = 0; i < d; i++) {
            r[i] = new svm_node();
            r[i].index = i + 1;
            r[i].value = x[off + i];
        }
        return r;
    }

    /**
     * Predicts each horizon step with its model, back in original units.
     *
     * @param p the task it was fitted on
     * @param w windows of that task
     * @return a new array (w.size(), l) in original units
     * @throws IllegalStateException before {@link #fit}
     */
    @Override
    public NDArray predict(ForecastProblem p, WindowSet w) {
        if (models == null) throw new IllegalStateException("SVR: call fit before predict");
        int n = w.size(), d = p.window() * p.features(), l = p.horizon();
        float[] x = w.x().contiguous().copy().data(), out = new float[n * l];
        for (int i = 0; i < n; i++) {
            svm_node[] row = nodes(x, i * d, d);
            for (int j = 0; j < l; j++) out[i * l + j] = (float) svm.svm_predict(models[j], row);
        }
        return p.toOriginal(NDArray.of(out, n, l));
    }
}
