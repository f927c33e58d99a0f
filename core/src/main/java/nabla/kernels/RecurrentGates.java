package nabla.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gate math of the recurrent cells (LSTM, GRU, simple RNN) for one row (one sample, one time step) of
 * {@code units} values, vectorized over 16-lane vectors; the units past the last whole
 * vector run as one masked vector (the same code), never as scalar exp/tanh. Gate blocks are laid out as Keras
 * stores them: LSTM [i f c o], GRU [z r h]. Nothing here allocates; the caller owns every buffer and loops over
 * rows and steps (the recurrent GEMMs run between calls).
 */
public final class RecurrentGates {
    private static final VectorSpecies<Float> S = Elementwise.S;
    private static final int L = Elementwise.L;

    private RecurrentGates() {}

    private static FloatVector sigmoid(FloatVector x) {
        // 1 / (1 + exp(-x)); exp(-x) overflows to +inf for x < -88, which still gives the right 0.
        return VMath.sigmoid(x);
    }

    private static FloatVector tanh(FloatVector x) {
        return VMath.tanh(x);
    }

    /** All lanes: the mask of the full vectors, so full and tail vectors share one body. */
    private static final VectorMask<Float> ALL = S.maskAll(true);

    /**
     * LSTM step for one row: the pre-activations {@code z[zo..zo+4u)} become the gates i, f, g, o in place;
     * {@code c = f·cp + i·g}, {@code h = o·tanh(c)}. Units past the last whole vector run as one masked vector
     * (a tiny LSTM of 8 units is all tail: scalar exp and tanh there cost more than the rest of the step).
     */
    public static void lstmForward(int u, float[] z, int zo, float[] cp, int cpo, float[] c, int co, float[] h, int ho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) lstmForward(u, z, zo + j, cp, cpo + j, c, co + j, h, ho + j, ALL);
        if (j < u) lstmForward(u, z, zo + j, cp, cpo + j, c, co + j, h, ho + j, S.indexInRange(j, u));
    }

    private static void lstmForward(int u, float[] z, int zo, float[] cp, int cpo, float[] c, int co, float[] h, int ho, VectorMask<Float> m) {
        FloatVector i = sigmoid(FloatVector.fromArray(S, z, zo, m));
        FloatVector f = sigmoid(FloatVector.fromArray(S, z, zo + u, m));
        FloatVector g = tanh(FloatVector.fromArray(S, z, zo + 2 * u, m));
        FloatVector o = sigmoid(FloatVector.fromArray(S, z, zo + 3 * u, m));
        i.intoArray(z, zo, m);
        f.intoArray(z, zo + u, m);
        g.intoArray(z, zo + 2 * u, m);
        o.intoArray(z, zo + 3 * u, m);
        FloatVector cn = f.mul(FloatVector.fromArray(S, cp, cpo, m)).add(i.mul(g));
        cn.intoArray(c, co, m);
        o.mul(tanh(cn)).intoArray(h, ho, m);
    }

    /**
     * LSTM backward for one row: from the gates {@code a} (i f g o), the previous and current cell states and
     * {@code dh}, writes the pre-activation gradients {@code dz} (4u) and replaces {@code dc} (the gradient
     * reaching c from later steps) with the gradient for the previous cell state. Tail units as in the forward.
     */
    public static void lstmBackward(int u, float[] a, int ao, float[] cp, int cpo, float[] c, int co, float[] dh, int dho,
                                    float[] dc, int dco, float[] dz, int dzo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) lstmBackward(u, a, ao + j, cp, cpo + j, c, co + j, dh, dho + j, dc, dco + j, dz, dzo + j, ALL);
        if (j < u) lstmBackward(u, a, ao + j, cp, cpo + j, c, co + j, dh, dho + j, dc, dco + j, dz, dzo + j, S.indexInRange(j, u));
    }

    private static void lstmBackward(int u, float[] a, int ao, float[] cp, int cpo, float[] c, int co, float[] dh, int dho,
                                     float[] dc, int dco, float[] dz, int dzo, VectorMask<Float> m) {
        FloatVector i = FloatVector.fromArray(S, a, ao, m);
        FloatVector f = FloatVector.fromArray(S, a, ao + u, m);
        FloatVector g = FloatVector.fromArray(S, a, ao + 2 * u, m);
        FloatVector o = FloatVector.fromArray(S, a, ao + 3 * u, m);
        FloatVector tc = tanh(FloatVector.fromArray(S, c, co, m));
        FloatVector vdh = FloatVector.fromArray(S, dh, dho, m);
        FloatVector dcc = FloatVector.fromArray(S, dc, dco, m).add(vdh.mul(o).mul(tc.mul(tc).neg().add(1f)));
        vdh.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(dz, dzo + 3 * u, m);
        dcc.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(dz, dzo, m);
        dcc.mul(FloatVector.fromArray(S, cp, cpo, m)).mul(f).mul(f.neg().add(1f)).intoArray(dz, dzo + u, m);
        dcc.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(dz, dzo + 2 * u, m);
        dcc.mul(f).intoArray(dc, dco, m);
    }

    /**
     * GRU step (reset after the recurrent product, Keras' default) for one row: {@code x} holds the input
     * pre-activations (3u, input bias included) and becomes the gates z, r, h̃ in place; {@code r3} holds h·U
     * (3u) to which the recurrent bias {@code br} is added; {@code rh} receives the recurrent h-part (u).
     * {@code h = z·hp + (1−z)·h̃} with {@code h̃ = tanh(x_h + r·rh)}.
     */
    public static void gruForwardResetAfter(int u, float[] x, int xo, float[] r3, int ro, float[] br, int bro,
                                            float[] hp, int hpo, float[] rh, int rho, float[] h, int ho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruForwardResetAfter(u, x, xo + j, r3, ro + j, br, bro + j, hp, hpo + j, rh, rho + j, h, ho + j, ALL);
        if (j < u) gruForwardResetAfter(u, x, xo + j, r3, ro + j, br, bro + j, hp, hpo + j, rh, rho + j, h, ho + j, S.indexInRange(j, u));
    }

    private static void gruForwardResetAfter(int u, float[] x, int xo, float[] r3, int ro, float[] br, int bro,
                                            float[] hp, int hpo, float[] rh, int rho, float[] h, int ho, VectorMask<Float> m) {
        FloatVector z = sigmoid(FloatVector.fromArray(S, x, xo, m).add(FloatVector.fromArray(S, r3, ro, m)).add(FloatVector.fromArray(S, br, bro, m)));
        FloatVector r = sigmoid(FloatVector.fromArray(S, x, xo + u, m).add(FloatVector.fromArray(S, r3, ro + u, m)).add(FloatVector.fromArray(S, br, bro + u, m)));
        FloatVector rec = FloatVector.fromArray(S, r3, ro + 2 * u, m).add(FloatVector.fromArray(S, br, bro + 2 * u, m));
        FloatVector hh = tanh(FloatVector.fromArray(S, x, xo + 2 * u, m).add(r.mul(rec)));
        z.intoArray(x, xo, m);
        r.intoArray(x, xo + u, m);
        hh.intoArray(x, xo + 2 * u, m);
        rec.intoArray(rh, rho, m);
        FloatVector p = FloatVector.fromArray(S, hp, hpo, m);
        p.sub(hh).mul(z).add(hh).intoArray(h, ho, m);
    }

    /**
     * GRU backward (reset after) for one row: from the gates {@code a} (z r h̃), the recurrent h-part {@code rh},
     * the previous state and {@code dh}, writes the input-side pre-activation gradients {@code dx} (3u), the
     * recurrent-side ones {@code dr} (3u) and the direct gradient for the previous state {@code dhp = dh·z}.
     */
    public static void gruBackwardResetAfter(int u, float[] a, int ao, float[] rh, int rho, float[] hp, int hpo, float[] dh, int dho,
                                             float[] dx, int dxo, float[] dr, int dro, float[] dhp, int dhpo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruBackwardResetAfter(u, a, ao + j, rh, rho + j, hp, hpo + j, dh, dho + j, dx, dxo + j, dr, dro + j, dhp, dhpo + j, ALL);
        if (j < u) gruBackwardResetAfter(u, a, ao + j, rh, rho + j, hp, hpo + j, dh, dho + j, dx, dxo + j, dr, dro + j, dhp, dhpo + j, S.indexInRange(j, u));
    }

    private static void gruBackwardResetAfter(int u, float[] a, int ao, float[] rh, int rho, float[] hp, int hpo, float[] dh, int dho,
                                             float[] dx, int dxo, float[] dr, int dro, float[] dhp, int dhpo, VectorMask<Float> m) {
        FloatVector z = FloatVector.fromArray(S, a, ao, m);
        FloatVector r = FloatVector.fromArray(S, a, ao + u, m);
        FloatVector hh = FloatVector.fromArray(S, a, ao + 2 * u, m);
        FloatVector d = FloatVector.fromArray(S, dh, dho, m);
        FloatVector dzp = d.mul(FloatVector.fromArray(S, hp, hpo, m).sub(hh)).mul(z).mul(z.neg().add(1f));
        FloatVector dhh = d.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f));
        FloatVector drp = dhh.mul(FloatVector.fromArray(S, rh, rho, m)).mul(r).mul(r.neg().add(1f));
        dzp.intoArray(dx, dxo, m);
        drp.intoArray(dx, dxo + u, m);
        dhh.intoArray(dx, dxo + 2 * u, m);
        dzp.intoArray(dr, dro, m);
        drp.intoArray(dr, dro + u, m);
        dhh.mul(r).intoArray(dr, dro + 2 * u, m);
        d.mul(z).intoArray(dhp, dhpo, m);
    }

    /** GRU (reset before) first stage for one row: z, r = sigmoid in place on {@code x[0..2u)}; {@code rh = r·hin}. */
    public static void gruGatesZR(int u, float[] x, int xo, float[] hin, int hino, float[] rh, int rho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruGatesZR(u, x, xo + j, hin, hino + j, rh, rho + j, ALL);
        if (j < u) gruGatesZR(u, x, xo + j, hin, hino + j, rh, rho + j, S.indexInRange(j, u));
    }

    private static void gruGatesZR(int u, float[] x, int xo, float[] hin, int hino, float[] rh, int rho, VectorMask<Float> m) {
        sigmoid(FloatVector.fromArray(S, x, xo, m)).intoArray(x, xo, m);
        FloatVector r = sigmoid(FloatVector.fromArray(S, x, xo + u, m));
        r.intoArray(x, xo + u, m);
        r.mul(FloatVector.fromArray(S, hin, hino, m)).intoArray(rh, rho, m);
    }

    /** GRU (reset before) second stage for one row: h̃ = tanh in place on {@code x[2u..3u)}; {@code h = z·hp + (1−z)·h̃}. */
    public static void gruOutput(int u, float[] x, int xo, float[] hp, int hpo, float[] h, int ho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruOutput(u, x, xo + j, hp, hpo + j, h, ho + j, ALL);
        if (j < u) gruOutput(u, x, xo + j, hp, hpo + j, h, ho + j, S.indexInRange(j, u));
    }

    private static void gruOutput(int u, float[] x, int xo, float[] hp, int hpo, float[] h, int ho, VectorMask<Float> m) {
        FloatVector z = FloatVector.fromArray(S, x, xo, m);
        FloatVector hh = tanh(FloatVector.fromArray(S, x, xo + 2 * u, m));
        hh.intoArray(x, xo + 2 * u, m);
        FloatVector.fromArray(S, hp, hpo, m).sub(hh).mul(z).add(hh).intoArray(h, ho, m);
    }

    /** GRU (reset before) backward first stage: dz and dh̃ pre-activation gradients into {@code dx}, {@code dhp = dh·z}. */
    public static void gruBackwardOutput(int u, float[] a, int ao, float[] hp, int hpo, float[] dh, int dho, float[] dx, int dxo, float[] dhp, int dhpo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruBackwardOutput(u, a, ao + j, hp, hpo + j, dh, dho + j, dx, dxo + j, dhp, dhpo + j, ALL);
        if (j < u) gruBackwardOutput(u, a, ao + j, hp, hpo + j, dh, dho + j, dx, dxo + j, dhp, dhpo + j, S.indexInRange(j, u));
    }

    private static void gruBackwardOutput(int u, float[] a, int ao, float[] hp, int hpo, float[] dh, int dho, float[] dx, int dxo, float[] dhp, int dhpo, VectorMask<Float> m) {
        FloatVector z = FloatVector.fromArray(S, a, ao, m);
        FloatVector hh = FloatVector.fromArray(S, a, ao + 2 * u, m);
        FloatVector d = FloatVector.fromArray(S, dh, dho, m);
        d.mul(FloatVector.fromArray(S, hp, hpo, m).sub(hh)).mul(z).mul(z.neg().add(1f)).intoArray(dx, dxo, m);
        d.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f)).intoArray(dx, dxo + 2 * u, m);
        d.mul(z).intoArray(dhp, dhpo, m);
    }

    /**
     * GRU (reset before) backward second stage: from {@code drh} = dL/d(r·hin), writes the r pre-activation
     * gradient into {@code dx[u..2u)} and replaces {@code drh} by its share of dL/dhin ({@code drh·r}).
     */
    public static void gruBackwardReset(int u, float[] a, int ao, float[] hin, int hino, float[] drh, int drho, float[] dx, int dxo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) gruBackwardReset(u, a, ao + j, hin, hino + j, drh, drho + j, dx, dxo + j, ALL);
        if (j < u) gruBackwardReset(u, a, ao + j, hin, hino + j, drh, drho + j, dx, dxo + j, S.indexInRange(j, u));
    }

    private static void gruBackwardReset(int u, float[] a, int ao, float[] hin, int hino, float[] drh, int drho, float[] dx, int dxo, VectorMask<Float> m) {
        FloatVector r = FloatVector.fromArray(S, a, ao + u, m);
        FloatVector d = FloatVector.fromArray(S, drh, drho, m);
        d.mul(FloatVector.fromArray(S, hin, hino, m)).mul(r).mul(r.neg().add(1f)).intoArray(dx, dxo + u, m);
        d.mul(r).intoArray(drh, drho, m);
    }

    /** {@code h = act(z)} for one row of n values. */
    public static void activate(ActKind act, float[] z, int zo, float[] h, int ho, int n) {
        switch (act) {
            case NONE -> System.arraycopy(z, zo, h, ho, n);
            case RELU -> Elementwise.unary(UnaryOp.RELU, z, zo, 1, h, ho, n);
            case SIGMOID -> Elementwise.unary(UnaryOp.SIGMOID, z, zo, 1, h, ho, n);
            case TANH -> Elementwise.unary(UnaryOp.TANH, z, zo, 1, h, ho, n);
        }
    }

    /** {@code o[i] = x[i]·m[i]} for n values (the recurrent-dropout mask applied to a state row). */
    public static void multiply(float[] x, int xo, float[] m, int mo, float[] o, int oo, int n) {
        Elementwise.binary(BinaryOp.MUL, x, xo, 1, m, mo, 1, o, oo, n);
    }
}
