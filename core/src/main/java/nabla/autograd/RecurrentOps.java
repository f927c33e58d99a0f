package nabla.autograd;

import nabla.kernels.ActKind;
import nabla.kernels.Fused;
import nabla.kernels.Gemm;
import nabla.kernels.RecurrentGates;
import nabla.kernels.Workspace;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/**
 * Whole-sequence recurrent layers as single differentiable primitives (one graph node per sequence, not per
 * step): simple RNN, LSTM and GRU. Each runs the input projection of every time step as one GEMM
 * ((batch·steps, features) · (features, gates·units)), each recurrent step as one GEMM for all gates
 * ((batch, units) · (units, gates·units)) written in place into the step's slice of the pre-activation buffer,
 * and the gate math as fused vector kernels ({@code kernels.RecurrentGates}). Buffers are allocated once per call,
 * never per step. The backward pass (BPTT) mirrors it: one GEMM per step for the state gradient, and the weight
 * gradients as one GEMM each over all steps. The gate activations are fixed here (tanh and sigmoid; the given
 * activation for the simple RNN): the recurrent layers run other activations step by step from generic ops.
 *
 * <p>Common arguments: {@code x} (batch, steps, features); {@code h0} (and {@code c0}) the initial state
 * (batch, units) or null for zeros; {@code mask} (batch, steps), nonzero where a step is real, or null: at a
 * masked step the state is carried through unchanged and the sequence output is zero; {@code recMask}
 * (batch, units) or null multiplies the state where it enters the recurrent product (recurrent dropout: one mask
 * for all gates, used as given, so it carries any 1/(1−p) scaling); {@code reverse} runs from the last step to
 * the first (outputs stay at their input positions: the layers reorder them as Keras' {@code go_backwards}
 * does).
 *
 * <p>Output: with {@code withStates} false, (batch, steps, units) when {@code returnSequences}, else the
 * final state (batch, units). With {@code withStates} true, the outputs packed as (batch, K, units): the
 * sequence (steps rows) or the final output (one row), followed by the final states (h, then c for LSTM).
 *
 * <p>The per-step buffers saved for BPTT are returned to a shared pool after the backward pass (or at once when
 * nothing requires a gradient), so each result can be backpropagated only once: a second backward pass through
 * it throws {@link IllegalStateException}; run the forward pass again instead. Shape errors throw
 * {@link IllegalArgumentException} naming the expected shape.
 */
public final class RecurrentOps {
    private RecurrentOps() {}

