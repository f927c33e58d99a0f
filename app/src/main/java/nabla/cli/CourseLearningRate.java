package nabla.cli;

import java.util.Map;
import nabla.optim.Optimizer;
import nabla.train.Callback;
import nabla.train.TrainingRun;

/**
 * The learning-rate decay of Martin Görner's "TensorFlow without a PhD" course, set before every batch:
 * {@code lr = min + (max − min)·e^(−step / decaySteps)}; the course's {@code 0.0001 + exponential_decay(0.003,
 * step, 2000, 1/e)} is {@code (0.0001, 0.0031, 2000)} in this form, so the rate starts at 0.0031 and settles at
 * 0.0001. A callback rather than an optimizer schedule so that the model stays saveable (the optimizer keeps a
 * plain rate, the last one set).
 */
final class CourseLearningRate extends Callback {
    private final double min, max, decaySteps;
    private Optimizer optimizer;

    CourseLearningRate(double min, double max, double decaySteps) {
        if (!(min > 0 && max >= min && decaySteps > 0))
            throw new IllegalArgumentException("CourseLearningRate: need 0 < min <= max and decaySteps > 0, got " + min
                    + ", " + max + ", " + decaySteps);
        this.min = min;
        this.max = max;
        this.decaySteps = decaySteps;
    }

    /** The course's schedule: 0.003 decaying by 1/e every 2,000 steps, plus a floor of 0.0001. */
    static CourseLearningRate course() {
        return new CourseLearningRate(1e-4, 1e-4 + 3e-3, 2000);
    }

    double at(long step) {
        return min + (max - min) * Math.exp(-step / decaySteps);
    }

    @Override
    public void onTrainBegin(TrainingRun run) {
        optimizer = run.model().optimizer();
    }

    @Override
    public void onBatchBegin(int batch) {
        optimizer.setLearningRate((float) at(optimizer.iterations()));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("learning_rate", (double) optimizer.learningRate());
    }
}
