package nabla.nn.attention;

import nabla.nn.Layer;
import nabla.tensor.NDArray;
import nabla.tensor.Shape;

/** The attention masks of this package, as 0/1 arrays: which (query, key) pairs may attend. */
final class Masks {
    private Masks() {}

    /**
     * Checks a padding mask (batch, steps).
     *
     * @throws IllegalArgumentException naming the layer, the input and both shapes
     */
    static void checkSteps(Layer layer, String role, NDArray mask, int batch, int steps) {
        if (mask != null && (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != steps))
            throw new IllegalArgumentException(layer.describe() + ": the " + role + " mask " + mask.shape()
                    + " does not fit the " + role + "; expected (batch, steps) = (" + batch + ", " + steps + ")");
    }

    /**
     * The pairs that may attend, (batch, Tq, Tv) with 1 where allowed, or null when nothing is masked: the and of
     * the query's mask (rows), the value's and key's masks (columns), the causal mask (j ≤ i) and an explicit
     * attention mask (batch, Tq, Tv).
     */
    static NDArray keep(
            int batch,
            int tq,
            int tv,
            NDArray queryMask,
            NDArray valueMask,
            NDArray keyMask,
            boolean causal,
            NDArray attentionMask) {
        if (queryMask == null && valueMask == null && keyMask == null && !causal && attentionMask == null) return null;
        NDArray qm = queryMask == null ? null : queryMask.contiguous();
        NDArray vm = valueMask == null ? null : valueMask.contiguous();
        NDArray km = keyMask == null ? null : keyMask.contiguous();
        NDArray am = attentionMask == null ? null : attentionMask.contiguous();
        float[] out = new float[batch * tq * tv];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < tq; i++) {
                boolean row = qm == null || qm.data()[qm.offset() + b * tq + i] != 0f;
                for (int j = 0; j < tv; j++) {
                    boolean ok = row
                            && (vm == null || vm.data()[vm.offset() + b * tv + j] != 0f)
                            && (km == null || km.data()[km.offset() + b * tv + j] != 0f)
                            && (!causal || j <= i)
                            && (am == null || am.data()[am.offset() + (b * tq + i) * tv + j] != 0f);
                    out[(b * tq + i) * tv + j] = ok ? 1f : 0f;
                }
            }
        return NDArray.wrap(out, Shape.of(batch, tq, tv));
    }

    /** A padding mask (batch, steps) as 0/1 (batch, steps, 1), to multiply rows by. */
    static NDArray rows(NDArray mask) {
        float[] m = mask.contiguous().toArray(), r = new float[m.length];
        for (int i = 0; i < m.length; i++) r[i] = m[i] != 0f ? 1f : 0f;
        return NDArray.wrap(r, Shape.of(mask.dim(0), mask.dim(1), 1));
    }
}