    /**
     * Keras' LSTM: gates [i f c o] in w (features, 4u), u (units, 4u), b (4u) or null. Per step
     * {@code i, f, o = σ(·)}, {@code c̃ = tanh(·)}, {@code c = f·c + i·c̃}, {@code h = o·tanh(c)}, with each
     * pre-activation {@code x·w + h·u + b} (PyTorch's {@code LSTM} has the same gate order, with its weights
     * transposed and two biases).
     *
     * @param x the input (batch, steps, features)
     * @param h0 the initial hidden state (batch, units), or null for zeros
     * @param c0 the initial cell state (batch, units), or null for zeros
     * @param w the input kernel (features, 4·units)
     * @param u the recurrent kernel (units, 4·units)
     * @param b the bias (4·units), or null for none; its size is not checked here
     * @param mask (batch, steps), nonzero at real steps, or null for none
     * @param recMask the recurrent-dropout mask (batch, units), or null for none
     * @param reverse run from the last step to the first
     * @param returnSequences output every step's state rather than only the final one
     * @param withStates append the final states to the output (see the class comment for the packing)
     * @return (batch, units), (batch, steps, units) with returnSequences, or with withStates the output rows then
     *     h and c, as (batch, K, units)
     * @throws IllegalArgumentException when a shape does not match or the input has no steps
     */
    public static Tensor lstm(
            Tensor x,
            Tensor h0,
            Tensor c0,
            Tensor w,
            Tensor u,
            Tensor b,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        Seq q = new Seq("lstm", 4, x, w, u, h0, c0, mask, recMask, reverse, returnSequences, withStates, 2);
        int nb = q.nb, nt = q.nt, nu = q.nu, g4 = 4 * nu;
        float[] a = q.inputProjection(b == null ? null : b.value().contiguous(), 0);
        float[] h = Workspace.take(nb * nt * nu, true),
                c = Workspace.take(nb * nt * nu, true),
                hin = Workspace.take(nb * nt * nu, true);
        float[] h0d = q.initial(h0), c0d = q.initial(c0);
        for (int s = 0; s < nt; s++) {
            int t = q.step(s);
            q.fillHin(hin, s, h, h0d);
            Gemm.sgemm(false, false, nb, g4, nu, hin, t * nu, nt * nu, q.ud, q.uo, g4, a, t * g4, nt * g4, true);
            for (int r = 0; r < nb; r++) {
                int row = r * nt + t;
                float[] cp = s == 0 ? c0d : c;
                int cpo = s == 0 ? r * nu : (r * nt + q.step(s - 1)) * nu;
                if (q.valid(r, t)) RecurrentGates.lstmForward(nu, a, row * g4, cp, cpo, c, row * nu, h, row * nu);
                else {
                    System.arraycopy(cp, cpo, c, row * nu, nu);
                    q.copyPrev(h, h0d, s, r, h, row * nu);
                }
            }
        }
        return result(
                "lstm",
                q.output(h, c),
                new float[][] {a, h, c, hin},
                g -> {
                    float[] dy = returnSequences ? Workspace.take(nb * nt * nu, true) : null;
                    float[] dh = new float[nb * nu], dc = new float[nb * nu], tmp = new float[nb * nu];
                    q.splitGrad(g, dy, dh, dc);
                    float[] da = Workspace.take(nb * nt * g4, true);
                    for (int s = nt - 1; s >= 0; s--) {
                        int t = q.step(s);
                        for (int r = 0; r < nb; r++) {
                            if (!q.valid(r, t)) continue;
                            int row = r * nt + t;
                            q.addOutputGrad(dy, row, dh, r);
                            float[] cp = s == 0 ? c0d : c;
                            int cpo = s == 0 ? r * nu : (r * nt + q.step(s - 1)) * nu;
                            RecurrentGates.lstmBackward(
                                    nu, a, row * g4, cp, cpo, c, row * nu, dh, r * nu, dc, r * nu, da, row * g4);
                        }
                        Gemm.sgemm(false, true, nb, nu, g4, da, t * g4, nt * g4, q.ud, q.uo, g4, tmp, 0, nu, false);
                        q.stateGrad(tmp, null, dh, t);
                    }
                    q.finish(h0, dh, c0, dc, da, g4, hin, w, u);
                    if (b != null && b.requiresGrad())
                        Fused.columnSumAccumulate(
                                da, 0, nb * nt, g4, b.gradBuffer().data(), 0);
                    Workspace.give(dy, da);
                },
                x,
                h0,
                c0,
                w,
                u,
                b);
    }

