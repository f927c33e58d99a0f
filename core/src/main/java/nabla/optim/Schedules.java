package nabla.optim;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import nabla.nn.ConfigMap;

/** The saveable {@link LearningRateSchedule}s (records, validated on construction) and their config round trip. */
final class Schedules {
    private Schedules() {}

    /** A schedule that can be written as {"class_name": name(), "config": config()}. */
    sealed interface Saveable extends LearningRateSchedule {
        String className();

        Map<String, Object> config();
    }

    record Constant(float lr) implements Saveable {
        Constant {
            positive("constant", "lr", lr);
        }

        @Override
        public float at(long step) {
            return lr;
        }

        @Override
        public String className() {
            return "Constant";
        }

        @Override
        public Map<String, Object> config() {
            return map("initial_learning_rate", lr);
        }
    }

    record InverseSqrtDecay(float lr) implements Saveable {
        InverseSqrtDecay {
            positive("inverseSqrtDecay", "lr", lr);
        }

        @Override
        public float at(long step) {
            return (float) (lr / Math.sqrt(step + 1.0));
        }

        @Override
        public String className() {
            return "InverseSqrtDecay";
        }

        @Override
        public Map<String, Object> config() {
            return map("initial_learning_rate", lr);
        }
    }

    record InverseTimeDecay(float lr, long decaySteps, float decayRate, boolean staircase) implements Saveable {
        InverseTimeDecay {
            positive("inverseTimeDecay", "lr", lr);
            positive("inverseTimeDecay", "decaySteps", decaySteps);
            if (!(decayRate >= 0) || !Float.isFinite(decayRate))
                throw new IllegalArgumentException(
                        "inverseTimeDecay: decayRate must be a finite number >= 0, got " + decayRate);
        }

        @Override
        public float at(long step) {
            double p = (double) step / decaySteps;
            if (staircase) p = Math.floor(p);
            return (float) (lr / (1 + (double) decayRate * p));
        }

        @Override
        public String className() {
            return "InverseTimeDecay";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = map("initial_learning_rate", lr);
            c.put("decay_steps", decaySteps);
            c.put("decay_rate", decayRate);
            c.put("staircase", staircase);
            return c;
        }
    }

    record ExponentialDecay(float lr, long decaySteps, float decayRate, boolean staircase) implements Saveable {
        ExponentialDecay {
            positive("exponentialDecay", "lr", lr);
            positive("exponentialDecay", "decaySteps", decaySteps);
            positive("exponentialDecay", "decayRate", decayRate);
        }

        @Override
        public float at(long step) {
            double p = (double) step / decaySteps;
            if (staircase) p = Math.floor(p);
            return (float) (lr * Math.pow(decayRate, p));
        }

        @Override
        public String className() {
            return "ExponentialDecay";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = map("initial_learning_rate", lr);
            c.put("decay_steps", decaySteps);
            c.put("decay_rate", decayRate);
            c.put("staircase", staircase);
            return c;
        }
    }

    record StepDecay(float lr, long stepsPerDrop, float factor) implements Saveable {
        StepDecay {
            positive("stepDecay", "lr", lr);
            positive("stepDecay", "stepsPerDrop", stepsPerDrop);
            if (!(factor > 0 && factor <= 1))
                throw new IllegalArgumentException("stepDecay: factor must be in (0, 1], got " + factor);
        }

        @Override
        public float at(long step) {
            return (float) (lr * Math.pow(factor, (double) (step / stepsPerDrop)));
        }

        @Override
        public String className() {
            return "StepDecay";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = map("initial_learning_rate", lr);
            c.put("steps_per_drop", stepsPerDrop);
            c.put("factor", factor);
            return c;
        }
    }

    record CosineDecay(float lr, long decaySteps, float alpha) implements Saveable {
        CosineDecay {
            positive("cosineDecay", "lr", lr);
            positive("cosineDecay", "decaySteps", decaySteps);
            if (!(alpha >= 0 && alpha <= 1))
                throw new IllegalArgumentException("cosineDecay: alpha must be in [0, 1], got " + alpha);
        }

        @Override
        public float at(long step) {
            double s = Math.min(step, decaySteps);
            double cosine = 0.5 * (1 + Math.cos(Math.PI * s / decaySteps));
            return (float) (lr * ((1 - (double) alpha) * cosine + alpha));
        }

        @Override
        public String className() {
            return "CosineDecay";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = map("initial_learning_rate", lr);
            c.put("decay_steps", decaySteps);
            c.put("alpha", alpha);
            return c;
        }
    }

    record LinearWarmup(long warmupSteps, float startLr, LearningRateSchedule after) implements Saveable {
        LinearWarmup {
            positive("linearWarmup", "warmupSteps", warmupSteps);
            if (!(startLr >= 0) || !Float.isFinite(startLr))
                throw new IllegalArgumentException(
                        "linearWarmup: startLr must be a finite number >= 0, got " + startLr);
            Objects.requireNonNull(after, "linearWarmup: after");
        }

