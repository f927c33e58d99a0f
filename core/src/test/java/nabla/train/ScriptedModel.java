package nabla.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nabla.data.Example;
import nabla.metrics.Metric;
import nabla.nn.Parameter;
import nabla.optim.Optimizer;
import nabla.optim.SGD;
import nabla.tensor.NDArray;

/**
 * A model whose losses are scripted per epoch: each epoch is one batch whose train step adds 1 to the single
 * weight (so after epoch e, 0-based, the weight is e + 1); validation returns {@code valLoss[epoch]}.
 */
final class ScriptedModel implements Trainable {
    final double[] trainLoss;
    final double[] valLoss;
    final Parameter weight = new Parameter("w", NDArray.zeros(1), true);
    final Optimizer optimizer = new SGD(0.1f);
    final List<Path> saved = new ArrayList<>();
    final List<Float> lrSeen = new ArrayList<>();

    ScriptedModel(double[] trainLoss, double[] valLoss) {
        this.trainLoss = trainLoss;
        this.valLoss = valLoss;
    }

    static ScriptedModel withValLosses(double... valLoss) {
        double[] train = new double[valLoss.length];
        Arrays.fill(train, 1.0);
        return new ScriptedModel(train, valLoss);
    }

    int epoch() {
        return (int) weight.value().item();
    }

    @Override
    public float trainStep(Example batch, List<Metric> metrics) {
        lrSeen.add(optimizer.learningRate());
        float loss = (float) trainLoss[epoch()];
        weight.value().addInPlace(NDArray.scalar(1f));
        return loss;
    }

    @Override
    public float testStep(Example batch, List<Metric> metrics) {
        return (float) valLoss[epoch() - 1];
    }

    @Override
    public List<NDArray> predictStep(List<NDArray> x) {
        return x;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public Optimizer optimizer() {
        return optimizer;
    }

    @Override
    public void save(Path path) {
        saved.add(path);
    }

    /** Fits for as many epochs as the script has, one batch per epoch, with validation. */
    History fit(Callback... callbacks) {
        NDArray x = NDArray.zeros(4, 1);
        FitOptions o = FitOptions.defaults()
                .epochs(valLoss.length)
                .batchSize(4)
                .validationData(x, x)
                .verbose(false);
        for (Callback c : callbacks) o = o.callback(c);
        return Trainer.fit(this, x, x, o, List::of, null);
    }
}