    /**
     * Keras' GRU: gates [z r h] in w (features, 3u), u (units, 3u). With {@code resetAfter} (Keras 2/3 default,
     * cuDNN-compatible) the reset gate multiplies the recurrent product and b is (2, 3u) (input bias, recurrent
     * bias); otherwise it multiplies the state before the product and b is (3u). b may be null. The new state is
     * {@code h = z·h_prev + (1 − z)·h̃} with {@code z, r = σ(·)} and {@code h̃ = tanh(·)}.
     *
     * @param x the input (batch, steps, features)
     * @param h0 the initial state (batch, units), or null for zeros
     * @param w the input kernel (features, 3·units)
     * @param u the recurrent kernel (units, 3·units)
     * @param b the bias, (2, 3·units) with resetAfter and (3·units) without (only the size is checked), or null
     * @param resetAfter apply the reset gate after the recurrent product (as PyTorch's {@code GRU}) rather than
     *     before
     * @param mask (batch, steps), nonzero at real steps, or null for none
     * @param recMask the recurrent-dropout mask (batch, units), or null for none
     * @param reverse run from the last step to the first
     * @param returnSequences output every step's state rather than only the final one
     * @param withStates append the final states to the output (see the class comment for the packing)
     * @return (batch, units), (batch, steps, units) with returnSequences, or with withStates the output rows then
     *     h, as (batch, K, units)
     * @throws IllegalArgumentException when a shape does not match or the input has no steps
     */
    public static Tensor gru(
            Tensor x,
            Tensor h0,
            Tensor w,
            Tensor u,
            Tensor b,
            boolean resetAfter,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        Seq q = new Seq("gru", 3, x, w, u, h0, null, mask, recMask, reverse, returnSequences, withStates, 1);
        int nb = q.nb, nt = q.nt, nu = q.nu, g3 = 3 * nu;
        NDArray bv = b == null ? null : b.value().contiguous();
        if (bv != null && bv.size() != (resetAfter ? 2 * g3 : g3))
            throw new IllegalArgumentException("gru: bias " + bv.shape() + " must be "
                    + (resetAfter ? "(2, " + g3 + ")" : "(" + g3 + ")") + " for resetAfter=" + resetAfter);
        float[] a = q.inputProjection(bv, 0);
        float[] br = resetAfter && bv != null ? bv.data() : new float[g3];
        int bro = resetAfter && bv != null ? bv.offset() + g3 : 0;
        float[] h = Workspace.take(nb * nt * nu, true),
                hin = Workspace.take(nb * nt * nu, true),
                rh = Workspace.take(nb * nt * nu, true);
        float[] rec = resetAfter ? new float[nb * g3] : null;
        float[] h0d = q.initial(h0);
        for (int s = 0; s < nt; s++) {
            int t = q.step(s);
            q.fillHin(hin, s, h, h0d);
            if (resetAfter)
                Gemm.sgemm(false, false, nb, g3, nu, hin, t * nu, nt * nu, q.ud, q.uo, g3, rec, 0, g3, false);
            else {
                Gemm.sgemm(
                        false, false, nb, 2 * nu, nu, hin, t * nu, nt * nu, q.ud, q.uo, g3, a, t * g3, nt * g3, true);
                for (int r = 0; r < nb; r++)
                    RecurrentGates.gruGatesZR(nu, a, (r * nt + t) * g3, hin, (r * nt + t) * nu, rh, (r * nt + t) * nu);
                Gemm.sgemm(
                        false,
                        false,
                        nb,
                        nu,
                        nu,
                        rh,
                        t * nu,
                        nt * nu,
                        q.ud,
                        q.uo + 2 * nu,
                        g3,
                        a,
                        t * g3 + 2 * nu,
                        nt * g3,
                        true);
            }
            for (int r = 0; r < nb; r++) {
                int row = r * nt + t;
                float[] hp = s == 0 ? h0d : h;
                int hpo = s == 0 ? r * nu : (r * nt + q.step(s - 1)) * nu;
                if (!q.valid(r, t)) System.arraycopy(hp, hpo, h, row * nu, nu);
                else if (resetAfter)
                    RecurrentGates.gruForwardResetAfter(
                            nu, a, row * g3, rec, r * g3, br, bro, hp, hpo, rh, row * nu, h, row * nu);
                else RecurrentGates.gruOutput(nu, a, row * g3, hp, hpo, h, row * nu);
            }
        }
        return result(
                "gru",
                q.output(h, null),
                new float[][] {a, h, hin, rh},
                g -> {
                    float[] dy = returnSequences ? Workspace.take(nb * nt * nu, true) : null;
                    float[] dh = new float[nb * nu], tmp = new float[nb * nu], dhp = new float[nb * nu];
                    q.splitGrad(g, dy, dh, null);
                    float[] da = Workspace.take(nb * nt * g3, true);
                    float[] dr = resetAfter ? Workspace.take(nb * nt * g3, true) : null;
                    for (int s = nt - 1; s >= 0; s--) {
                        int t = q.step(s);
                        for (int r = 0; r < nb; r++) {
                            if (!q.valid(r, t)) continue;
                            int row = r * nt + t;
                            q.addOutputGrad(dy, row, dh, r);
                            float[] hp = s == 0 ? h0d : h;
                            int hpo = s == 0 ? r * nu : (r * nt + q.step(s - 1)) * nu;
                            if (resetAfter)
                                RecurrentGates.gruBackwardResetAfter(
                                        nu, a, row * g3, rh, row * nu, hp, hpo, dh, r * nu, da, row * g3, dr, row * g3,
                                        dhp, r * nu);
                            else
                                RecurrentGates.gruBackwardOutput(
                                        nu, a, row * g3, hp, hpo, dh, r * nu, da, row * g3, dhp, r * nu);
                        }
                        if (resetAfter)
                            Gemm.sgemm(false, true, nb, nu, g3, dr, t * g3, nt * g3, q.ud, q.uo, g3, tmp, 0, nu, false);
                        else {
                            // d(r·hin) = dh̃_pre · U_hᵀ, then the reset gate's share, then the z and r gates' products.
                            Gemm.sgemm(
                                    false,
                                    true,
                                    nb,
                                    nu,
                                    nu,
                                    da,
                                    t * g3 + 2 * nu,
                                    nt * g3,
                                    q.ud,
                                    q.uo + 2 * nu,
                                    g3,
                                    tmp,
                                    0,
                                    nu,
                                    false);
                            for (int r = 0; r < nb; r++)
                                if (q.valid(r, t))
                                    RecurrentGates.gruBackwardReset(
                                            nu,
                                            a,
                                            (r * nt + t) * g3,
                                            hin,
                                            (r * nt + t) * nu,
                                            tmp,
                                            r * nu,
                                            da,
                                            (r * nt + t) * g3);
                            Gemm.sgemm(
                                    false, true, nb, nu, 2 * nu, da, t * g3, nt * g3, q.ud, q.uo, g3, tmp, 0, nu, true);
                        }
                        q.stateGrad(tmp, dhp, dh, t);
                    }
                    if (resetAfter) {
                        q.finish(h0, dh, null, null, da, g3, null, w, null);
                        if (u.requiresGrad()) {
                            boolean add = u.prepareGradForWrite();
                            Gemm.sgemm(
                                    true,
                                    false,
                                    nu,
                                    g3,
                                    nb * nt,
                                    hin,
                                    0,
                                    nu,
                                    dr,
                                    0,
                                    g3,
                                    u.gradArray().data(),
                                    0,
                                    g3,
                                    add);
                        }
                        if (b != null && b.requiresGrad()) {
                            float[] gb = b.gradBuffer().data();
                            Fused.columnSumAccumulate(da, 0, nb * nt, g3, gb, 0);
                            Fused.columnSumAccumulate(dr, 0, nb * nt, g3, gb, g3);
                        }
                    } else {
                        q.finish(h0, dh, null, null, da, g3, null, w, null);
                        if (u.requiresGrad()) {
                            boolean add = u.prepareGradForWrite();
                            float[] gu = u.gradArray().data();
                            Gemm.sgemm(true, false, nu, 2 * nu, nb * nt, hin, 0, nu, da, 0, g3, gu, 0, g3, add);
                            Gemm.sgemm(true, false, nu, nu, nb * nt, rh, 0, nu, da, 2 * nu, g3, gu, 2 * nu, g3, add);
                        }
                        if (b != null && b.requiresGrad())
                            Fused.columnSumAccumulate(
                                    da, 0, nb * nt, g3, b.gradBuffer().data(), 0);
                    }
                    Workspace.give(dy, da, dr);
                },
                x,
                h0,
                w,
                u,
                b);
    }