        @Override
        public float at(long step) {
            if (step >= warmupSteps) return after.at(step - warmupSteps);
            double target = after.at(0);
            return (float) (startLr + (target - startLr) * step / warmupSteps);
        }

        @Override
        public String className() {
            return "LinearWarmup";
        }

        @Override
        public Map<String, Object> config() {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("warmup_steps", warmupSteps);
            c.put("start_learning_rate", startLr);
            c.put("after", toConfig(after));
            return c;
        }
    }

    /** {"class_name": …, "config": {…}} for a saveable schedule. */
    static Map<String, Object> toConfig(LearningRateSchedule s) {
        if (!(s instanceof Saveable v))
            throw new IllegalStateException("cannot save the learning-rate schedule " + s
                    + ": only the schedules made by LearningRateSchedule's factory methods can be saved, not a lambda");
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("class_name", v.className());
        c.put("config", v.config());
        return c;
    }

    /** The schedule that {@link #toConfig} wrote. */
    static LearningRateSchedule fromConfig(Map<?, ?> saved) {
        Map<String, Object> outer = stringKeys(saved, "learning-rate schedule");
        ConfigMap o = new ConfigMap("learning-rate schedule", outer).allowOnly("class_name", "config");
        String name = o.string("class_name");
        Object inner = outer.get("config");
        if (!(inner instanceof Map<?, ?> im))
            throw new IllegalArgumentException(
                    "learning-rate schedule '" + name + "': 'config' must be a map, got " + inner);
        Map<String, Object> raw = stringKeys(im, name + " config");
        ConfigMap c = new ConfigMap(name + " config", raw);
        return switch (name) {
            case "Constant" ->
                new Constant(c.allowOnly("initial_learning_rate").floatValue("initial_learning_rate", Float.NaN));
            case "InverseSqrtDecay" ->
                new InverseSqrtDecay(
                        c.allowOnly("initial_learning_rate").floatValue("initial_learning_rate", Float.NaN));
            case "InverseTimeDecay" ->
                new InverseTimeDecay(
                        c.allowOnly("initial_learning_rate", "decay_steps", "decay_rate", "staircase")
                                .floatValue("initial_learning_rate", Float.NaN),
                        longValue(raw, name, "decay_steps"),
                        c.floatValue("decay_rate", Float.NaN),
                        c.boolValue("staircase", false));
            case "ExponentialDecay" ->
                new ExponentialDecay(
                        c.allowOnly("initial_learning_rate", "decay_steps", "decay_rate", "staircase")
                                .floatValue("initial_learning_rate", Float.NaN),
                        longValue(raw, name, "decay_steps"),
                        c.floatValue("decay_rate", Float.NaN),
                        c.boolValue("staircase", false));
            case "StepDecay" ->
                new StepDecay(
                        c.allowOnly("initial_learning_rate", "steps_per_drop", "factor")
                                .floatValue("initial_learning_rate", Float.NaN),
                        longValue(raw, name, "steps_per_drop"),
                        c.floatValue("factor", Float.NaN));
            case "CosineDecay" ->
                new CosineDecay(
                        c.allowOnly("initial_learning_rate", "decay_steps", "alpha")
                                .floatValue("initial_learning_rate", Float.NaN),
                        longValue(raw, name, "decay_steps"),
                        c.floatValue("alpha", 0f));
            case "LinearWarmup" -> {
                c.allowOnly("warmup_steps", "start_learning_rate", "after");
                Object after = raw.get("after");
                if (!(after instanceof Map<?, ?> am))
                    throw new IllegalArgumentException(
                            "LinearWarmup config: 'after' must be a schedule map, got " + after);
                yield new LinearWarmup(
                        longValue(raw, name, "warmup_steps"), c.floatValue("start_learning_rate", 0f), fromConfig(am));
            }
            default ->
                throw new IllegalArgumentException(
                        "unknown learning-rate schedule '" + name
                                + "'; known: Constant, CosineDecay, ExponentialDecay, InverseSqrtDecay, InverseTimeDecay, LinearWarmup, StepDecay");
        };
    }

    private static long longValue(Map<String, Object> raw, String owner, String key) {
        Object v = raw.get(key);
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
            return ((Number) v).longValue();
        if (v instanceof BigInteger b && b.bitLength() < 64) return b.longValue();
        throw new IllegalArgumentException(owner + " config: '" + key + "' must be an integer, got " + v);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m, String owner) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k))
                throw new IllegalArgumentException(owner + ": key " + e.getKey() + " is not a string");
            out.put(k, e.getValue());
        }
        return out;
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(key, value);
        return c;
    }

    private static void positive(String owner, String arg, float v) {
        if (!(v > 0) || !Float.isFinite(v))
            throw new IllegalArgumentException(owner + ": " + arg + " must be a finite number > 0, got " + v);
    }

    private static void positive(String owner, String arg, long v) {
        if (v <= 0) throw new IllegalArgumentException(owner + ": " + arg + " must be > 0, got " + v);
    }
}
