package nabla.timeseries.forecast;

import java.util.Arrays;
import nabla.autograd.Activation;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.nn.core.Flatten;
import nabla.nn.recurrent.LSTM;
import nabla.nn.weights.Regularizer;

/**
 * The forecasting methods: the LSTM family of Zhang et al. (2017), the MLPR and SVR baselines, and the naive ones.
 * The network forecasters are seeded (seed 42 unless {@link NeuralForecaster#withSeed} changes it), so a fit is
 * repeatable.
 */
public final class Forecasters {
    private Forecasters() {}

    /**
     * Zhang et al.'s model: {@code lstmLayers} LSTM layers of {@code lstmUnits} (each but the last returning
     * sequences), then {@code fcLayers} fully-connected layers: {@code fcLayers - 1} hidden Dense({@code fcUnits},
     * ReLU) and the linear output Dense(l) (so fcLayers = 1 is the paper's single FC layer). Input (k, features),
     * output (l). Trained with MSE and Adam 1e-3, batch 32, up to 100 epochs, early stopping on the validation
     * loss with patience 10 and the best weights restored (on the training loss, without restoring, when there are
     * no validation windows).
     *
     * @param k the input steps (the network takes its input shape from the windows it is fitted on)
     * @param l the horizon: the output units
     * @param lstmUnits the units of each LSTM layer
     * @param lstmLayers the number of LSTM layers, at least 1
     * @param fcUnits the units of each hidden Dense layer (unused when {@code fcLayers} is 1)
     * @param fcLayers the number of Dense layers including the output, at least 1
     * @return the forecaster, named e.g. "LSTM(64 units x 2, FC 1)"
     * @throws IllegalArgumentException if a count is below 1 (or {@code fcUnits}, with hidden Dense layers)
     */
    public static NeuralForecaster lstm(int k, int l, int lstmUnits, int lstmLayers, int fcUnits, int fcLayers) {
        if (lstmLayers < 1 || fcLayers < 1 || lstmUnits < 1 || (fcLayers > 1 && fcUnits < 1))
            throw new IllegalArgumentException(
                    "Forecasters.lstm: need lstmUnits, lstmLayers, fcLayers >= 1 (and fcUnits >= 1 with hidden FC layers); got %d, %d, %d, %d"
                            .formatted(lstmUnits, lstmLayers, fcUnits, fcLayers));
        int[] units = new int[lstmLayers], fc = new int[fcLayers - 1];
        Arrays.fill(units, lstmUnits);
        Arrays.fill(fc, fcUnits);
        return lstm(k, l, units, fc).named("LSTM(%d units x %d, FC %d)".formatted(lstmUnits, lstmLayers, fcLayers));
    }

    /**
     * Stacked LSTMs of the given sizes (each but the last returning sequences), hidden Dense ReLU layers of the given
     * sizes, then the linear Dense(l); trained as {@link #lstm(int, int, int, int, int, int)}.
     *
     * @param k the input steps (the network takes its input shape from the windows it is fitted on)
     * @param l the horizon: the output units
     * @param lstmUnits the units of each LSTM layer, first to last (copied)
     * @param hiddenDense the units of each hidden Dense layer, possibly none (copied)
     * @return the forecaster, named e.g. "LSTM[128, 64]"
     * @throws IllegalArgumentException if {@code lstmUnits} is empty
     */
    public static NeuralForecaster lstm(int k, int l, int[] lstmUnits, int[] hiddenDense) {
        if (lstmUnits.length == 0)
            throw new IllegalArgumentException("Forecasters.lstm: needs at least one LSTM layer");
        int[] units = lstmUnits.clone(), fc = hiddenDense.clone();
        return new NeuralForecaster(
                "LSTM" + Arrays.toString(units),
                seed -> {
                    Sequential m = new Sequential(seed).named("lstm_forecaster");
                    for (int i = 0; i < units.length; i++)
                        m.add(new LSTM(units[i]).withReturnSequences(i < units.length - 1));
                    for (int u : fc) m.add(new Dense(u, Activation.RELU));
                    m.add(new Dense(l));
                    return m;
                },
                100,
                32,
                1e-3f,
                10,
                0,
                true,
                42,
                false,
                null);
    }

    /**
     * The courses' stacked LSTM: LSTM(128) returning sequences, LSTM(64), Dense(l); trained as
     * {@link #lstm(int, int, int, int, int, int)}.
     *
     * @param k the input steps
     * @param l the horizon
     * @return the forecaster, named "LSTM 128-64"
     */
    public static NeuralForecaster stackedLstm(int k, int l) {
        return lstm(k, l, new int[] {128, 64}, new int[0]).named("LSTM 128-64");
    }

    /**
     * scikit-learn's {@code MLPRegressor()} defaults built from our layers: the window flattened, one hidden layer of
     * 100 ReLU units, a linear output of l, Adam 1e-3, L2 penalty alpha = 1e-4, batch min(200, n), up to 200 epochs
     * (max_iter), stopping when the training loss has not improved by tol = 1e-4 for 10 epochs (n_iter_no_change).
     *
     * <p>Scaling: scikit-learn minimises {@code mean((y-p)^2)/2 + alpha/(2·batch)·Σw²} over the weights (not the
     * biases). Our loss is {@code mean((y-p)^2)} (twice its first term), so the same objective up to a factor 2 (which
     * Adam ignores) needs {@code l2 = alpha/batch} on each kernel ({@code Regularizer.l2} adds {@code l2·Σw²}), and the
     * stopping threshold becomes {@code 2·tol}.
     *
     * @param k the input steps
     * @param l the horizon: the output units
     * @param trainSamples the number of training windows, which sets the batch size and the L2 factor
     * @return the forecaster, named "MLPR"
     */
    public static NeuralForecaster mlpRegressor(int k, int l, int trainSamples) {
        int batch = Math.max(1, Math.min(200, trainSamples));
        float l2 = 1e-4f / batch;
        return new NeuralForecaster(
                "MLPR",
                seed -> new Sequential(seed)
                        .named("mlp_regressor")
                        .add(new Flatten())
                        .add(new Dense(100, Activation.RELU).withKernelRegularizer(Regularizer.l2(l2)))
                        .add(new Dense(l).withKernelRegularizer(Regularizer.l2(l2))),
                200,
                batch,
                1e-3f,
                10,
                2e-4,
                false,
                42,
                false,
                null);
    }

    /** {@return the naive forecast that repeats the last input value ({@link Persistence})} */
    public static Forecaster persistence() {
        return new Persistence();
    }

    /** {@return the seasonal forecast by day-of-year means ({@link ClimatologyForecaster})} */
    public static Forecaster climatology() {
        return new ClimatologyForecaster();
    }

    /**
     * Support vector regression with scikit-learn's {@code SVR()} defaults, by LIBSVM, one model per horizon step.
     *
     * @return a new {@link SvrForecaster}
     */
    public static SvrForecaster svr() {
        return new SvrForecaster();
    }
}