    /**
     * True when {@link #simpleRnn} runs {@code activation} fused: linear, relu, sigmoid and tanh.
     *
     * @param activation the activation of a simple RNN
     * @return whether {@link #simpleRnn} accepts it
     */
    public static boolean fusesSimpleRnn(Activation activation) {
        return activation.fused() != null; // linear's is ActKind.NONE
    }

    /**
     * Keras' SimpleRNN: {@code h = act(x·w + h·u + b)} with w (features, u), u (units, units), b (u) or null.
     *
     * @param x the input (batch, steps, features)
     * @param h0 the initial state (batch, units), or null for zeros
     * @param w the input kernel (features, units)
     * @param u the recurrent kernel (units, units)
     * @param b the bias (units), or null for none; its size is not checked here
     * @param activation linear, relu, sigmoid or tanh (see {@link #fusesSimpleRnn})
     * @param mask (batch, steps), nonzero at real steps, or null for none
     * @param recMask the recurrent-dropout mask (batch, units), or null for none
     * @param reverse run from the last step to the first
     * @param returnSequences output every step's state rather than only the final one
     * @param withStates append the final states to the output (see the class comment for the packing)
     * @return (batch, units), (batch, steps, units) with returnSequences, or with withStates the output rows then
     *     h, as (batch, K, units)
     * @throws IllegalArgumentException when the activation cannot be fused, a shape does not match, or the input
     *     has no steps
     */
    public static Tensor simpleRnn(
            Tensor x,
            Tensor h0,
            Tensor w,
            Tensor u,
            Tensor b,
            Activation activation,
            NDArray mask,
            NDArray recMask,
            boolean reverse,
            boolean returnSequences,
            boolean withStates) {
        ActKind act = activation.fused();
        if (act == null)
            throw new IllegalArgumentException(
                    "simpleRnn: the fused sequence runs linear, relu, sigmoid or tanh, not " + activation.kerasName());
        Seq q = new Seq("simpleRnn", 1, x, w, u, h0, null, mask, recMask, reverse, returnSequences, withStates, 1);
        int nb = q.nb, nt = q.nt, nu = q.nu;
        float[] a = q.inputProjection(b == null ? null : b.value().contiguous(), 0);
        float[] h = Workspace.take(nb * nt * nu, true), hin = Workspace.take(nb * nt * nu, true);
        float[] h0d = q.initial(h0);
        for (int s = 0; s < nt; s++) {
            int t = q.step(s);
            q.fillHin(hin, s, h, h0d);
            Gemm.sgemm(false, false, nb, nu, nu, hin, t * nu, nt * nu, q.ud, q.uo, nu, a, t * nu, nt * nu, true);
            for (int r = 0; r < nb; r++) {
                int row = r * nt + t;
                if (q.valid(r, t)) RecurrentGates.activate(act, a, row * nu, h, row * nu, nu);
                else q.copyPrev(h, h0d, s, r, h, row * nu);
            }
        }
        return result(
                "simpleRnn",
                q.output(h, null),
                new float[][] {a, h, hin},
                g -> {
                    float[] dy = returnSequences ? Workspace.take(nb * nt * nu, true) : null;
                    float[] dh = new float[nb * nu], tmp = new float[nb * nu];
                    q.splitGrad(g, dy, dh, null);
                    float[] da = Workspace.take(nb * nt * nu, true);
                    for (int s = nt - 1; s >= 0; s--) {
                        int t = q.step(s);
                        for (int r = 0; r < nb; r++) {
                            if (!q.valid(r, t)) continue;
                            int row = r * nt + t;
                            q.addOutputGrad(dy, row, dh, r);
                            Fused.activationBackward(act, h, row * nu, dh, r * nu, da, row * nu, nu);
                        }
                        Gemm.sgemm(false, true, nb, nu, nu, da, t * nu, nt * nu, q.ud, q.uo, nu, tmp, 0, nu, false);
                        q.stateGrad(tmp, null, dh, t);
                    }
                    q.finish(h0, dh, null, null, da, nu, hin, w, u);
                    if (b != null && b.requiresGrad())
                        Fused.columnSumAccumulate(
                                da, 0, nb * nt, nu, b.gradBuffer().data(), 0);
                    Workspace.give(dy, da);
                },
                x,
                h0,
                w,
                u,
                b);
    }

