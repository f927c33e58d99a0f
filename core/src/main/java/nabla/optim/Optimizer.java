package nabla.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nabla.kernels.Elementwise;
import nabla.kernels.GradClip;
import nabla.kernels.Parallel;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;

/**
 * The optimizer base. Its final {@link #step} does everything that is the same for every algorithm, in Keras'
 * order, then calls the algorithm's {@link #update} hook once per parameter:
 *
 * <pre>
 * lr = schedule == null ? learningRate : schedule.at(iterations)   // the step index before this step, from 0
 * iterations += 1                                                   // t, as the update hooks see it, from 1
 * active = trainable parameters that have a gradient (the others are skipped)
 * if global_clipnorm:  n = √(Σ over all active gradients of g²)  (summed in double)
 *                      if n &gt; global_clipnorm: every g *= global_clipnorm / n
 * for each active parameter w with gradient g:
 *     if clipnorm:     n = ‖g‖; if n &gt; clipnorm: g *= clipnorm / n     (per tensor)
 *     if clipvalue:    g = clamp(g, −clipvalue, clipvalue)            (per element)
 *     if weight_decay: w −= lr · weight_decay · w                     (decoupled, as Keras and AdamW)
 *     update(w, g, slots(w), lr)                                      (the algorithm)
 * </pre>
 *
 * <p>Clipping rewrites the gradient arrays in place (as {@code torch.nn.utils.clip_grad_norm_}). As in Keras, at most
 * one of the three clipping options may be set. Per-parameter slot arrays (momentum, moments, accumulators) are
 * created on a parameter's first update by {@link #newSlots}.
 *
 * <p><b>Options style.</b> An algorithm's own hyperparameters are constructor arguments in Keras' positional order,
 * with Keras' defaults in the shorter overloads ({@code new Adam(1e-3f)}, {@code new RMSprop(1e-3f, 0.9f, 0f, 1e-7f,
 * true)}); the options every optimizer shares are {@code withX(...)} methods that return a fresh, unstepped copy:
 * {@code new Adam(1e-3f).withGlobalClipNorm(1f).withSchedule(LearningRateSchedule.cosineDecay(1e-3f, 10_000, 0f))}.
 * An optimizer's configuration never changes after construction, except the base learning rate through
 * {@link #setLearningRate} (for callbacks such as ReduceLROnPlateau).
 */
public abstract class Optimizer implements Cloneable {
    /** Parameters smaller than twice this many weights are updated on one core (the split costs more). */
    protected static final int PARALLEL_GRAIN = 1 << 15;
    private Map<Parameter, float[][]> slots = new IdentityHashMap<>();
    private float learningRate;
    private LearningRateSchedule schedule;
    private long iterations;
    private float clipNorm;
    private float globalClipNorm;
    private float clipValue;
    private float weightDecay;

    protected Optimizer(float learningRate) {
        this.learningRate = requirePositive("learning_rate", learningRate);
        this.weightDecay = defaultWeightDecay();
    }

