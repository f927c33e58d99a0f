package nabla.optim;

import java.util.List;

/** One or more configured instances of every optimizer, with non-default settings and shared options (for registry tests). */
public final class OptimizerExamples {
    private OptimizerExamples() {}

    public static List<Optimizer> all() {
        return List.of(
                new SGD(0.05f, 0.9f, true),
                new SGD(0.1f).withClipValue(0.5f).withWeightDecay(1e-4f),
                new Adam(3e-4f, 0.85f, 0.995f, 1e-8f),
                new Adam(3e-4f, 0.85f, 0.995f, 1e-8f, true).withGlobalClipNorm(1f),
                new AdamW(1e-3f, 0.01f, 0.9f, 0.98f, 1e-6f, true),
                new AdamW(2e-3f),
                new AdamW(2e-3f, 0f),
                new Adagrad(0.02f, 0.2f, 1e-6f).withClipNorm(2f),
                new RMSprop(1e-3f, 0.8f, 0.5f, 1e-6f, true),
                new Adadelta(1f, 0.9f, 1e-6f),
                new Nadam(2e-3f, 0.8f, 0.99f, 1e-6f),
                new Adam(1e-3f)
                        .withSchedule(LearningRateSchedule.linearWarmup(
                                100, 1e-5f, LearningRateSchedule.cosineDecay(1e-3f, 1000, 0.1f))),
                new SGD(0.1f).withSchedule(LearningRateSchedule.exponentialDecay(0.1f, 100, 0.9f, true)),
                new SGD(0.1f).withSchedule(LearningRateSchedule.inverseTimeDecay(0.1f, 10, 0.5f, false)),
                new SGD(0.1f).withSchedule(LearningRateSchedule.inverseSqrtDecay(0.5f)),
                new RMSprop(0.1f).withSchedule(LearningRateSchedule.stepDecay(0.1f, 30, 0.5f)),
                new Nadam(0.1f).withSchedule(LearningRateSchedule.constant(0.01f)));
    }
}