    /**
     * The op's result. The per-step buffers it saved for BPTT go back to the {@link Workspace} at once when no
     * backward can run (no input needs a gradient, or under NoGrad), otherwise right after the backward pass, so
     * the next step reuses them; a second backward through the same forward is then an error rather than a
     * silently wrong gradient.
     */
    private static Tensor result(String op, NDArray out, float[][] saved, Node.Backward backward, Tensor... inputs) {
        boolean[] done = {false};
        Tensor y = Tensor.fromOp(
                op,
                out,
                g -> {
                    if (done[0])
                        throw new IllegalStateException(op
                                + ": a second backward through one forward pass; its saved activations were released "
                                + "after the first, run the forward pass again");
                    done[0] = true;
                    backward.run(g);
                    Workspace.give(saved);
                },
                inputs);
        if (!y.requiresGrad()) Workspace.give(saved);
        return y;
    }

    /** Shapes, masks and the shared bookkeeping of one recurrent call. */
    private static final class Seq {
        final int nb, nt, nf, nu, gates, nStates;
        final boolean reverse, returnSequences, withStates;
        final float[] xd, wd, ud, md, rm;
        final int xo, wo, uo, rmo;
        final Tensor x;
        final Shape outShape;

        Seq(
                String op,
                int gates,
                Tensor x,
                Tensor w,
                Tensor u,
                Tensor h0,
                Tensor c0,
                NDArray mask,
                NDArray recMask,
                boolean reverse,
                boolean returnSequences,
                boolean withStates,
                int nStates) {
            if (x.rank() != 3)
                throw new IllegalArgumentException(op + ": expected input (batch, steps, features), got " + x.shape());
            this.x = x;
            nb = x.dim(0);
            nt = x.dim(1);
            nf = x.dim(2);
            nu = u.dim(0);
            this.gates = gates;
            this.nStates = nStates;
            if (w.rank() != 2 || w.dim(0) != nf || w.dim(1) != gates * nu)
                throw new IllegalArgumentException(op + ": kernel " + w.shape() + " must be (" + nf + ", " + gates * nu
                        + ") for input " + x.shape());
            if (u.rank() != 2 || u.dim(1) != gates * nu)
                throw new IllegalArgumentException(
                        op + ": recurrent kernel " + u.shape() + " must be (units, " + gates + "·units)");
            if (nt == 0) throw new IllegalArgumentException(op + ": the input has no time steps: " + x.shape());
            for (Tensor s : new Tensor[] {h0, c0})
                if (s != null && !s.shape().equals(Shape.of(nb, nu)))
                    throw new IllegalArgumentException(
                            op + ": initial state " + s.shape() + " must be (" + nb + ", " + nu + ")");
            if (mask != null && !mask.shape().equals(Shape.of(nb, nt)))
                throw new IllegalArgumentException(op + ": mask " + mask.shape() + " must be (" + nb + ", " + nt + ")");
            if (recMask != null && !recMask.shape().equals(Shape.of(nb, nu)))
                throw new IllegalArgumentException(
                        op + ": recurrent dropout mask " + recMask.shape() + " must be (" + nb + ", " + nu + ")");
            this.reverse = reverse;
            this.returnSequences = returnSequences;
            this.withStates = withStates;
            NDArray xv = x.value().contiguous(),
                    wv = w.value().contiguous(),
                    uv = u.value().contiguous();
            xd = xv.data();
            xo = xv.offset();
            wd = wv.data();
            wo = wv.offset();
            ud = uv.data();
            uo = uv.offset();
            md = mask == null ? null : mask.contiguous().toArray();
            NDArray rmv = recMask == null ? null : recMask.contiguous();
            rm = rmv == null ? null : rmv.data();
            rmo = rmv == null ? 0 : rmv.offset();
            int k = (returnSequences ? nt : 1) + nStates;
            outShape = withStates ? Shape.of(nb, k, nu) : returnSequences ? Shape.of(nb, nt, nu) : Shape.of(nb, nu);
        }

