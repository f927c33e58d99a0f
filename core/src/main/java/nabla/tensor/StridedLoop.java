package nabla.tensor;

/**
 * Walks an N-d index space over up to three strided operands, calling a row kernel once per innermost run.
 * Dimensions are coalesced first (size-1 axes dropped, adjacent axes merged where every operand is laid out
 * contiguously across them), so same-shape contiguous operands become one single row.
 */
final class StridedLoop {
    /** The per-row callback: offsets of the row's first element in each operand, and the row's strides. */
    interface Row {
        void run(int o0, int o1, int o2, int s0, int s1, int s2, int n);
    }

    private StridedLoop() {}

    static void run(int[] dims, int[] st0, int off0, int[] st1, int off1, int[] st2, int off2, Row row) {
        int r = dims.length;
        int[] d = new int[r];
        int[] a = new int[r], b = new int[r], c = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (dims[i] == 0) return;
            if (dims[i] == 1) continue;
            if (k > 0
                    && a[k - 1] == st0[i] * dims[i]
                    && b[k - 1] == (st1 == null ? 0 : st1[i]) * dims[i]
                    && c[k - 1] == (st2 == null ? 0 : st2[i]) * dims[i]) {
                d[k - 1] *= dims[i];
                a[k - 1] = st0[i];
                b[k - 1] = st1 == null ? 0 : st1[i];
                c[k - 1] = st2 == null ? 0 : st2[i];
                continue;
            }
            d[k] = dims[i];
            a[k] = st0[i];
            b[k] = st1 == null ? 0 : st1[i];
            c[k] = st2 == null ? 0 : st2[i];
            k++;
        }
        if (k == 0) {
            row.run(off0, off1, off2, 0, 0, 0, 1);
            return;
        }
        int n = d[k - 1];
        int sa = a[k - 1], sb = b[k - 1], sc = c[k - 1];
        int outer = k - 1;
        if (outer == 0) {
            row.run(off0, off1, off2, sa, sb, sc, n);
            return;
        }
        int[] idx = new int[outer];
        int o0 = off0, o1 = off1, o2 = off2;
        while (true) {
            row.run(o0, o1, o2, sa, sb, sc, n);
            int ax = outer - 1;
            while (ax >= 0) {
                idx[ax]++;
                o0 += a[ax];
                o1 += b[ax];
                o2 += c[ax];
                if (idx[ax] < d[ax]) break;
                o0 -= a[ax] * d[ax];
                o1 -= b[ax] * d[ax];
                o2 -= c[ax] * d[ax];
                idx[ax] = 0;
                ax--;
            }
            if (ax < 0) return;
        }
    }
}
