package nabla.kernels;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A pool of large float buffers that an op hands back once it no longer needs them, so that the next training
 * step reuses them instead of allocating anew. The fused recurrent ops keep every step's gates and states for BPTT
 * (an IMDB LSTM batch: about 150 MB per direction); allocated fresh each step they made young collections copy
 * hundreds of megabytes (a bidirectional LSTM spent about half its time in the collector). Buffers are kept by
 * exact length, at most {@value #PER_LENGTH} per length and {@value #MAX_FLOATS} floats in all; anything beyond is
 * left to the collector. Only arrays that nothing else references may be given back. Thread-safe.
 */
public final class Workspace {
    static final int PER_LENGTH = 16;
    static final long MAX_FLOATS = 128L << 20; // 512 MB
    /** Arrays smaller than this are not worth pooling. */
    static final int MIN_LENGTH = 1 << 16;

    private static final Map<Integer, ArrayDeque<float[]>> FREE = new HashMap<>();
    private static long pooled;

    private Workspace() {}

    /** An array of exactly {@code n} floats, all zero when {@code zero} (otherwise its content is undefined). */
    public static float[] take(int n, boolean zero) {
        if (n >= MIN_LENGTH) {
            float[] a;
            synchronized (FREE) {
                ArrayDeque<float[]> q = FREE.get(n);
                a = q == null ? null : q.poll();
                if (a != null) pooled -= n;
            }
            if (a != null) {
                if (zero) Arrays.fill(a, 0f);
                return a;
            }
        }
        return new float[n];
    }

    /** Hands arrays back for reuse; nulls and small arrays are ignored. The caller must not use them again. */
    public static void give(float[]... arrays) {
        synchronized (FREE) {
            for (float[] a : arrays) {
                if (a == null || a.length < MIN_LENGTH || pooled + a.length > MAX_FLOATS) continue;
                ArrayDeque<float[]> q = FREE.computeIfAbsent(a.length, k -> new ArrayDeque<>());
                if (q.size() >= PER_LENGTH) continue;
                for (float[] b : q)
                    if (b == a) throw new IllegalStateException("Workspace.give: an array was given back twice");
                q.push(a);
                pooled += a.length;
            }
        }
    }

    /** Drops every pooled array (tests; or to return the memory to the collector). */
    public static void clear() {
        synchronized (FREE) {
            FREE.clear();
            pooled = 0;
        }
    }

    /** Floats held in the pool now. */
    public static long pooledFloats() {
        synchronized (FREE) {
            return pooled;
        }
    }
}