    /** Applies one update to every trainable parameter that has a gradient. */
    public final void step(List<Parameter> parameters) {
        float lr = schedule == null ? learningRate : schedule.at(iterations);
        if (!(lr >= 0) || !Float.isFinite(lr))
            throw new IllegalStateException(describe() + ": the learning-rate schedule gave " + lr + " at step " + iterations + "; a learning rate must be a finite number >= 0");
        iterations++;
        List<Parameter> active = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            NDArray g = p.grad();
            if (g == null || !p.trainable()) continue;
            NDArray w = p.value();
            if (!w.isContiguous() || w.offset() != 0 || !g.isContiguous() || g.offset() != 0)
                throw new IllegalStateException("optimizer: parameter " + p.name() + " or its gradient is not a contiguous array");
            active.add(p);
        }
        if (globalClipNorm > 0) clipByGlobalNorm(active, globalClipNorm);
        beginStep(iterations);
        for (Parameter p : active) {
            float[] w = p.value().data(), g = p.grad().data();
            int n = p.size();
            if (clipNorm > 0) {
                double norm = Math.sqrt(sumOfSquares(g, n));
                if (norm > clipNorm) scale(g, n, (float) (clipNorm / norm));
            }
            if (clipValue > 0) {
                float c = clipValue;
                Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> GradClip.clamp(g, from, to, c));
            }
            if (weightDecay > 0) scale(w, n, 1 - lr * weightDecay);
            float[][] s = slots.computeIfAbsent(p, k -> newSlots(k.size()));
            update(w, g, s, n, lr);
        }
    }

    private static void clipByGlobalNorm(List<Parameter> active, float limit) {
        double sum = 0;
        for (Parameter p : active) sum += sumOfSquares(p.grad().data(), p.size());
        double norm = Math.sqrt(sum);
        if (!(norm > limit)) return; // also leaves NaN/inf gradients alone for TerminateOnNaN to see
        float f = (float) (limit / norm);
        for (Parameter p : active) scale(p.grad().data(), p.size(), f);
    }

    /** Σ x² over x[0, n), in double: float lanes over blocks, blocks summed in double, blocks split over cores. */
    private static double sumOfSquares(float[] x, int n) {
        if (n < 2 * PARALLEL_GRAIN) return GradClip.sumOfSquares(x, 0, n);
        int tasks = (n + PARALLEL_GRAIN - 1) / PARALLEL_GRAIN;
        double[] partial = new double[tasks];
        Parallel.run(tasks, t -> partial[t] = GradClip.sumOfSquares(x, t * PARALLEL_GRAIN, Math.min(n, (t + 1) * PARALLEL_GRAIN)));
        double s = 0;
        for (double d : partial) s += d;
        return s;
    }

    private static void scale(float[] x, int n, float f) {
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Elementwise.scale(to - from, f, x, from));
    }

    /** Sets every given parameter's gradient to none. */
    public static void zeroGrad(List<Parameter> parameters) {
        for (Parameter p : parameters) p.zeroGrad();
    }

    /** Slot arrays for one parameter of {@code n} elements (e.g. Adam's m and v), created once, zero unless overridden. */
    protected abstract float[][] newSlots(int n);

    /**
     * The algorithm: updates {@code w[0, n)} in place from the (already clipped) gradient {@code g} and the
     * parameter's slots, with this step's learning rate {@code lr}; {@link #iterations()} is this step's t (from 1).
     */
    protected abstract void update(float[] w, float[] g, float[][] slots, int n, float lr);

    /** Called once per step, after {@link #iterations()} became {@code t} and before the first {@link #update}. */
    protected void beginStep(long t) {}

    /** The weight decay a new optimizer of this class has (0; AdamW: 0.004). */
    protected float defaultWeightDecay() {
        return 0f;
    }

    // ---- learning rate --------------------------------------------------------------------------------------

    /**
     * The learning rate the next step will use: the base rate, or the schedule's value at the current step index
     * when a schedule is set.
     */
    public float learningRate() {
        return schedule == null ? learningRate : schedule.at(iterations);
    }

    /**
     * Sets the base learning rate from the next step on (for callbacks such as ReduceLROnPlateau).
     *
     * @throws IllegalArgumentException if {@code lr} is not a finite positive number
     * @throws IllegalStateException if the optimizer follows a schedule (as Keras, which refuses the same)
     */
    public void setLearningRate(float lr) {
        if (schedule != null)
            throw new IllegalStateException(describe() + ": the learning rate follows the schedule " + schedule
                    + " and cannot be set; build the optimizer without withSchedule(...) to change it at run time");
        this.learningRate = requirePositive("learning_rate", lr);
    }

    /** The schedule set by {@link #withSchedule}, or null when the learning rate is the constant base rate. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** A fresh copy whose learning rate at step index s (0 for the first step) is {@code schedule.at(s)}. */
    public Optimizer withSchedule(LearningRateSchedule schedule) {
        if (schedule == null) throw new IllegalArgumentException(describe() + ": schedule must not be null");
        Optimizer o = copy();
        o.schedule = schedule;
        return o;
    }

    /** Number of steps taken. */
    public long iterations() {
        return iterations;
    }

    // ---- clipping and weight decay ----------------------------------------------------------------------------

    /** Keras {@code clipnorm}: a fresh copy that rescales each gradient tensor whose L2 norm exceeds {@code maxNorm}. */
    public Optimizer withClipNorm(float maxNorm) {
        Optimizer o = copyForClipping("clipnorm", maxNorm);
        o.clipNorm = maxNorm;
        return o;
    }

    /**
     * Keras {@code global_clipnorm}: a fresh copy that rescales all gradients by one factor when their joint L2
     * norm (over every parameter updated in the step, summed in double) exceeds {@code maxNorm}.
     */
    public Optimizer withGlobalClipNorm(float maxNorm) {
        Optimizer o = copyForClipping("global_clipnorm", maxNorm);
        o.globalClipNorm = maxNorm;
        return o;
    }

    /** Keras {@code clipvalue}: a fresh copy that clamps every gradient element to [−maxValue, maxValue]. */
    public Optimizer withClipValue(float maxValue) {
        Optimizer o = copyForClipping("clipvalue", maxValue);
        o.clipValue = maxValue;
        return o;
    }

    /**
     * Keras {@code weight_decay}: a fresh copy that shrinks every updated weight by {@code w −= lr·weightDecay·w}
     * before the algorithm's update (decoupled weight decay, Loshchilov and Hutter 2019; 0 turns it off).
     */
    public Optimizer withWeightDecay(float weightDecay) {
        Optimizer o = copy();
        o.initWeightDecay(weightDecay);
        return o;
    }

    /** Sets the weight decay during construction, for subclasses that take it as a constructor argument (AdamW). */
    protected final void initWeightDecay(float weightDecay) {
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay))
            throw new IllegalArgumentException(describe() + ": weight_decay must be a finite number >= 0, got " + weightDecay);
        this.weightDecay = weightDecay;
    }

    public float clipNorm() {
        return clipNorm;
    }

    public float globalClipNorm() {
        return globalClipNorm;
    }

    public float clipValue() {
        return clipValue;
    }

    public float weightDecay() {
        return weightDecay;
    }

    private Optimizer copyForClipping(String option, float limit) {
        requirePositive(option, limit);
        String set = clipNorm > 0 ? "clipnorm=" + clipNorm : globalClipNorm > 0 ? "global_clipnorm=" + globalClipNorm
                : clipValue > 0 ? "clipvalue=" + clipValue : null;
        if (set != null && !set.startsWith(option + "="))
            throw new IllegalArgumentException(describe() + ": cannot set " + option + "=" + limit + " as " + set
                    + " is already set; only one of clipnorm, global_clipnorm and clipvalue may be used (as in Keras)");
        return copy();
    }

    /** A fresh, unstepped copy with the same configuration (no slots, iterations 0). */
    protected Optimizer copy() {
        try {
            Optimizer o = (Optimizer) super.clone();
            o.slots = new IdentityHashMap<>();
            o.iterations = 0;
            return o;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- validation helpers for subclasses ----------------------------------------------------------------------

    /** {@code value} if finite and &gt; 0, else an IllegalArgumentException naming this optimizer, the argument and the value. */
    protected final float requirePositive(String argument, float value) {
        if (!(value > 0) || !Float.isFinite(value))
            throw new IllegalArgumentException(describe() + ": " + argument + " must be a finite number > 0, got " + value);
        return value;
    }

    /** {@code value} if in [0, 1), else an IllegalArgumentException naming this optimizer, the argument and the value. */
    protected final float requireUnitInterval(String argument, float value) {
        if (!(value >= 0 && value < 1))
            throw new IllegalArgumentException(describe() + ": " + argument + " must be in [0, 1), got " + value);
        return value;
    }

    private String describe() {
        return getClass().getSimpleName();
    }

    // ---- state ------------------------------------------------------------------------------------------------

    /**
     * A copy of the training state (step count, base learning rate, slot arrays) for saving, with the slots keyed by
     * the names in {@code parameters} (a model's weight names, "dense.kernel"); parameters not in the map, and those
     * not updated yet, are left out.
     */
    public final OptimizerState state(Map<String, Parameter> parameters) {
        Map<String, List<NDArray>> copies = new LinkedHashMap<>();
        parameters.forEach((key, p) -> {
            float[][] s = slots.get(p);
            if (s == null) return;
            List<NDArray> l = new ArrayList<>(s.length);
            for (float[] a : s) if (a != null) l.add(NDArray.wrap(Arrays.copyOf(a, p.size()), p.shape()));
            if (!l.isEmpty()) copies.put(key, l);
        });
        return new OptimizerState(name(), iterations, learningRate, copies);
    }

    /**
     * Puts back a state taken by {@link #state} from an optimizer of the same name, replacing this one's step count,
     * base learning rate (also while a schedule is set) and all slots; parameters absent from the state get fresh
     * slots on their next update. Everything is checked before anything changes.
     *
     * @throws IllegalArgumentException listing every problem: a state of another optimizer, a slot key that is not
     *     in {@code parameters}, a wrong number of slot arrays, a slot shape that differs from its parameter's
     */
    public final void loadState(OptimizerState state, Map<String, Parameter> parameters) {
        if (!state.optimizer().equals(name()))
            throw new IllegalArgumentException(describe() + ": the state is of optimizer '" + state.optimizer() + "', not '" + name() + "'");
        requirePositive("learning_rate", state.learningRate());
        List<String> problems = new ArrayList<>();
        Map<Parameter, float[][]> restored = new IdentityHashMap<>();
        state.slots().forEach((key, arrays) -> {
            Parameter p = parameters.get(key);
            if (p == null) {
                problems.add("slots for '" + key + "', which is not a weight of the model");
                return;
            }
            float[][] fresh = newSlots(p.size());
            List<float[]> used = new ArrayList<>(fresh.length); // the arrays in use (RMSprop leaves unused ones null)
            for (float[] a : fresh) if (a != null) used.add(a);
            if (arrays.size() != used.size()) {
                problems.add("'" + key + "' has " + arrays.size() + " slot arrays, " + name() + " keeps " + used.size());
                return;
            }
            for (int i = 0; i < used.size(); i++) {
                NDArray a = arrays.get(i);
                if (!a.shape().equals(p.shape())) problems.add("slot " + i + " of '" + key + "' has shape " + a.shape() + ", the weight " + p.shape());
                else NDArray.wrap(used.get(i), p.shape()).assign(a);
            }
            restored.put(p, fresh);
        });
        if (!problems.isEmpty())
            throw new IllegalArgumentException(describe() + ": the state does not fit (" + problems.size() + (problems.size() == 1 ? " problem): " : " problems): ")
                    + String.join("; ", problems));
        slots = restored;
        iterations = state.iterations();
        learningRate = state.learningRate();
    }

    // ---- saving -----------------------------------------------------------------------------------------------

    /** The Keras name, e.g. "adam". */
    public abstract String name();

    /**
     * Hyperparameters for saving, with Keras' keys: "learning_rate" (a number, or {"class_name", "config"} for a
     * schedule), the algorithm's own ones ({@link #hyperparameters}), and the shared options that are set
     * ("weight_decay", "clipnorm", "global_clipnorm", "clipvalue").
     *
     * @throws IllegalStateException if the schedule is a custom one (a lambda), which cannot be saved
     */
    public final Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", schedule == null ? (Object) learningRate : Schedules.toConfig(schedule));
        c.putAll(hyperparameters());
        if (weightDecay != defaultWeightDecay()) c.put("weight_decay", weightDecay);
        if (clipNorm > 0) c.put("clipnorm", clipNorm);
        if (globalClipNorm > 0) c.put("global_clipnorm", globalClipNorm);
        if (clipValue > 0) c.put("clipvalue", clipValue);
        return c;
    }

    /** The algorithm's own hyperparameters by their Keras keys (learning rate and shared options excluded). */
    protected abstract Map<String, Object> hyperparameters();

    @Override
    public String toString() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", schedule == null ? (Object) learningRate : schedule);
        c.putAll(hyperparameters());
        return name() + c + (weightDecay > 0 ? " weight_decay=" + weightDecay : "") + (clipNorm > 0 ? " clipnorm=" + clipNorm : "")
                + (globalClipNorm > 0 ? " global_clipnorm=" + globalClipNorm : "") + (clipValue > 0 ? " clipvalue=" + clipValue : "");
    }
}