        int step(int s) {
            return reverse ? nt - 1 - s : s;
        }

        boolean valid(int r, int t) {
            return md == null || md[r * nt + t] != 0f;
        }

        /** x·w (+ bias) for every step: (batch·steps, gates·units) in one GEMM. */
        float[] inputProjection(NDArray bias, int biasOffset) {
            int g = gates * nu;
            float[] a = Workspace.take(nb * nt * g, false); // overwritten by the GEMM
            Gemm.sgemm(false, false, nb * nt, g, nf, xd, xo, nf, wd, wo, g, a, 0, g, false);
            if (bias != null)
                Fused.biasActivation(a, 0, nb * nt, g, bias.data(), bias.offset() + biasOffset, ActKind.NONE);
            return a;
        }

        float[] initial(Tensor s) {
            return s == null ? new float[nb * nu] : s.value().contiguous().toArray();
        }

        /** The state entering step s (times the recurrent-dropout mask) into hin at that step's rows. */
        void fillHin(float[] hin, int s, float[] h, float[] h0) {
            int t = step(s);
            for (int r = 0; r < nb; r++) {
                float[] src = s == 0 ? h0 : h;
                int so = s == 0 ? r * nu : (r * nt + step(s - 1)) * nu;
                if (rm == null) System.arraycopy(src, so, hin, (r * nt + t) * nu, nu);
                else RecurrentGates.multiply(src, so, rm, rmo + r * nu, hin, (r * nt + t) * nu, nu);
            }
        }

        void copyPrev(float[] h, float[] h0, int s, int r, float[] dst, int dstOff) {
            if (s == 0) System.arraycopy(h0, r * nu, dst, dstOff, nu);
            else System.arraycopy(h, (r * nt + step(s - 1)) * nu, dst, dstOff, nu);
        }

