package nabla.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gate math of the recurrent cells (LSTM, GRU, simple RNN) for one row (one sample, one time step) of
 * {@code units} values, vectorized over 16-lane vectors with scalar tails (an LSTM of fewer units than a vector runs
 * on zero-padded vector copies, see {@link #lstmForward}). Gate blocks are laid out as Keras
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

    private static float sig(float x) {
        return UnaryOp.sigmoid(x);
    }

    private static float th(float x) {
        return (float) Math.tanh(x);
    }

    /** Per-thread scratch for the last units of a row (see {@link #lstmForward}): 12 vectors. */
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[12 * L]);

    /**
     * LSTM step for one row: the pre-activations {@code z[zo..zo+4u)} become the gates i, f, g, o in place;
     * {@code c = f·cp + i·g}, {@code h = o·tanh(c)}. Fewer units than a vector (a tiny LSTM of 8 units, where
     * scalar exp/tanh cost more than the rest of the step) are copied into zero-padded vectors, run through the
     * same vector code and copied back. A few units past whole vectors stay scalar: measured on the IMDB LSTM of
     * 100 units, both masked and padded tails made the training run 14-50 % slower, as the second hot copy of the
     * vector code (exp and tanh inlined) went past C2's inlining budget.
     */
    public static void lstmForward(
            int u, float[] z, int zo, float[] cp, int cpo, float[] c, int co, float[] h, int ho) {
        if (u < L) {
            float[] t = TAIL.get(); // gates [0, 4L), cp [4L, 5L), c [5L, 6L), h [6L, 7L)
            Arrays.fill(t, 0, 7 * L, 0f);
            for (int g = 0; g < 4; g++) System.arraycopy(z, zo + g * u, t, g * L, u);
            System.arraycopy(cp, cpo, t, 4 * L, u);
            lstmForwardVector(L, t, 0, t, 4 * L, t, 5 * L, t, 6 * L);
            for (int g = 0; g < 4; g++) System.arraycopy(t, g * L, z, zo + g * u, u);
            System.arraycopy(t, 5 * L, c, co, u);
            System.arraycopy(t, 6 * L, h, ho, u);
            return;
        }
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) lstmForwardVector(u, z, zo + j, cp, cpo + j, c, co + j, h, ho + j);
        for (; j < u; j++) {
            float i = sig(z[zo + j]), f = sig(z[zo + u + j]), g = th(z[zo + 2 * u + j]), o = sig(z[zo + 3 * u + j]);
            z[zo + j] = i;
            z[zo + u + j] = f;
            z[zo + 2 * u + j] = g;
            z[zo + 3 * u + j] = o;
            float cn = f * cp[cpo + j] + i * g;
            c[co + j] = cn;
            h[ho + j] = o * th(cn);
        }
    }

    /** One vector of units of {@link #lstmForward}; gate blocks {@code u} apart. */
    private static void lstmForwardVector(
            int u, float[] z, int zo, float[] cp, int cpo, float[] c, int co, float[] h, int ho) {
        FloatVector i = sigmoid(FloatVector.fromArray(S, z, zo));
        FloatVector f = sigmoid(FloatVector.fromArray(S, z, zo + u));
        FloatVector g = tanh(FloatVector.fromArray(S, z, zo + 2 * u));
        FloatVector o = sigmoid(FloatVector.fromArray(S, z, zo + 3 * u));
        i.intoArray(z, zo);
        f.intoArray(z, zo + u);
        g.intoArray(z, zo + 2 * u);
        o.intoArray(z, zo + 3 * u);
        FloatVector cn = f.mul(FloatVector.fromArray(S, cp, cpo)).add(i.mul(g));
        cn.intoArray(c, co);
        o.mul(tanh(cn)).intoArray(h, ho);
    }

    /**
     * LSTM backward for one row: from the gates {@code a} (i f g o), the previous and current cell states and
     * {@code dh}, writes the pre-activation gradients {@code dz} (4u) and replaces {@code dc} (the gradient
     * reaching c from later steps) with the gradient for the previous cell state. Tail units as in the forward.
     */
    public static void lstmBackward(
            int u,
            float[] a,
            int ao,
            float[] cp,
            int cpo,
            float[] c,
            int co,
            float[] dh,
            int dho,
            float[] dc,
            int dco,
            float[] dz,
            int dzo) {
        if (u < L) {
            float[] t = TAIL.get(); // gates [0, 4L), cp, c, dh, dc [4L, 8L), dz [8L, 12L)
            Arrays.fill(t, 0, 12 * L, 0f);
            for (int g = 0; g < 4; g++) System.arraycopy(a, ao + g * u, t, g * L, u);
            System.arraycopy(cp, cpo, t, 4 * L, u);
            System.arraycopy(c, co, t, 5 * L, u);
            System.arraycopy(dh, dho, t, 6 * L, u);
            System.arraycopy(dc, dco, t, 7 * L, u);
            lstmBackwardVector(L, t, 0, t, 4 * L, t, 5 * L, t, 6 * L, t, 7 * L, t, 8 * L);
            for (int g = 0; g < 4; g++) System.arraycopy(t, 8 * L + g * L, dz, dzo + g * u, u);
            System.arraycopy(t, 7 * L, dc, dco, u);
            return;
        }
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L)
            lstmBackwardVector(u, a, ao + j, cp, cpo + j, c, co + j, dh, dho + j, dc, dco + j, dz, dzo + j);
        for (; j < u; j++) {
            float i = a[ao + j], f = a[ao + u + j], g = a[ao + 2 * u + j], o = a[ao + 3 * u + j];
            float tc = th(c[co + j]), d = dh[dho + j];
            float dcc = dc[dco + j] + d * o * (1 - tc * tc);
            dz[dzo + 3 * u + j] = d * tc * o * (1 - o);
            dz[dzo + j] = dcc * g * i * (1 - i);
            dz[dzo + u + j] = dcc * cp[cpo + j] * f * (1 - f);
            dz[dzo + 2 * u + j] = dcc * i * (1 - g * g);
            dc[dco + j] = dcc * f;
        }
    }

    /** One vector of units of {@link #lstmBackward}; gate blocks {@code u} apart. */
    private static void lstmBackwardVector(
            int u,
            float[] a,
            int ao,
            float[] cp,
            int cpo,
            float[] c,
            int co,
            float[] dh,
            int dho,
            float[] dc,
            int dco,
            float[] dz,
            int dzo) {
        FloatVector i = FloatVector.fromArray(S, a, ao);
        FloatVector f = FloatVector.fromArray(S, a, ao + u);
        FloatVector g = FloatVector.fromArray(S, a, ao + 2 * u);
        FloatVector o = FloatVector.fromArray(S, a, ao + 3 * u);
        FloatVector tc = tanh(FloatVector.fromArray(S, c, co));
        FloatVector vdh = FloatVector.fromArray(S, dh, dho);
        FloatVector dcc = FloatVector.fromArray(S, dc, dco)
                .add(vdh.mul(o).mul(tc.mul(tc).neg().add(1f)));
        vdh.mul(tc).mul(o).mul(o.neg().add(1f)).intoArray(dz, dzo + 3 * u);
        dcc.mul(g).mul(i).mul(i.neg().add(1f)).intoArray(dz, dzo);
        dcc.mul(FloatVector.fromArray(S, cp, cpo)).mul(f).mul(f.neg().add(1f)).intoArray(dz, dzo + u);
        dcc.mul(i).mul(g.mul(g).neg().add(1f)).intoArray(dz, dzo + 2 * u);
        dcc.mul(f).intoArray(dc, dco);
    }

    /**
     * GRU step (reset after the recurrent product, Keras' default) for one row: {@code x} holds the input
     * pre-activations (3u, input bias included) and becomes the gates z, r, h̃ in place; {@code r3} holds h·U
     * (3u) to which the recurrent bias {@code br} is added; {@code rh} receives the recurrent h-part (u).
     * {@code h = z·hp + (1−z)·h̃} with {@code h̃ = tanh(x_h + r·rh)}.
     */
    public static void gruForwardResetAfter(
            int u,
            float[] x,
            int xo,
            float[] r3,
            int ro,
            float[] br,
            int bro,
            float[] hp,
            int hpo,
            float[] rh,
            int rho,
            float[] h,
            int ho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            FloatVector z = sigmoid(FloatVector.fromArray(S, x, xo + j)
                    .add(FloatVector.fromArray(S, r3, ro + j))
                    .add(FloatVector.fromArray(S, br, bro + j)));
            FloatVector r = sigmoid(FloatVector.fromArray(S, x, xo + u + j)
                    .add(FloatVector.fromArray(S, r3, ro + u + j))
                    .add(FloatVector.fromArray(S, br, bro + u + j)));
            FloatVector rec =
                    FloatVector.fromArray(S, r3, ro + 2 * u + j).add(FloatVector.fromArray(S, br, bro + 2 * u + j));
            FloatVector hh = tanh(FloatVector.fromArray(S, x, xo + 2 * u + j).add(r.mul(rec)));
            z.intoArray(x, xo + j);
            r.intoArray(x, xo + u + j);
            hh.intoArray(x, xo + 2 * u + j);
            rec.intoArray(rh, rho + j);
            FloatVector p = FloatVector.fromArray(S, hp, hpo + j);
            p.sub(hh).mul(z).add(hh).intoArray(h, ho + j);
        }
        for (; j < u; j++) {
            float z = sig(x[xo + j] + r3[ro + j] + br[bro + j]);
            float r = sig(x[xo + u + j] + r3[ro + u + j] + br[bro + u + j]);
            float rec = r3[ro + 2 * u + j] + br[bro + 2 * u + j];
            float hh = th(x[xo + 2 * u + j] + r * rec);
            x[xo + j] = z;
            x[xo + u + j] = r;
            x[xo + 2 * u + j] = hh;
            rh[rho + j] = rec;
            h[ho + j] = z * hp[hpo + j] + (1 - z) * hh;
        }
    }

    /**
     * GRU backward (reset after) for one row: from the gates {@code a} (z r h̃), the recurrent h-part {@code rh},
     * the previous state and {@code dh}, writes the input-side pre-activation gradients {@code dx} (3u), the
     * recurrent-side ones {@code dr} (3u) and the direct gradient for the previous state {@code dhp = dh·z}.
     */
    public static void gruBackwardResetAfter(
            int u,
            float[] a,
            int ao,
            float[] rh,
            int rho,
            float[] hp,
            int hpo,
            float[] dh,
            int dho,
            float[] dx,
            int dxo,
            float[] dr,
            int dro,
            float[] dhp,
            int dhpo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            FloatVector z = FloatVector.fromArray(S, a, ao + j);
            FloatVector r = FloatVector.fromArray(S, a, ao + u + j);
            FloatVector hh = FloatVector.fromArray(S, a, ao + 2 * u + j);
            FloatVector d = FloatVector.fromArray(S, dh, dho + j);
            FloatVector dzp = d.mul(FloatVector.fromArray(S, hp, hpo + j).sub(hh))
                    .mul(z)
                    .mul(z.neg().add(1f));
            FloatVector dhh = d.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f));
            FloatVector drp = dhh.mul(FloatVector.fromArray(S, rh, rho + j))
                    .mul(r)
                    .mul(r.neg().add(1f));
            dzp.intoArray(dx, dxo + j);
            drp.intoArray(dx, dxo + u + j);
            dhh.intoArray(dx, dxo + 2 * u + j);
            dzp.intoArray(dr, dro + j);
            drp.intoArray(dr, dro + u + j);
            dhh.mul(r).intoArray(dr, dro + 2 * u + j);
            d.mul(z).intoArray(dhp, dhpo + j);
        }
        for (; j < u; j++) {
            float z = a[ao + j], r = a[ao + u + j], hh = a[ao + 2 * u + j], d = dh[dho + j];
            float dzp = d * (hp[hpo + j] - hh) * z * (1 - z);
            float dhh = d * (1 - z) * (1 - hh * hh);
            float drp = dhh * rh[rho + j] * r * (1 - r);
            dx[dxo + j] = dzp;
            dx[dxo + u + j] = drp;
            dx[dxo + 2 * u + j] = dhh;
            dr[dro + j] = dzp;
            dr[dro + u + j] = drp;
            dr[dro + 2 * u + j] = dhh * r;
            dhp[dhpo + j] = d * z;
        }
    }

    /** GRU (reset before) first stage for one row: z, r = sigmoid in place on {@code x[0..2u)}; {@code rh = r·hin}. */
    public static void gruGatesZR(int u, float[] x, int xo, float[] hin, int hino, float[] rh, int rho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            sigmoid(FloatVector.fromArray(S, x, xo + j)).intoArray(x, xo + j);
            FloatVector r = sigmoid(FloatVector.fromArray(S, x, xo + u + j));
            r.intoArray(x, xo + u + j);
            r.mul(FloatVector.fromArray(S, hin, hino + j)).intoArray(rh, rho + j);
        }
        for (; j < u; j++) {
            x[xo + j] = sig(x[xo + j]);
            float r = sig(x[xo + u + j]);
            x[xo + u + j] = r;
            rh[rho + j] = r * hin[hino + j];
        }
    }

    /** GRU (reset before) second stage for one row: h̃ = tanh in place on {@code x[2u..3u)}; {@code h = z·hp + (1−z)·h̃}. */
    public static void gruOutput(int u, float[] x, int xo, float[] hp, int hpo, float[] h, int ho) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            FloatVector z = FloatVector.fromArray(S, x, xo + j);
            FloatVector hh = tanh(FloatVector.fromArray(S, x, xo + 2 * u + j));
            hh.intoArray(x, xo + 2 * u + j);
            FloatVector.fromArray(S, hp, hpo + j).sub(hh).mul(z).add(hh).intoArray(h, ho + j);
        }
        for (; j < u; j++) {
            float z = x[xo + j], hh = th(x[xo + 2 * u + j]);
            x[xo + 2 * u + j] = hh;
            h[ho + j] = z * hp[hpo + j] + (1 - z) * hh;
        }
    }

    /** GRU (reset before) backward first stage: dz and dh̃ pre-activation gradients into {@code dx}, {@code dhp = dh·z}. */
    public static void gruBackwardOutput(
            int u,
            float[] a,
            int ao,
            float[] hp,
            int hpo,
            float[] dh,
            int dho,
            float[] dx,
            int dxo,
            float[] dhp,
            int dhpo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            FloatVector z = FloatVector.fromArray(S, a, ao + j);
            FloatVector hh = FloatVector.fromArray(S, a, ao + 2 * u + j);
            FloatVector d = FloatVector.fromArray(S, dh, dho + j);
            d.mul(FloatVector.fromArray(S, hp, hpo + j).sub(hh))
                    .mul(z)
                    .mul(z.neg().add(1f))
                    .intoArray(dx, dxo + j);
            d.mul(z.neg().add(1f)).mul(hh.mul(hh).neg().add(1f)).intoArray(dx, dxo + 2 * u + j);
            d.mul(z).intoArray(dhp, dhpo + j);
        }
        for (; j < u; j++) {
            float z = a[ao + j], hh = a[ao + 2 * u + j], d = dh[dho + j];
            dx[dxo + j] = d * (hp[hpo + j] - hh) * z * (1 - z);
            dx[dxo + 2 * u + j] = d * (1 - z) * (1 - hh * hh);
            dhp[dhpo + j] = d * z;
        }
    }

    /**
     * GRU (reset before) backward second stage: from {@code drh} = dL/d(r·hin), writes the r pre-activation
     * gradient into {@code dx[u..2u)} and replaces {@code drh} by its share of dL/dhin ({@code drh·r}).
     */
    public static void gruBackwardReset(
            int u, float[] a, int ao, float[] hin, int hino, float[] drh, int drho, float[] dx, int dxo) {
        int j = 0, bound = S.loopBound(u);
        for (; j < bound; j += L) {
            FloatVector r = FloatVector.fromArray(S, a, ao + u + j);
            FloatVector d = FloatVector.fromArray(S, drh, drho + j);
            d.mul(FloatVector.fromArray(S, hin, hino + j))
                    .mul(r)
                    .mul(r.neg().add(1f))
                    .intoArray(dx, dxo + u + j);
            d.mul(r).intoArray(drh, drho + j);
        }
        for (; j < u; j++) {
            float r = a[ao + u + j], d = drh[drho + j];
            dx[dxo + u + j] = d * hin[hino + j] * r * (1 - r);
            drh[drho + j] = d * r;
        }
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
