package nabla.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import nabla.autograd.Gradients;
import nabla.autograd.Tensor;
import nabla.kernels.BinaryOp;
import nabla.kernels.Elementwise;
import nabla.kernels.GradClip;
import nabla.kernels.Parallel;
import nabla.nn.Parameter;
import nabla.tensor.NDArray;

/**
 * The optimizer base. Its final {@link #step} (and {@link #applyGradients}, the same update with gradients given
 * instead of each parameter's {@link Parameter#grad()}) does everything that is the same for every algorithm, in
 * Keras' order, then calls the algorithm's {@link #update} hook once per parameter:
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
 * created on a parameter's first update by {@link #newSlots}. Everything a step reads is checked before anything
 * changes: a step that throws has updated nothing and is not counted.
 *
 * <p>With {@link #withGradientAccumulation gradient accumulation} over k steps, a call adds the gradients into one
 * accumulator per parameter, and only every k-th call runs the update above, once, with the mean of the k gradients
 * (clipped, as a single gradient would be); {@link #iterations()} then counts the updates applied, not the calls.
 *
 * <p><b>Options style.</b> An algorithm's own hyperparameters are constructor arguments in Keras' positional order,
 * with Keras' defaults in the shorter overloads ({@code new Adam(1e-3f)}, {@code new RMSprop(1e-3f, 0.9f, 0f, 1e-7f,
 * true)}); the options every optimizer shares are {@code withX(...)} methods that return a fresh, unstepped copy:
 * {@code new Adam(1e-3f).withGlobalClipNorm(1f).withSchedule(LearningRateSchedule.cosineDecay(1e-3f, 10_000, 0f))}.
 * An optimizer's configuration never changes after construction, except the base learning rate through
 * {@link #setLearningRate} (for callbacks such as ReduceLROnPlateau) and {@link #loadState}.
 *
 * <p><b>State and threads.</b> An optimizer holds the training state of the parameters it has stepped (their slots,
 * keyed by parameter identity, and the step count), so each model needs its own instance: {@code compile} keeps the
 * one it is given, it does not copy it. {@link #state} and {@link #loadState} save and restore that state (PyTorch's
 * {@code state_dict()} and {@code load_state_dict()}); {@link #config} and {@link Optimizers#fromConfig} the
 * configuration. An optimizer is not thread-safe: one thread steps it ({@link #step} splits large parameters over
 * the cores itself). A step has no randomness: the same weights, gradients and state give the same result on the
 * same machine.
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
    private int accumulationSteps = 1;
    /** The gradients added into the accumulators since the last applied update, in [0, accumulationSteps). */
    private int accumulated;
    /** Per parameter, the sum of its gradients since the last applied update (with gradient accumulation only). */
    private Map<Parameter, float[]> accumulators = new IdentityHashMap<>();

    /**
     * Sets the base learning rate and this class's {@link #defaultWeightDecay default weight decay}.
     *
     * @param learningRate the learning rate of every step while no schedule is set
     * @throws IllegalArgumentException if {@code learningRate} is not a finite number &gt; 0
     */
    protected Optimizer(float learningRate) {
        this.learningRate = requirePositive("learning_rate", learningRate);
        this.weightDecay = defaultWeightDecay();
    }

    /**
     * Applies one update to every trainable parameter that has a gradient, as the class comment lays out, and counts
     * the step (PyTorch's {@code optimizer.step()}; {@link #applyGradients} is Keras' {@code apply_gradients}). The
     * weights are updated in place, and so are the gradients when a clipping option is set. Frozen parameters and
     * those without a gradient since their last {@link #zeroGrad} are skipped, their slots untouched. With gradient
     * accumulation, the gradients are added into the accumulators and the weights change only at every k-th call
     * (see the class comment).
     *
     * @param parameters the parameters to update (a model's {@code parameters()}); pass the same objects at every
     *     step, as the slots are keyed by identity
     * @throws IllegalStateException if the schedule gives a negative or non-finite rate, or if a parameter's value or
     *     gradient is not a contiguous array at offset 0; either way nothing has changed and the step is not counted
     */
    public final void step(List<Parameter> parameters) {
        List<Parameter> active = new ArrayList<>(parameters.size());
        List<float[]> grads = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            NDArray g = p.grad();
            if (g == null || !p.trainable()) continue;
            requireContiguousValue(p);
            if (!g.isContiguous() || g.offset() != 0)
                throw new IllegalStateException(describe() + ": the gradient of parameter '" + p.name() + "' "
                        + p.shape() + " is not a contiguous array at offset 0");
            active.add(p);
            grads.add(g.data());
        }
        apply(parameters, active, grads);
    }

    /**
     * The update of {@link #step} with {@code gradients} in place of the parameters' own {@link Parameter#grad()}
     * (Keras' {@code optimizer.apply_gradients(zip(grads, vars))}, for custom training steps with
     * {@link Gradients#of} or {@link Parameter#gradients}): the same clipping, weight decay, slots, schedule, step
     * count and gradient accumulation, the same result bit for bit as {@code step} with those gradients in the
     * parameters' {@code grad()}. The arrays given are not changed (when a clipping option is set, they are copied
     * first), nor are the parameters' own gradients. A null gradient (Keras' {@code None}) and a frozen parameter
     * are skipped, as {@code step} skips them.
     *
     * @param parameters the parameters to update; pass the same objects at every step, as the slots are keyed by
     *     identity
     * @param gradients one gradient per parameter, in the same order, each of its parameter's shape (any layout), or
     *     null to skip that parameter
     * @throws IllegalArgumentException if the lists differ in size, or a gradient's shape differs from its
     *     parameter's (the message names the parameter and both shapes)
     * @throws IllegalStateException if the schedule gives a negative or non-finite rate, or a parameter's value is
     *     not a contiguous array at offset 0; whatever the exception, nothing has changed and the step is not counted
     * @throws NullPointerException if a list or a parameter is null
     */
    public final void applyGradients(List<Parameter> parameters, List<NDArray> gradients) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(gradients, "gradients");
        if (parameters.size() != gradients.size())
            throw new IllegalArgumentException(describe() + ": applyGradients got " + parameters.size()
                    + " parameters and " + gradients.size() + " gradients; pass one gradient (or null) per parameter");
        // clipping rewrites the gradients in place: copy the caller's (accumulation clips its own accumulators)
        boolean copy = accumulationSteps == 1 && (clipNorm > 0 || globalClipNorm > 0 || clipValue > 0);
        List<Parameter> active = new ArrayList<>(parameters.size());
        List<NDArray> given = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            if (p == null) throw new NullPointerException(describe() + ": applyGradients: parameter " + i + " is null");
            NDArray g = gradients.get(i);
            if (g == null) continue;
            if (!g.shape().equals(p.shape()))
                throw new IllegalArgumentException(describe() + ": the gradient for parameter " + i + " '" + p.name()
                        + "' has shape " + g.shape() + ", the parameter " + p.shape());
            if (!p.trainable()) continue;
            requireContiguousValue(p);
            active.add(p);
            given.add(g);
        }
        List<float[]> grads = new ArrayList<>(active.size());
        for (NDArray g : given)
            grads.add(copy || !g.isContiguous() || g.offset() != 0 ? g.copy().data() : g.data());
        apply(parameters, active, grads);
    }

    /**
     * One training step on {@code loss} without touching the parameters' own gradients (Keras 2's
     * {@code optimizer.minimize(loss, var_list)}): the gradients of {@code loss} with respect to the trainable
     * parameters of {@code parameters} by {@link Gradients#of(Tensor, List, Gradients.Unconnected)}, then
     * {@link #applyGradients}. Frozen parameters are left out, and so are those the loss does not depend on (as
     * {@link #step} skips a parameter that backward gave no gradient). {@link Parameter#grad()} of every parameter is
     * left as it was.
     *
     * @param loss a one-element tensor computed from the parameters' tensors with grad mode on
     * @param parameters the parameters to update, e.g. a model's {@code parameters()}
     * @return {@code loss.item()}, the loss before the update
     * @throws IllegalArgumentException if {@code loss} has more or fewer than one element, or does not require a
     *     gradient while a parameter is trainable
     * @throws IllegalStateException as {@link #applyGradients} does
     */
    public final float minimize(Tensor loss, List<Parameter> parameters) {
        List<Parameter> trainable = new ArrayList<>(parameters.size());
        List<Tensor> tensors = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            if (!p.trainable()) continue;
            trainable.add(p);
            tensors.add(p.tensor());
        }
        List<NDArray> grads = Gradients.of(loss, tensors, Gradients.Unconnected.NONE);
        applyGradients(trainable, grads);
        return loss.item();
    }

    private void requireContiguousValue(Parameter p) {
        NDArray w = p.value();
        if (!w.isContiguous() || w.offset() != 0)
            throw new IllegalStateException(describe() + ": the value of parameter '" + p.name() + "' " + p.shape()
                    + " is not a contiguous array at offset 0");
    }

    /**
     * The shared path of {@link #step} and {@link #applyGradients}, after their checks: {@code active} are the
     * trainable parameters with a gradient, {@code grads} their gradients (contiguous, each at least as long as its
     * parameter), {@code all} the parameters passed.
     */
    private void apply(List<Parameter> all, List<Parameter> active, List<float[]> grads) {
        if (accumulationSteps == 1) {
            float lr = nextRate();
            iterations++;
            applyUpdate(active, grads, lr);
            return;
        }
        boolean last = accumulated + 1 == accumulationSteps;
        float lr = last ? nextRate() : 0f; // checked before the accumulators change
        for (int i = 0; i < active.size(); i++) {
            Parameter p = active.get(i);
            int n = p.size();
            slots.computeIfAbsent(p, k -> newSlots(n)); // the state holds the accumulator after the slots
            float[] acc = accumulators.computeIfAbsent(p, k -> new float[n]);
            float[] g = grads.get(i);
            Parallel.forRange(
                    n,
                    PARALLEL_GRAIN,
                    (from, to) -> Elementwise.binary(BinaryOp.ADD, acc, from, 1, g, from, 1, acc, from, to - from));
        }
        if (!last) {
            accumulated++;
            return;
        }
        // the mean of the window's gradients, for every parameter that had a gradient in it, in the order given
        Set<Parameter> now = Collections.newSetFromMap(new IdentityHashMap<>());
        now.addAll(active);
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Parameter> updated = new ArrayList<>();
        List<float[]> means = new ArrayList<>();
        float[] k = {accumulationSteps};
        for (Parameter p : all) {
            float[] acc = accumulators.get(p);
            if (acc == null || !p.trainable() || !seen.add(p) || !now.contains(p) && isZero(acc)) continue;
            Parallel.forRange(
                    p.size(),
                    PARALLEL_GRAIN,
                    (from, to) -> Elementwise.binary(BinaryOp.DIV, acc, from, 1, k, 0, 0, acc, from, to - from));
            updated.add(p);
            means.add(acc);
        }
        accumulated = 0;
        iterations++;
        applyUpdate(updated, means, lr);
        for (float[] acc : accumulators.values()) Arrays.fill(acc, 0f);
    }

    private static boolean isZero(float[] a) {
        for (float x : a) if (x != 0) return false;
        return true;
    }

    /** This step's learning rate, checked; changes nothing. */
    private float nextRate() {
        float lr = schedule == null ? learningRate : schedule.at(iterations);
        if (!(lr >= 0) || !Float.isFinite(lr))
            throw new IllegalStateException(describe() + ": the learning-rate schedule gave " + lr + " at step "
                    + iterations + "; a learning rate must be a finite number >= 0");
        return lr;
    }

    /** Clipping, weight decay and the algorithm for one step numbered {@link #iterations()}. */
    private void applyUpdate(List<Parameter> active, List<float[]> grads, float lr) {
        if (globalClipNorm > 0) clipByGlobalNorm(active, grads, globalClipNorm);
        beginStep(iterations);
        for (int i = 0; i < active.size(); i++) {
            Parameter p = active.get(i);
            float[] w = p.value().data(), g = grads.get(i);
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

    private static void clipByGlobalNorm(List<Parameter> active, List<float[]> grads, float limit) {
        double sum = 0;
        for (int i = 0; i < active.size(); i++)
            sum += sumOfSquares(grads.get(i), active.get(i).size());
        double norm = Math.sqrt(sum);
        if (!(norm > limit))
            return; // a NaN norm leaves the gradients alone (an infinite one scales them by 0: inf·0 is NaN)
        float f = (float) (limit / norm);
        for (int i = 0; i < active.size(); i++)
            scale(grads.get(i), active.get(i).size(), f);
    }

    /** Σ x² over x[0, n), in double: float lanes over blocks, blocks summed in double, blocks split over cores. */
    private static double sumOfSquares(float[] x, int n) {
        if (n < 2 * PARALLEL_GRAIN) return GradClip.sumOfSquares(x, 0, n);
        int tasks = (n + PARALLEL_GRAIN - 1) / PARALLEL_GRAIN;
        double[] partial = new double[tasks];
        Parallel.run(
                tasks,
                t -> partial[t] = GradClip.sumOfSquares(x, t * PARALLEL_GRAIN, Math.min(n, (t + 1) * PARALLEL_GRAIN)));
        double s = 0;
        for (double d : partial) s += d;
        return s;
    }

    private static void scale(float[] x, int n, float f) {
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> Elementwise.scale(to - from, f, x, from));
    }

    /**
     * Clears the gradients of {@code parameters} (PyTorch's {@code zero_grad(set_to_none=True)}): each
     * {@link Parameter#grad()} is null until the next backward pass, which reuses the old buffer.
     *
     * @param parameters the parameters whose gradients are cleared
     */
    public static void zeroGrad(List<Parameter> parameters) {
        for (Parameter p : parameters) p.zeroGrad();
    }

    /**
     * The slot arrays of one parameter of {@code n} elements (e.g. Adam's m and v), made on the parameter's first
     * update and by {@link #loadState}. A null entry is a slot not in use (RMSprop without centering or momentum) and
     * is left out of {@link #state}.
     *
     * @param n the number of elements of the parameter
     * @return new arrays of length {@code n} (zeros unless the algorithm starts elsewhere, as Adagrad) or null, the
     *     same number in the same order at every call
     */
    protected abstract float[][] newSlots(int n);

    /**
     * The algorithm: updates {@code w[0, n)} in place from the (already clipped) gradient {@code g} and the
     * parameter's slots, with this step's learning rate {@code lr}; {@link #iterations()} is this step's t (from 1).
     *
     * @param w the parameter's weights; the first {@code n} elements are updated in place
     * @param g the gradient, already clipped (a buffer reused across steps: do not keep it)
     * @param slots the arrays {@link #newSlots} made for this parameter, updated in place
     * @param n the number of elements of the parameter
     * @param lr this step's learning rate: the base rate or the schedule's value
     */
    protected abstract void update(float[] w, float[] g, float[][] slots, int n, float lr);

    /**
     * Called once per step, after {@link #iterations()} became {@code t} and before the first {@link #update}, for
     * values shared by all parameters (Nadam's momentum product). Does nothing by default.
     *
     * @param t this step's number, from 1
     */
    protected void beginStep(long t) {}

    /**
     * The weight decay a new optimizer of this class has; {@link #config} saves "weight_decay" only when it differs.
     *
     * @return 0 (AdamW: 0.004)
     */
    protected float defaultWeightDecay() {
        return 0f;
    }

    // ---- learning rate --------------------------------------------------------------------------------------

    /**
     * The learning rate the next update will use: the base rate, or the schedule's value at the current step index
     * ({@link #iterations()}) when a schedule is set.
     *
     * @return the next step's learning rate
     */
    public float learningRate() {
        return schedule == null ? learningRate : schedule.at(iterations);
    }

    /**
     * Sets the base learning rate from the next step on (for callbacks such as ReduceLROnPlateau). The slots are
     * kept, so training goes on where it was.
     *
     * @param lr the new base learning rate
     * @throws IllegalArgumentException if {@code lr} is not a finite positive number
     * @throws IllegalStateException if the optimizer follows a schedule (as Keras, which refuses the same)
     */
    public void setLearningRate(float lr) {
        if (schedule != null)
            throw new IllegalStateException(describe() + ": the learning rate follows the schedule " + schedule
                    + " and cannot be set; build the optimizer without withSchedule(...) to change it at run time");
        this.learningRate = requirePositive("learning_rate", lr);
    }

    /**
     * The schedule set by {@link #withSchedule}.
     *
     * @return the schedule, or null when the learning rate is the base rate
     */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /**
     * A fresh, unstepped copy whose learning rate at step index s (0 for the first step) is {@code schedule.at(s)}
     * instead of the base rate (Keras' {@code learning_rate=schedule}; in PyTorch, a scheduler stepped after every
     * batch). The schedule is read once per step; a rate it gives that is negative or not finite fails that step.
     *
     * @param schedule the schedule; a lambda works, but a model compiled with it cannot be saved
     * @return the copy
     * @throws IllegalArgumentException if {@code schedule} is null
     */
    public Optimizer withSchedule(LearningRateSchedule schedule) {
        if (schedule == null) throw new IllegalArgumentException(describe() + ": schedule must not be null");
        Optimizer o = copy();
        o.schedule = schedule;
        return o;
    }

    /**
     * The number of updates applied (Keras' {@code optimizer.iterations}): 0 for a new optimizer or a copy, restored
     * by {@link #loadState}; a call of {@link #step} or {@link #applyGradients} that throws is not counted. With
     * gradient accumulation over k steps it counts the updates, one per k calls, not the calls (Keras 3 counts the
     * calls): schedules and Adam's bias correction see the same step numbers as without accumulation on k times
     * larger batches.
     *
     * @return the update count
     */
    public long iterations() {
        return iterations;
    }

    // ---- gradient accumulation --------------------------------------------------------------------------------

    /**
     * Keras 3's {@code gradient_accumulation_steps}: a fresh, unstepped copy that applies one update every
     * {@code steps} calls of {@link #step} or {@link #applyGradients}, with the mean of the gradients of those calls,
     * so that {@code steps} batches of n act as one batch of {@code steps}·n under a mean-reduced loss, in the memory
     * of a batch of n. The other calls only add their gradients into one accumulator per parameter (part of the
     * {@link #state}); the weights do not change. Clipping and weight decay apply to the update, clipping to the mean
     * gradient. The update covers the trainable parameters passed to the k-th call that received a gradient in any
     * of the k calls (one without a gradient in the k-th call whose accumulated sum is exactly zero counts as having
     * received none), each once; pass the same parameters at every call: the accumulated gradient of a parameter
     * left out of the k-th call, or frozen by then, is dropped. {@link #iterations()} counts the updates. Setting it
     * again replaces the count.
     *
     * @param steps the number of calls per update, at least 1 (1 turns accumulation off)
     * @return the copy
     * @throws IllegalArgumentException if {@code steps} is less than 1
     */
    public Optimizer withGradientAccumulation(int steps) {
        if (steps < 1)
            throw new IllegalArgumentException(
                    describe() + ": gradient_accumulation_steps must be an integer >= 1, got " + steps);
        Optimizer o = copy();
        o.accumulationSteps = steps;
        return o;
    }

    /**
     * The number of calls per update set by {@link #withGradientAccumulation}.
     *
     * @return the count, 1 when accumulation is off
     */
    public int gradientAccumulationSteps() {
        return accumulationSteps;
    }

    // ---- clipping and weight decay ----------------------------------------------------------------------------

    /**
     * Keras {@code clipnorm}: a fresh copy that rescales each gradient tensor whose L2 norm exceeds {@code maxNorm}
     * to that norm (PyTorch's {@code clip_grad_norm_} applied to each parameter on its own). Setting it again
     * replaces the limit.
     *
     * @param maxNorm the largest L2 norm a parameter's gradient keeps
     * @return the copy
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number &gt; 0, or if global_clipnorm or
     *     clipvalue is set
     */
    public Optimizer withClipNorm(float maxNorm) {
        Optimizer o = copyForClipping("clipnorm", maxNorm);
        o.clipNorm = maxNorm;
        return o;
    }

    /**
     * Keras {@code global_clipnorm}: a fresh copy that rescales all gradients by one factor when their joint L2
     * norm (over every parameter updated in the step, summed in double) exceeds {@code maxNorm}, as PyTorch's
     * {@code clip_grad_norm_(parameters, maxNorm)}. A NaN norm leaves the gradients as they are. Setting it again
     * replaces the limit.
     *
     * @param maxNorm the largest joint L2 norm the gradients keep
     * @return the copy
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number &gt; 0, or if clipnorm or clipvalue
     *     is set
     */
    public Optimizer withGlobalClipNorm(float maxNorm) {
        Optimizer o = copyForClipping("global_clipnorm", maxNorm);
        o.globalClipNorm = maxNorm;
        return o;
    }

    /**
     * Keras {@code clipvalue}: a fresh copy that clamps every gradient element to [−maxValue, maxValue] (PyTorch's
     * {@code clip_grad_value_}). Setting it again replaces the limit.
     *
     * @param maxValue the largest absolute value a gradient element keeps
     * @return the copy
     * @throws IllegalArgumentException if {@code maxValue} is not a finite number &gt; 0, or if clipnorm or
     *     global_clipnorm is set
     */
    public Optimizer withClipValue(float maxValue) {
        Optimizer o = copyForClipping("clipvalue", maxValue);
        o.clipValue = maxValue;
        return o;
    }

    /**
     * Keras {@code weight_decay}: a fresh copy that shrinks every updated weight by {@code w −= lr·weightDecay·w}
     * before the algorithm's update (decoupled weight decay, Loshchilov and Hutter 2019; 0 turns it off), on every
     * parameter the step updates, biases included. This is PyTorch's {@code AdamW} decay for any algorithm, not the
     * {@code weight_decay} argument of PyTorch's {@code SGD} or {@code Adam}, which adds {@code weightDecay·w} to the
     * gradient (L2 regularization; for that, give the layers a regularizer).
     *
     * @param weightDecay the decay per unit of learning rate, a finite number &gt;= 0
     * @return the copy
     * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
     */
    public Optimizer withWeightDecay(float weightDecay) {
        Optimizer o = copy();
        o.initWeightDecay(weightDecay);
        return o;
    }

    /**
     * Sets the weight decay during construction, for subclasses that take it as a constructor argument (AdamW).
     *
     * @param weightDecay the decay, as for {@link #withWeightDecay}
     * @throws IllegalArgumentException if {@code weightDecay} is negative or not finite
     */
    protected final void initWeightDecay(float weightDecay) {
        if (!(weightDecay >= 0) || !Float.isFinite(weightDecay))
            throw new IllegalArgumentException(
                    describe() + ": weight_decay must be a finite number >= 0, got " + weightDecay);
        this.weightDecay = weightDecay;
    }

    /**
     * The per-tensor clipping norm set by {@link #withClipNorm}.
     *
     * @return the limit, or 0 when off
     */
    public float clipNorm() {
        return clipNorm;
    }

    /**
     * The global clipping norm set by {@link #withGlobalClipNorm}.
     *
     * @return the limit, or 0 when off
     */
    public float globalClipNorm() {
        return globalClipNorm;
    }

    /**
     * The clipping value set by {@link #withClipValue}.
     *
     * @return the limit, or 0 when off
     */
    public float clipValue() {
        return clipValue;
    }

    /**
     * The decoupled weight decay ({@link #withWeightDecay}).
     *
     * @return the decay, 0 when off
     */
    public float weightDecay() {
        return weightDecay;
    }

    private Optimizer copyForClipping(String option, float limit) {
        requirePositive(option, limit);
        String set = clipNorm > 0
                ? "clipnorm=" + clipNorm
                : globalClipNorm > 0
                        ? "global_clipnorm=" + globalClipNorm
                        : clipValue > 0 ? "clipvalue=" + clipValue : null;
        if (set != null && !set.startsWith(option + "="))
            throw new IllegalArgumentException(describe() + ": cannot set " + option + "=" + limit + " as " + set
                    + " is already set; only one of clipnorm, global_clipnorm and clipvalue may be used (as in Keras)");
        return copy();
    }

    /**
     * A fresh, unstepped copy with the same configuration (no slots, no accumulated gradients, iterations 0), the
     * base of every {@code withX}. It is made by {@link Object#clone()}, so a subclass's own fields are copied as
     * they are.
     *
     * @return the copy
     */
    protected Optimizer copy() {
        try {
            Optimizer o = (Optimizer) super.clone();
            o.slots = new IdentityHashMap<>();
            o.accumulators = new IdentityHashMap<>();
            o.accumulated = 0;
            o.iterations = 0;
            return o;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    // ---- validation helpers for subclasses ----------------------------------------------------------------------

    /**
     * Checks a constructor argument that must be a finite number &gt; 0.
     *
     * @param argument the argument's name for the message, in Keras' spelling (e.g. "epsilon")
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException naming this optimizer, the argument and the value, if it is not
     */
    protected final float requirePositive(String argument, float value) {
        if (!(value > 0) || !Float.isFinite(value))
            throw new IllegalArgumentException(
                    describe() + ": " + argument + " must be a finite number > 0, got " + value);
        return value;
    }

    /**
     * Checks a constructor argument that must be in [0, 1) (a decay rate or momentum).
     *
     * @param argument the argument's name for the message, in Keras' spelling (e.g. "rho")
     * @param value the value to check
     * @return {@code value}
     * @throws IllegalArgumentException naming this optimizer, the argument and the value, if it is not
     */
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
     * not updated yet, are left out. With gradient accumulation, each parameter's accumulated gradient is one more
     * slot array after the algorithm's, and {@link OptimizerState#accumulatedSteps()} says how many gradients it
     * holds. Everything is copied: later steps do not change the returned state.
     *
     * @param parameters the parameters by name, as a model's {@code namedParameters()} gives them
     * @return the state
     */
    public final OptimizerState state(Map<String, Parameter> parameters) {
        Map<String, List<NDArray>> copies = new LinkedHashMap<>();
        parameters.forEach((key, p) -> {
            float[][] s = slots.get(p);
            if (s == null) return;
            List<NDArray> l = new ArrayList<>(s.length + 1);
            for (float[] a : s) if (a != null) l.add(NDArray.wrap(Arrays.copyOf(a, p.size()), p.shape()));
            if (accumulationSteps > 1) {
                float[] acc = accumulators.get(p);
                l.add(acc == null ? NDArray.zeros(p.shape()) : NDArray.wrap(Arrays.copyOf(acc, p.size()), p.shape()));
            }
            if (!l.isEmpty()) copies.put(key, l);
        });
        return new OptimizerState(name(), iterations, learningRate, copies, accumulated);
    }

    /**
     * Puts back a state taken by {@link #state} from an optimizer of the same name, replacing this one's step count,
     * base learning rate (also while a schedule is set), all slots and, with gradient accumulation, the accumulated
     * gradients; parameters absent from the state get fresh slots on their next update. Everything is checked before
     * anything changes. The configuration (hyperparameters, schedule, clipping, gradient accumulation) is not part of
     * the state and stays this optimizer's; a state taken with gradient accumulation has one more slot array per
     * parameter, so it loads only into an optimizer that accumulates too (over any number of steps greater than the
     * state's {@link OptimizerState#accumulatedSteps()}), and one taken without only into one that does not.
     *
     * @param state a state taken by {@link #state}, possibly from a saved model
     * @param parameters the parameters by name, under the names the state was taken with
     * @throws IllegalArgumentException listing every problem: a state of another optimizer, a slot key that is not
     *     in {@code parameters}, a wrong number of slot arrays, a slot shape that differs from its parameter's, a
     *     count of accumulated gradients that this optimizer's gradient accumulation cannot hold
     */
    public final void loadState(OptimizerState state, Map<String, Parameter> parameters) {
        if (!state.optimizer().equals(name()))
            throw new IllegalArgumentException(
                    describe() + ": the state is of optimizer '" + state.optimizer() + "', not '" + name() + "'");
        requirePositive("learning_rate", state.learningRate());
        List<String> problems = new ArrayList<>();
        boolean accumulating = accumulationSteps > 1;
        if (state.accumulatedSteps() >= accumulationSteps)
            problems.add("the state holds " + state.accumulatedSteps() + " accumulated gradients, "
                    + (accumulating
                            ? "this optimizer applies an update every " + accumulationSteps
                            : "this optimizer does not accumulate gradients"));
        Map<Parameter, float[][]> restored = new IdentityHashMap<>();
        Map<Parameter, float[]> restoredAccumulators = new IdentityHashMap<>();
        state.slots().forEach((key, arrays) -> {
            Parameter p = parameters.get(key);
            if (p == null) {
                problems.add("slots for '" + key + "', which is not a weight of the model");
                return;
            }
            float[][] fresh = newSlots(p.size());
            List<float[]> used = new ArrayList<>(fresh.length); // the arrays in use (RMSprop leaves unused ones null)
            for (float[] a : fresh) if (a != null) used.add(a);
            int algorithmSlots = used.size();
            if (accumulating) {
                float[] acc = new float[p.size()];
                used.add(acc);
                restoredAccumulators.put(p, acc);
            }
            if (arrays.size() != used.size()) {
                problems.add("'" + key + "' has " + arrays.size() + " slot arrays, " + name() + " keeps "
                        + used.size()
                        + (accumulating
                                ? " (" + algorithmSlots + " + 1 accumulated gradient, as gradient accumulation is on)"
                                : ""));
                return;
            }
            for (int i = 0; i < used.size(); i++) {
                NDArray a = arrays.get(i);
                if (!a.shape().equals(p.shape()))
                    problems.add(
                            "slot " + i + " of '" + key + "' has shape " + a.shape() + ", the weight " + p.shape());
                else NDArray.wrap(used.get(i), p.shape()).assign(a);
            }
            restored.put(p, fresh);
        });
        if (!problems.isEmpty())
            throw new IllegalArgumentException(describe() + ": the state does not fit (" + problems.size()
                    + (problems.size() == 1 ? " problem): " : " problems): ") + String.join("; ", problems));
        slots = restored;
        accumulators = restoredAccumulators;
        accumulated = state.accumulatedSteps();
        iterations = state.iterations();
        learningRate = state.learningRate();
    }

    // ---- saving -----------------------------------------------------------------------------------------------

    /**
     * The Keras name, under which {@link Optimizers#fromConfig} rebuilds the optimizer.
     *
     * @return the name, e.g. "adam"
     */
    public abstract String name();

    /**
     * Hyperparameters for saving, with Keras' keys: "learning_rate" (a number, or {"class_name", "config"} for a
     * schedule), the algorithm's own ones ({@link #hyperparameters}), and the shared options that are set
     * ("weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "gradient_accumulation_steps").
     *
     * @return a new map of the keys above
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
        if (accumulationSteps > 1) c.put("gradient_accumulation_steps", accumulationSteps);
        return c;
    }

    /**
     * The algorithm's own hyperparameters by their Keras keys (learning rate and shared options excluded), for
     * {@link #config} and {@link #toString}.
     *
     * @return a new map, in Keras' argument order
     */
    protected abstract Map<String, Object> hyperparameters();

    @Override
    public String toString() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", schedule == null ? (Object) learningRate : schedule);
        c.putAll(hyperparameters());
        return name()
                + c
                + (weightDecay > 0 ? " weight_decay=" + weightDecay : "")
                + (clipNorm > 0 ? " clipnorm=" + clipNorm : "")
                + (globalClipNorm > 0 ? " global_clipnorm=" + globalClipNorm : "")
                + (clipValue > 0 ? " clipvalue=" + clipValue : "")
                + (accumulationSteps > 1 ? " gradient_accumulation_steps=" + accumulationSteps : "");
    }
}
