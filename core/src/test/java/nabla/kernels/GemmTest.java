package nabla.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {

    /** Runs sgemm and the reference on the same random data and compares with a float32 tolerance. */
    private static void check(
            boolean tA,
            boolean tB,
            int m,
            int n,
            int k,
            int padA,
            int padB,
            int padC,
            int aOff,
            int bOff,
            int cOff,
            boolean acc,
            long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int lda = Math.max(1, (tA ? m : k) + padA), ldb = Math.max(1, (tB ? k : n) + padB), ldc = Math.max(1, n + padC);
        int aRows = tA ? k : m, bRows = tB ? n : k;
        float[] a = new float[aOff + Math.max(0, aRows * lda) + 3];
        float[] b = new float[bOff + Math.max(0, bRows * ldb) + 3];
        float[] c = new float[cOff + m * ldc + 3];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < c.length; i++) c[i] = (float) rnd.nextDouble(-1, 1);
        float[] cRef = c.clone();
        Gemm.sgemm(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
        Gemm.sgemmReference(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb, cRef, cOff, ldc, acc);
        String what = String.format(
                "tA=%b tB=%b m=%d n=%d k=%d pads=%d,%d,%d offs=%d,%d,%d acc=%b",
                tA, tB, m, n, k, padA, padB, padC, aOff, bOff, cOff, acc);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            int i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                if (c[idx] != cRef[idx]) fail(what + ": wrote outside C at " + idx);
                continue;
            }
            double mag = acc ? Math.abs(cRef[idx]) : 0;
            for (int p = 0; p < k; p++) {
                float x = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                float y = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                mag += Math.abs((double) x * y);
            }
            double tol = 1e-4 * mag + 1e-6;
            if (Math.abs(c[idx] - cRef[idx]) > tol) {
                fail(what + ": C(" + i + "," + j + ") = " + c[idx] + " expected " + cRef[idx] + " tol " + tol);
            }
        }
    }

    private static void allFlags(int m, int n, int k, long seed) {
        for (int f = 0; f < 8; f++) {
            boolean tA = (f & 1) != 0, tB = (f & 2) != 0, acc = (f & 4) != 0;
            check(tA, tB, m, n, k, 0, 0, 0, 0, 0, 0, acc, seed + f);
        }
    }

    @Test
    void tinyAndPrimeShapes() {
        int[][] shapes = {
            {1, 1, 1},
            {1, 1, 7},
            {2, 3, 4},
            {13, 37, 29},
            {12, 32, 256},
            {12, 32, 257},
            {11, 31, 5},
            {24, 64, 3},
            {1, 100, 50},
            {100, 1, 50},
            {17, 16, 33},
            {17, 17, 33},
            {25, 15, 300},
            {37, 33, 513},
            {7, 200, 9},
            {150, 530, 20}
        };
        long seed = 1;
        for (int[] s : shapes) allFlags(s[0], s[1], s[2], seed += 11);
    }

    /**
     * Sizes around every tile edge: the 16-lane 12x32 tile, the 6 x 2L tile of 8 (6x16) and 4 lanes (6x8), the
     * small-N widths (one vector, two vectors) and their 4-row and L-row tails; all flags, half of them with
     * offsets and padded leading dimensions.
     */
    @Test
    void sizesAroundTileEdges() {
        int[] ms = {1, 3, 4, 5, 6, 7, 8, 11, 12, 13, 16, 17, 25, 33};
        int[] ns = {1, 3, 4, 5, 7, 8, 9, 10, 12, 15, 16, 17, 20, 24, 31, 32, 33, 40, 47, 48, 65};
        int[] ks = {1, 6, 8, 17, 40};
        long seed = 1000;
        for (int m : ms)
            for (int n : ns)
                for (int k : ks)
                    for (int f = 0; f < 8; f++) {
                        boolean tA = (f & 1) != 0, tB = (f & 2) != 0, acc = (f & 4) != 0;
                        if (seed % 2 == 0) check(tA, tB, m, n, k, 0, 0, 0, 0, 0, 0, acc, seed++);
                        else check(tA, tB, m, n, k, 1, 3, 2, 5, 1, 3, acc, seed++);
                    }
    }

    /** Tall and long products around the tile sizes: several K blocks, C blocks and packed and in-place B. */
    @Test
    void blockEdges() {
        int[][] shapes = {
            {390, 40, 70},
            {383, 17, 300},
            {150, 9, 600},
            {61, 10, 513},
            {145, 513, 31},
            {97, 100, 255},
            {6, 16, 1000},
            {12, 32, 1000},
            {200, 10, 100},
            {100, 10, 500}
        };
        long seed = 5000;
        for (int[] s : shapes) allFlags(s[0], s[1], s[2], seed += 13);
    }

    /**
     * The small-M path (m up to Gemm.SMALL_M, B untransposed, n above SMALL_N: B streamed in place): odd n and k
     * (vector and scalar column tails, k not a multiple of the 4-row groups), several column blocks, products large
     * enough to split the columns over threads, with and without transposed A, offsets and padding; transposed B
     * and m just above SMALL_M take the packed path and are checked beside them.
     */
    @Test
    void smallM() {
        int[] ms = {1, 2, 3, 7, Gemm.SMALL_M, Gemm.SMALL_M + 1};
        int[][] nks = {{17, 5}, {33, 3}, {101, 37}, {500, 784}, {333, 301}, {1100, 61}, {47, 1}, {1031, 257}};
        long seed = 7000;
        for (int m : ms)
            for (int[] nk : nks)
                for (int f = 0; f < 8; f++) {
                    boolean tA = (f & 1) != 0, tB = (f & 2) != 0, acc = (f & 4) != 0;
                    if (f % 3 == 0) check(tA, tB, m, nk[0], nk[1], 2, 5, 3, 7, 1, 4, acc, seed++);
                    else check(tA, tB, m, nk[0], nk[1], 0, 0, 0, 0, 0, 0, acc, seed++);
                }
    }

    /** The small-M path splits its columns over threads: the same result with 1 and 2 threads, bit for bit. */
    @Test
    void smallMThreadsAgree() {
        int m = 3, n = 777, k = 401;
        SplittableRandom rnd = new SplittableRandom(9);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble(-1, 1);
        for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble(-1, 1);
        int before = Parallel.threads();
        float[] c1 = new float[m * n], c2 = new float[m * n];
        try {
            Parallel.setThreads(1);
            Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c1, 0, n, false);
            Parallel.setThreads(2);
            Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c2, 0, n, false);
        } finally {
            Parallel.setThreads(before);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2);
    }

    @Test
    void zeroSizes() {
        allFlags(5, 7, 0, 3);
        allFlags(40, 40, 0, 4);
        allFlags(0, 7, 5, 5);
        allFlags(7, 0, 5, 6);
        allFlags(0, 0, 0, 7);
    }

    @Test
    void mlpShapes() {
        // forward X·W, backward dW = Xᵀ·dY (transA), dX = dY·Wᵀ (transB)
        check(false, false, 100, 500, 784, 0, 0, 0, 0, 0, 0, false, 21);
        check(false, false, 100, 500, 500, 0, 0, 0, 0, 0, 0, false, 22);
        check(false, false, 100, 10, 500, 0, 0, 0, 0, 0, 0, false, 23);
        check(true, false, 784, 500, 100, 0, 0, 0, 0, 0, 0, false, 24);
        check(true, false, 500, 500, 100, 0, 0, 0, 0, 0, 0, true, 25);
        check(true, false, 500, 10, 100, 0, 0, 0, 0, 0, 0, false, 26);
        check(false, true, 100, 500, 500, 0, 0, 0, 0, 0, 0, false, 27);
        check(false, true, 100, 500, 10, 0, 0, 0, 0, 0, 0, true, 28);
        check(false, true, 100, 784, 500, 0, 0, 0, 0, 0, 0, false, 29);
    }

    @Test
    void offsetsAndLeadingDimensions() {
        long seed = 100;
        int[][] shapes = {{13, 37, 29}, {30, 70, 300}, {5, 12, 40}, {50, 96, 260}};
        for (int[] s : shapes) {
            for (int f = 0; f < 8; f++) {
                boolean tA = (f & 1) != 0, tB = (f & 2) != 0, acc = (f & 4) != 0;
                check(tA, tB, s[0], s[1], s[2], 3, 5, 7, 2, 9, 4, acc, seed++);
                check(tA, tB, s[0], s[1], s[2], 16, 1, 0, 17, 0, 31, acc, seed++);
            }
        }
        // a row stride that is a multiple of 1024 floats (B packed instead of read in place)
        check(false, false, 20, 64, 40, 0, 1024 - 64, 0, 0, 0, 0, false, 7);
    }

    @Test
    void randomShapes() {
        SplittableRandom r = new SplittableRandom(42);
        for (int t = 0; t < 60; t++) {
            int m = 1 + r.nextInt(r.nextBoolean() ? 30 : 200),
                    n = 1 + r.nextInt(r.nextBoolean() ? 40 : 300),
                    k = 1 + r.nextInt(r.nextBoolean() ? 20 : 400);
            check(
                    r.nextBoolean(),
                    r.nextBoolean(),
                    m,
                    n,
                    k,
                    r.nextInt(3),
                    r.nextInt(3),
                    r.nextInt(3),
                    r.nextInt(5),
                    r.nextInt(5),
                    r.nextInt(5),
                    r.nextBoolean(),
                    t);
        }
    }

    @Test
    void largeParallelAndSingleThreadAgree() {
        int saved = Parallel.threads();
        try {
            for (int th : new int[] {1, 2, 3}) {
                Parallel.setThreads(th);
                check(false, false, 300, 700, 520, 0, 0, 0, 0, 0, 0, false, 300 + th);
                check(true, true, 150, 200, 300, 1, 2, 3, 0, 0, 0, true, 310 + th);
                check(false, false, 1000, 10, 300, 0, 0, 0, 0, 0, 0, false, 320 + th);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void concurrentCallersWithDifferentOutputs() throws Exception {
        List<Thread> ts = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            final int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int rep = 0; rep < 3; rep++)
                        check(
                                id % 2 == 0,
                                id >= 2,
                                90 + id,
                                150 + 7 * id,
                                200,
                                0,
                                0,
                                0,
                                0,
                                0,
                                0,
                                rep == 1,
                                id * 10 + rep);
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            ts.add(th);
            th.start();
        }
        for (Thread th : ts) th.join();
        assertEquals(List.of(), errors);
    }
}