        /** The op's output from the per-step states h (and c). */
        NDArray output(float[] h, float[] c) {
            int last = step(nt - 1);
            float[] out = new float[outShape.size()];
            int k = (returnSequences ? nt : 1) + nStates;
            int per = withStates ? k * nu : returnSequences ? nt * nu : nu;
            for (int r = 0; r < nb; r++) {
                int o = r * per;
                if (returnSequences) {
                    for (int t = 0; t < nt; t++)
                        if (valid(r, t)) System.arraycopy(h, (r * nt + t) * nu, out, o + t * nu, nu);
                    o += nt * nu;
                } else {
                    System.arraycopy(h, (r * nt + last) * nu, out, o, nu);
                    o += nu;
                }
                if (withStates) {
                    System.arraycopy(h, (r * nt + last) * nu, out, o, nu);
                    if (c != null) System.arraycopy(c, (r * nt + last) * nu, out, o + nu, nu);
                }
            }
            return NDArray.wrap(out, outShape);
        }

        /** Splits the output gradient into per-step output gradients dy and the final-state gradients dh, dc. */
        void splitGrad(NDArray g, float[] dy, float[] dh, float[] dc) {
            float[] gd = g.contiguous().toArray();
            int k = (returnSequences ? nt : 1) + nStates;
            int per = withStates ? k * nu : returnSequences ? nt * nu : nu;
            for (int r = 0; r < nb; r++) {
                int o = r * per;
                if (returnSequences) {
                    System.arraycopy(gd, o, dy, r * nt * nu, nt * nu);
                    o += nt * nu;
                } else {
                    for (int j = 0; j < nu; j++) dh[r * nu + j] += gd[o + j];
                    o += nu;
                }
                if (withStates) {
                    for (int j = 0; j < nu; j++) dh[r * nu + j] += gd[o + j];
                    if (dc != null) for (int j = 0; j < nu; j++) dc[r * nu + j] += gd[o + nu + j];
                }
            }
        }

        void addOutputGrad(float[] dy, int row, float[] dh, int r) {
            if (dy == null) return;
            for (int j = 0; j < nu; j++) dh[r * nu + j] += dy[row * nu + j];
        }

        /**
         * After a step's recurrent GEMM put dL/dhin into tmp: dh for the previous state is tmp (times the
         * dropout mask) plus the direct part {@code extra} for rows that ran; masked rows carry dh unchanged.
         */
        void stateGrad(float[] tmp, float[] extra, float[] dh, int t) {
            for (int r = 0; r < nb; r++) {
                if (!valid(r, t)) continue;
                int o = r * nu;
                if (rm == null) System.arraycopy(tmp, o, dh, o, nu);
                else RecurrentGates.multiply(tmp, o, rm, rmo + o, dh, o, nu);
                if (extra != null) for (int j = 0; j < nu; j++) dh[o + j] += extra[o + j];
            }
        }

        /** Initial-state gradients, dW = xᵀ·da, dU = hinᵀ·da (when hin is given) and dx = da·wᵀ, each one GEMM. */
        void finish(Tensor h0, float[] dh, Tensor c0, float[] dc, float[] da, int g, float[] hin, Tensor w, Tensor u) {
            if (h0 != null && h0.requiresGrad()) h0.accumulate(NDArray.wrap(dh, h0.shape()), true);
            if (c0 != null && c0.requiresGrad()) c0.accumulate(NDArray.wrap(dc, c0.shape()), true);
            if (w.requiresGrad()) {
                boolean add = w.prepareGradForWrite();
                Gemm.sgemm(
                        true,
                        false,
                        nf,
                        g,
                        nb * nt,
                        xd,
                        xo,
                        nf,
                        da,
                        0,
                        g,
                        w.gradArray().data(),
                        0,
                        g,
                        add);
            }
            if (u != null && hin != null && u.requiresGrad()) {
                boolean add = u.prepareGradForWrite();
                Gemm.sgemm(
                        true,
                        false,
                        nu,
                        g,
                        nb * nt,
                        hin,
                        0,
                        nu,
                        da,
                        0,
                        g,
                        u.gradArray().data(),
                        0,
                        g,
                        add);
            }
            if (x.requiresGrad()) {
                float[] dx = new float[nb * nt * nf];
                Gemm.sgemm(false, true, nb * nt, nf, g, da, 0, g, wd, wo, g, dx, 0, nf, false);
                x.accumulate(NDArray.wrap(dx, x.shape()), true);
            }
        }
    }
}
