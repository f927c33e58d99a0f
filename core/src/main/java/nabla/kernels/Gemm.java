package nabla.kernels;

import java.util.Arrays;
import java.util.function.IntConsumer;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-precision row-major GEMM on the JDK Vector API, in the machine's preferred species (L float lanes:
 * 16 on AVX-512, 8 on AVX2, 4 on SSE/NEON).
 *
 * <p>Design (Goto-style): A is packed into MR-row panels and B into NR = 2L-column panels, both once per
 * call, cut into K blocks of 256; the packed panels are shared by all threads. An MR x NR register tile
 * runs over one K block at a time. Work is split over C blocks of up to 144x512 (which stay in L2 across
 * the K loop) and handed to {@link Parallel} when the product is large enough. N &lt;= SMALL_N uses an
 * unpacked kernel (B copied to [k][SMALL_N], A read in place) with masked stores. M &lt;= SMALL_M with B not
 * transposed (a forward pass at a small batch, B the weights) packs nothing: B is streamed in place, four of its
 * rows at a time, into a per-thread block of C, the columns split over the threads (m = 1 on the MLP's 784x500
 * kernel: 36 µs on 2 threads, where packing B alone had cost several times that).
 *
 * <ul>
 *   <li>16 lanes (AVX-512, 32 zmm registers): a 12x32 tile (24 accumulators). B is read in place (no
 *       packing) when it is not transposed, M is small and the row stride is cache friendly. SMALL_N = 16
 *       (one vector per row). These are the kernels the README's figures were measured with.
 *   <li>Other lane counts: a 4 x 2L tile (AVX2: 4x16, 8 ymm accumulators, 2 B vectors, 4 broadcasts). A
 *       6x16 tile (12 accumulators, 15 of the 16 ymm registers on paper) made C2 spill an accumulator in the
 *       inner loop (it hoists the broadcasts) and ran at about 60 % of the 4x16 kernel's speed; 5x16, 4x24 and
 *       3x24 were slower too. B is always packed (an in-place kernel with a variable B stride keeps its range
 *       checks), and Aᵀ and untransposed B are packed row by row (sequential reads). SMALL_N = 2L: n &lt;= L
 *       takes one vector per row, L &lt; n &lt;= 2L two (the MLP's n = 10 on AVX2).
 * </ul>
 *
 * <p>Measured on a 2-core AMD EPYC (Zen 3, AVX2), 2 threads, against numpy's OpenBLAS (Haswell kernels):
 * 0.55-1.3x depending on shape and run, the square and MLP shapes mostly 0.65-0.9x; see bench/GEMM_NOTES.md.
 *
 * <p>Thread safety: packing buffers are per calling thread (ThreadLocal, grown, never shrunk), so
 * concurrent calls from different threads with different outputs are safe.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * The machine's preferred species. For tests only, {@code -Dnabla.gemm.bits=128|256|512} forces another shape
     * (read once; a shape the CPU lacks runs the Vector API's Java emulation, about 100x slower, e.g. to check the
     * 16-lane path on an AVX2 machine).
     */
    static final VectorSpecies<Float> S = species(Integer.getInteger("nabla.gemm.bits", 0));

    static final int L = S.length(); // lanes
    /** 16 lanes (AVX-512, 32 zmm registers): the 12x32 tile. Otherwise a 4 x 2L tile (AVX2: 4x16, 8 ymm accumulators). */
    static final boolean WIDE = L == 16;

    static final int MR = WIDE ? 12 : 4; // micro-tile rows
    /** The first MR lanes: one k row of a packed A panel (null when a panel row is wider than a vector). */
    private static final VectorMask<Float> PANEL_ROWS = MR <= L ? S.indexInRange(0, MR) : null;
    /** Below 16 lanes: a vector of exactly MR = 4 floats (128 bits), to copy one k row of a packed A panel. */
    private static final VectorSpecies<Float> PANEL_SPECIES = WIDE ? S : FloatVector.SPECIES_128;

    static final int NR = 2 * L; // micro-tile columns (2 vectors)
    static final int KC = 256; // K block
    static final int MC_PANELS = 144 / MR; // 144 rows per C block
    static final int NC_PANELS = 512 / NR; // 512 columns per C block
    /**
     * n up to this takes the small-N path; its packed B rows are this wide. One vector on 16 lanes, two
     * otherwise (n = 10, the MLP's last layer, then fits one row of two 8-lane vectors instead of a 6x16 edge tile).
     */
    static final int SMALL_N = WIDE ? L : 2 * L;

    static final int SMALL_N_ROWS = 4;
    /**
     * m up to this (with untransposed B and n &gt; SMALL_N) takes the small-M path: B read in place, row by row,
     * no packing. A model's forward pass at batch 1..8 is such a product with B its weights, and packing B (the
     * 784x500 kernel of the MNIST MLP: 1.6 MB read and written) cost several times the product itself.
     */
    static final int SMALL_M = 32;
    /** k*n (floats of B) from which the small-M path splits the columns over threads (it is memory bound). */
    static final long SMALL_M_PARALLEL_B = 1L << 16;
    /** Columns of C per small-M block: four rows of B's block (the p-group) stay in L1 across the rows of C. */
    static final int SMALL_M_COLS = 512;
    /** Rows of B per packing task when B is packed row by row (below 16 lanes). */
    static final int PACK_ROWS = 32;
    /**
     * 2*m*n*k above which the work is split over threads. Measured: the MLP's 1-MFLOP products with n or k = 10
     * run 1.3-1.6x faster on two threads than on one, so the split pays from about 0.5 MFLOP.
     */
    static final long PARALLEL_FLOPS = 500_000L;
    /** Minimum number of C blocks per thread when running in parallel. */
    static final int TASKS_PER_THREAD = 1;
    /** B is read in place (16 lanes only) when m is below this (packing B pays off for tall A). */
    static final int B_IN_PLACE_MAX_M = 384;

    private static final class Buffers {
        float[] pa = new float[0];
        float[] pb = new float[0];
        final float[] tile = new float[MR * NR];
        final float[] tile4 = new float[8 * L];
        final float[] smallM = new float[SMALL_M * SMALL_M_COLS];
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static VectorSpecies<Float> species(int bits) {
        return switch (bits) {
            case 0 -> FloatVector.SPECIES_PREFERRED;
            case 64 -> FloatVector.SPECIES_64;
            case 128 -> FloatVector.SPECIES_128;
            case 256 -> FloatVector.SPECIES_256;
            case 512 -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("nabla.gemm.bits must be 64, 128, 256 or 512: " + bits);
        };
    }

    /**
     * C[m×n] = (accumulate ? C : 0) + op(A)·op(B). op(A) is m×k: if !transA element (i,p) is
     * a[aOff+i*lda+p]; if transA, A is stored k×m and (i,p) is a[aOff+p*lda+i]. op(B) is k×n: if
     * !transB (p,j) is b[bOff+p*ldb+j]; if transB, B is stored n×k and (p,j) is b[bOff+j*ldb+p].
     * C(i,j) is c[cOff+i*ldc+j].
     */
    public static void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size: " + m + "x" + n + "x" + k);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) for (int i = 0; i < m; i++) Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            return;
        }
        boolean par = Parallel.threads() > 1 && 2L * m * n * k > PARALLEL_FLOPS;
        if (n <= SMALL_N) {
            smallN(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, par);
        } else if (!transB && m <= SMALL_M) {
            smallM(transA, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else {
            blocked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, par);
        }
    }

    /** Plain triple-loop reference (double accumulation), same contract as {@link #sgemm}. */
    public static void sgemmReference(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += (double) x * y;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = accumulate ? (float) (c[ci] + s) : (float) s;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Blocked path (n > SMALL_N)

    private static void blocked(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate,
            boolean par) {
        final int mP = (m + MR - 1) / MR, nP = (n + NR - 1) / NR;
        final int mFull = m / MR, nFull = n / NR;
        // In place only on 16 lanes: the 4 x 2L kernel with a variable B stride keeps its range checks (C2 removes
        // them only for a constant stride) and ran at about half the speed of packed B (fwd1, 8 lanes).
        final boolean bInPlace = WIDE && !transB && m < B_IN_PLACE_MAX_M && goodStride(ldb);
        // Packed B panels: all of them, or (in place) only the ragged last one.
        final int nPk = bInPlace ? (nFull < nP ? 1 : 0) : nP;
        Buffers buf = BUFFERS.get();
        long aSize = (long) mP * MR * k, bSize = (long) nPk * NR * k;
        if (aSize > Integer.MAX_VALUE - 16 || bSize > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("matrices too large");
        if (buf.pa.length < aSize) buf.pa = new float[(int) aSize];
        if (buf.pb.length < bSize) buf.pb = new float[(int) bSize];
        final float[] pa = buf.pa, pb = buf.pb;

        // 1) pack: one task per panel, all K blocks. Below 16 lanes an operand whose panels would be read down its
        // columns (Aᵀ, untransposed B) is packed row by row instead, PACK_ROWS rows per task.
        final boolean aRows = !WIDE && transA, bRows = !WIDE && !transB;
        final int aTasks = aRows ? ceilDiv(k, PACK_ROWS) : mP, bTasks = bRows ? ceilDiv(k, PACK_ROWS) : nPk;
        final int packTasks = aTasks + bTasks;
        if (par) {
            Parallel.run(packTasks, t -> {
                if (t < aTasks) {
                    if (aRows)
                        packATransRows(m, k, a, aOff, lda, pa, mP, t * PACK_ROWS, Math.min(k, (t + 1) * PACK_ROWS));
                    else packA(transA, m, k, a, aOff, lda, pa, mP, t);
                } else if (bRows) {
                    packBRows(
                            n,
                            k,
                            b,
                            bOff,
                            ldb,
                            pb,
                            nPk,
                            (t - aTasks) * PACK_ROWS,
                            Math.min(k, (t - aTasks + 1) * PACK_ROWS));
                } else {
                    packB(
                            transB,
                            n,
                            k,
                            b,
                            bOff,
                            ldb,
                            pb,
                            nPk,
                            bInPlace ? nFull : t - aTasks,
                            bInPlace ? 0 : t - aTasks);
                }
            });
        } else {
            if (aRows) packATransRows(m, k, a, aOff, lda, pa, mP, 0, k);
            else for (int t = 0; t < mP; t++) packA(transA, m, k, a, aOff, lda, pa, mP, t);
            if (bRows) packBRows(n, k, b, bOff, ldb, pb, nPk, 0, k);
            else
                for (int t = 0; t < nPk; t++)
                    packB(transB, n, k, b, bOff, ldb, pb, nPk, bInPlace ? nFull : t, bInPlace ? 0 : t);
        }

        // 2) compute over C blocks
        // C blocks of at most 144x512, of near-equal size so that the dynamic schedule balances
        int mcP = ceilDiv(mP, ceilDiv(mP, MC_PANELS)), ncP = ceilDiv(nP, ceilDiv(nP, NC_PANELS));
        // Several tasks per thread: the dynamic schedule then absorbs a core that is briefly busy elsewhere.
        int minTasks = par ? Parallel.threads() * TASKS_PER_THREAD : 1;
        while (ceilDiv(mP, mcP) * ceilDiv(nP, ncP) < minTasks && (mcP > 1 || ncP > 1)) {
            if (ncP >= mcP || mcP == 1) ncP = ceilDiv(nP, ceilDiv(nP, ncP) + 1);
            else mcP = ceilDiv(mP, ceilDiv(mP, mcP) + 1);
        }
        final int fmcP = mcP, fncP = ncP;
        final int mChunks = ceilDiv(mP, mcP), nChunks = ceilDiv(nP, ncP);
        final int tasks = mChunks * nChunks;
        IntConsumer block = t -> computeBlock(
                t % mChunks * fmcP,
                Math.min(mP, (t % mChunks + 1) * fmcP),
                t / mChunks * fncP,
                Math.min(nP, (t / mChunks + 1) * fncP),
                m,
                n,
                k,
                mP,
                mFull,
                nFull,
                nPk,
                bInPlace,
                pa,
                b,
                bOff,
                ldb,
                pb,
                c,
                cOff,
                ldc,
                accumulate);
        if (par && tasks > 1) Parallel.run(tasks, block);
        else for (int t = 0; t < tasks; t++) block.accept(t);
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** True when rows ldb floats apart spread over the L1 sets (no 4K-aliasing pile-up); 16 floats = a 64-byte line. */
    private static boolean goodStride(int ldb) {
        if (ldb % 16 != 0) return true;
        int lines = ldb / 16;
        return Integer.numberOfTrailingZeros(lines) <= 1;
    }

    private static void computeBlock(
            int ip0,
            int ip1,
            int jp0,
            int jp1,
            int m,
            int n,
            int k,
            int mP,
            int mFull,
            int nFull,
            int nPk,
            boolean bInPlace,
            float[] pa,
            float[] b,
            int bOff,
            int ldb,
            float[] pb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        float[] tile = null;
        for (int pc = 0; pc < k; pc += KC) {
            final int kcb = Math.min(KC, k - pc);
            final boolean add = accumulate || pc > 0;
            final int aBase = pc * mP * MR;
            for (int jp = jp0; jp < jp1; jp++) {
                final int j0 = jp * NR;
                final boolean inPlace = bInPlace && jp < nFull;
                final int bi = inPlace ? bOff + pc * ldb + j0 : pc * nPk * NR + (bInPlace ? 0 : jp) * kcb * NR;
                for (int ip = ip0; ip < ip1; ip++) {
                    final int i0 = ip * MR;
                    final int ai = aBase + ip * kcb * MR;
                    if (ip < mFull && jp < nFull) {
                        int ci = cOff + i0 * ldc + j0;
                        if (!WIDE) kernel4Packed(kcb, pa, ai, pb, bi, c, ci, ldc, add);
                        else if (inPlace) kernelStrided(kcb, pa, ai, b, bi, ldb, c, ci, ldc, add);
                        else kernelPacked(kcb, pa, ai, pb, bi, c, ci, ldc, add);
                    } else {
                        if (tile == null) tile = BUFFERS.get().tile;
                        if (!WIDE) kernel4Packed(kcb, pa, ai, pb, bi, tile, 0, NR, false);
                        else if (inPlace) kernelStrided(kcb, pa, ai, b, bi, ldb, tile, 0, NR, false);
                        else kernelPacked(kcb, pa, ai, pb, bi, tile, 0, NR, false);
                        int mr = Math.min(MR, m - i0), nr = Math.min(NR, n - j0);
                        for (int r = 0; r < mr; r++) {
                            int ci = cOff + (i0 + r) * ldc + j0;
                            if (add) for (int j = 0; j < nr; j++) c[ci + j] += tile[r * NR + j];
                            else System.arraycopy(tile, r * NR, c, ci, nr);
                        }
                    }
                }
            }
        }
    }

    /** Packs MR-row panel ip of op(A) for every K block: layout [kBlock][panel][p][MR], zero padded. */
    private static void packA(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] pa, int mP, int ip) {
        final int i0 = ip * MR, mr = Math.min(MR, m - i0);
        for (int pc = 0; pc < k; pc += KC) {
            final int kcb = Math.min(KC, k - pc);
            final int d = pc * mP * MR + ip * kcb * MR;
            if (transA && mr == MR && MR <= L) {
                // A full panel: each k row of op(A)'s MR rows is MR contiguous floats of A (a weight gradient's
                // Xᵀ, e.g. the patch matrix of a convolution): one masked vector each instead of MR scalar moves.
                for (int p = 0; p < kcb; p++)
                    FloatVector.fromArray(S, a, aOff + (pc + p) * lda + i0, PANEL_ROWS)
                            .intoArray(pa, d + p * MR, PANEL_ROWS);
            } else if (transA) {
                for (int p = 0; p < kcb; p++) {
                    int s = aOff + (pc + p) * lda + i0, dd = d + p * MR;
                    for (int r = 0; r < mr; r++) pa[dd + r] = a[s + r];
                    for (int r = mr; r < MR; r++) pa[dd + r] = 0f;
                }
            } else {
                for (int r = 0; r < mr; r++) {
                    int s = aOff + (i0 + r) * lda + pc, dd = d + r;
                    for (int p = 0; p < kcb; p++) pa[dd + p * MR] = a[s + p];
                }
                for (int r = mr; r < MR; r++) for (int p = 0; p < kcb; p++) pa[d + r + p * MR] = 0f;
            }
        }
    }

    /** Packs NR-column panel jp of op(B) into slot `slot`: layout [kBlock][slot][p][NR], zero padded. */
    private static void packB(
            boolean transB, int n, int k, float[] b, int bOff, int ldb, float[] pb, int nPk, int jp, int slot) {
        final int j0 = jp * NR, nr = Math.min(NR, n - j0);
        for (int pc = 0; pc < k; pc += KC) {
            final int kcb = Math.min(KC, k - pc);
            final int d = pc * nPk * NR + slot * kcb * NR;
            if (transB) {
                for (int j = 0; j < nr; j++) {
                    int s = bOff + (j0 + j) * ldb + pc, dd = d + j;
                    for (int p = 0; p < kcb; p++) pb[dd + p * NR] = b[s + p];
                }
                for (int j = nr; j < NR; j++) for (int p = 0; p < kcb; p++) pb[d + j + p * NR] = 0f;
            } else if (nr == NR) {
                for (int p = 0; p < kcb; p++) {
                    int s = bOff + (pc + p) * ldb + j0, dd = d + p * NR;
                    FloatVector.fromArray(S, b, s).intoArray(pb, dd);
                    FloatVector.fromArray(S, b, s + L).intoArray(pb, dd + L);
                }
            } else {
                for (int p = 0; p < kcb; p++) {
                    int s = bOff + (pc + p) * ldb + j0, dd = d + p * NR;
                    for (int j = 0; j < nr; j++) pb[dd + j] = b[s + j];
                    for (int j = nr; j < NR; j++) pb[dd + j] = 0f;
                }
            }
        }
    }

    /**
     * Rows [p0, p1) of A stored k×m (op(A) = Aᵀ) into all mP packed panels, same layout as {@link #packA}: each row
     * of A gives MR contiguous floats to each panel, copied as one unmasked vector of {@link #PANEL_SPECIES} (4
     * lanes). Packing panel by panel (masked 8-lane copies walking down A's columns) took 23 % of the MNIST CNN's
     * training step on 8 lanes (perf; its weight gradients colᵀ·dY), this 9 %.
     */
    private static void packATransRows(int m, int k, float[] a, int aOff, int lda, float[] pa, int mP, int p0, int p1) {
        final int mFull = m / MR;
        for (int p = p0; p < p1; p++) {
            final int pc = p / KC * KC, kcb = Math.min(KC, k - pc);
            final int s = aOff + p * lda, d = pc * mP * MR + (p - pc) * MR;
            for (int ip = 0; ip < mFull; ip++)
                FloatVector.fromArray(PANEL_SPECIES, a, s + ip * MR).intoArray(pa, d + ip * kcb * MR);
            if (mFull < mP) {
                int dd = d + mFull * kcb * MR, i0 = mFull * MR;
                for (int r = 0; r < MR; r++) pa[dd + r] = i0 + r < m ? a[s + i0 + r] : 0f;
            }
        }
    }

    /**
     * Rows [p0, p1) of op(B) = B (not transposed) into all nPk packed panels, same layout as {@link #packB}. Row by row,
     * so B is read sequentially: packB's walk down one 2L-column panel at a time (a stride of ldb floats per row)
     * was 28 % of fwd1's samples on 8 lanes (perf), each row a cache miss the prefetcher did not cover.
     */
    private static void packBRows(int n, int k, float[] b, int bOff, int ldb, float[] pb, int nPk, int p0, int p1) {
        final int nFull = n / NR;
        for (int p = p0; p < p1; p++) {
            final int pc = p / KC * KC, kcb = Math.min(KC, k - pc);
            final int s = bOff + p * ldb, d = pc * nPk * NR + (p - pc) * NR;
            for (int jp = 0; jp < nFull; jp++) {
                int dd = d + jp * kcb * NR, ss = s + jp * NR;
                FloatVector.fromArray(S, b, ss).intoArray(pb, dd);
                FloatVector.fromArray(S, b, ss + L).intoArray(pb, dd + L);
            }
            if (nFull < nPk) {
                int dd = d + nFull * kcb * NR, j0 = nFull * NR;
                for (int j = 0; j < NR; j++) pb[dd + j] = j0 + j < n ? b[s + j0 + j] : 0f;
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Small M path (m <= SMALL_M, B not transposed, n > SMALL_N): B streamed in place, nothing packed.

    private static void smallM(
            boolean transA,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        int threads = Parallel.threads();
        // Columns split in whole vectors, a contiguous range per thread.
        int vectors = ceilDiv(n, L);
        int chunks = threads > 1 && (long) k * n >= SMALL_M_PARALLEL_B && vectors >= 2 * threads ? threads : 1;
        if (chunks == 1) {
            smallMCols(transA, 0, n, m, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        Parallel.forChunks(
                chunks,
                vectors,
                (t, from, to) -> smallMCols(
                        transA,
                        from * L,
                        Math.min(n, to * L),
                        m,
                        k,
                        a,
                        aOff,
                        lda,
                        b,
                        bOff,
                        ldb,
                        c,
                        cOff,
                        ldc,
                        accumulate));
    }

    /**
     * Columns [j0, j1) of C for all m rows: per block of {@link #SMALL_M_COLS} columns, per group of 4 k-rows
     * of B, each row of C gets {@code c += a0·B[p] + a1·B[p+1] + a2·B[p+2] + a3·B[p+3]} over the block (the B rows
     * read once from memory, then from L1 for the other rows of C; C's block stays in L1).
     */
    private static void smallMCols(
            boolean transA,
            int j0,
            int j1,
            int m,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate) {
        final int as = transA ? lda : 1, ar = transA ? 1 : lda; // a(i, p) = a[aOff + i*ar + p*as]
        // The block of C is accumulated in this thread's buffer (row stride SMALL_M_COLS), then stored: the
        // threads' column ranges then never share a cache line of C while they add into it k/4 times.
        Buffers buf = BUFFERS.get();
        final float[] t = buf.smallM;
        final int ts = SMALL_M_COLS;
        for (int jb = j0; jb < j1; jb += SMALL_M_COLS) {
            final int w = Math.min(j1 - jb, SMALL_M_COLS);
            final int wv = w / L * L; // end of the whole vectors
            for (int i = 0; i < m; i++) Arrays.fill(t, i * ts, i * ts + w, 0f);
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                final int b0 = bOff + p * ldb + jb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                int i = 0;
                for (; i + 2 <= m; i += 2) {
                    // two rows of C per sweep: each B vector loaded feeds two FMAs
                    final int ai = aOff + i * ar + p * as, aj = ai + ar;
                    final FloatVector v0 = FloatVector.broadcast(S, a[ai]), v1 = FloatVector.broadcast(S, a[ai + as]);
                    final FloatVector v2 = FloatVector.broadcast(S, a[ai + 2 * as]);
                    final FloatVector v3 = FloatVector.broadcast(S, a[ai + 3 * as]);
                    final FloatVector u0 = FloatVector.broadcast(S, a[aj]), u1 = FloatVector.broadcast(S, a[aj + as]);
                    final FloatVector u2 = FloatVector.broadcast(S, a[aj + 2 * as]);
                    final FloatVector u3 = FloatVector.broadcast(S, a[aj + 3 * as]);
                    final int ti = i * ts, tj = ti + ts;
                    int j = 0;
                    for (; j < wv; j += L) {
                        FloatVector x0 = FloatVector.fromArray(S, b, b0 + j), x1 = FloatVector.fromArray(S, b, b1 + j);
                        FloatVector x2 = FloatVector.fromArray(S, b, b2 + j), x3 = FloatVector.fromArray(S, b, b3 + j);
                        FloatVector acc = FloatVector.fromArray(S, t, ti + j),
                                acd = FloatVector.fromArray(S, t, tj + j);
                        acc = x0.fma(v0, acc);
                        acd = x0.fma(u0, acd);
                        acc = x1.fma(v1, acc);
                        acd = x1.fma(u1, acd);
                        acc = x2.fma(v2, acc);
                        acd = x2.fma(u2, acd);
                        acc = x3.fma(v3, acc);
                        acd = x3.fma(u3, acd);
                        acc.intoArray(t, ti + j);
                        acd.intoArray(t, tj + j);
                    }
                    for (; j < w; j++) {
                        float acc = t[ti + j], acd = t[tj + j];
                        acc = Math.fma(b[b0 + j], a[ai], acc);
                        acd = Math.fma(b[b0 + j], a[aj], acd);
                        acc = Math.fma(b[b1 + j], a[ai + as], acc);
                        acd = Math.fma(b[b1 + j], a[aj + as], acd);
                        acc = Math.fma(b[b2 + j], a[ai + 2 * as], acc);
                        acd = Math.fma(b[b2 + j], a[aj + 2 * as], acd);
                        acc = Math.fma(b[b3 + j], a[ai + 3 * as], acc);
                        acd = Math.fma(b[b3 + j], a[aj + 3 * as], acd);
                        t[ti + j] = acc;
                        t[tj + j] = acd;
                    }
                }
                for (; i < m; i++) {
                    final int ai = aOff + i * ar + p * as;
                    final float a0 = a[ai], a1 = a[ai + as], a2 = a[ai + 2 * as], a3 = a[ai + 3 * as];
                    final FloatVector v0 = FloatVector.broadcast(S, a0), v1 = FloatVector.broadcast(S, a1);
                    final FloatVector v2 = FloatVector.broadcast(S, a2), v3 = FloatVector.broadcast(S, a3);
                    final int ti = i * ts;
                    int j = 0;
                    for (; j < wv; j += L) {
                        FloatVector acc = FloatVector.fromArray(S, t, ti + j);
                        acc = FloatVector.fromArray(S, b, b0 + j).fma(v0, acc);
                        acc = FloatVector.fromArray(S, b, b1 + j).fma(v1, acc);
                        acc = FloatVector.fromArray(S, b, b2 + j).fma(v2, acc);
                        acc = FloatVector.fromArray(S, b, b3 + j).fma(v3, acc);
                        acc.intoArray(t, ti + j);
                    }
                    for (; j < w; j++) {
                        float acc = t[ti + j];
                        acc = Math.fma(b[b0 + j], a0, acc);
                        acc = Math.fma(b[b1 + j], a1, acc);
                        acc = Math.fma(b[b2 + j], a2, acc);
                        acc = Math.fma(b[b3 + j], a3, acc);
                        t[ti + j] = acc;
                    }
                }
            }
            for (; p < k; p++) {
                final int b0 = bOff + p * ldb + jb;
                for (int i = 0; i < m; i++) {
                    final float a0 = a[aOff + i * ar + p * as];
                    final FloatVector v0 = FloatVector.broadcast(S, a0);
                    final int ti = i * ts;
                    int j = 0;
                    for (; j < wv; j += L)
                        FloatVector.fromArray(S, b, b0 + j)
                                .fma(v0, FloatVector.fromArray(S, t, ti + j))
                                .intoArray(t, ti + j);
                    for (; j < w; j++) t[ti + j] = Math.fma(b[b0 + j], a0, t[ti + j]);
                }
            }
            for (int i = 0; i < m; i++) {
                final int ci = cOff + i * ldc + jb, ti = i * ts;
                if (accumulate) for (int j = 0; j < w; j++) c[ci + j] += t[ti + j];
                else System.arraycopy(t, ti, c, ci, w);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Small N path (n <= SMALL_N): B packed to [k][SMALL_N] (tiny), A read in place, 4 rows per step.

    private static void smallN(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            boolean accumulate,
            boolean par) {
        // op(B) is copied into a zero-padded [k][SMALL_N] buffer (tiny next to A); the kernels then use
        // plain unmasked loads, which C2 handles much better than masked ones in the inner loop.
        Buffers buf = BUFFERS.get();
        long bSize = (long) k * SMALL_N;
        if (bSize > Integer.MAX_VALUE - 16) throw new IllegalArgumentException("matrices too large");
        if (buf.pb.length < bSize) buf.pb = new float[(int) bSize];
        final float[] pb = buf.pb;
        final int pbOff = 0, pbStride = SMALL_N;
        if (transB) {
            Arrays.fill(pb, 0, k * SMALL_N, 0f);
            for (int j = 0; j < n; j++) {
                int s = bOff + j * ldb;
                for (int p = 0; p < k; p++) pb[p * SMALL_N + j] = b[s + p];
            }
        } else {
            for (int v = 0; v < SMALL_N; v += L) {
                VectorMask<Float> bmask = S.indexInRange(v, n);
                for (int p = 0; p < k; p++)
                    FloatVector.fromArray(S, b, bOff + p * ldb + v, bmask).intoArray(pb, p * SMALL_N + v);
            }
        }
        if (transA) {
            // A stored k x m: a row of A^T's columns is contiguous, so vectorize over L rows of C instead.
            int full = m / L * L;
            if (par && full >= 2 * L) {
                Parallel.forRange(
                        full / L,
                        2,
                        (from, to) -> smallNTransA(from * L, to * L, n, k, a, aOff, lda, pb, c, cOff, ldc, accumulate));
            } else {
                smallNTransA(0, full, n, k, a, aOff, lda, pb, c, cOff, ldc, accumulate);
            }
            smallNTailTransA(full, m, n, k, a, aOff, lda, pb, c, cOff, ldc, accumulate);
            return;
        }
        if (par) {
            int blocks = ceilDiv(m, SMALL_N_ROWS);
            Parallel.forRange(
                    blocks,
                    1,
                    (from, to) -> smallNRows(
                            from * SMALL_N_ROWS,
                            Math.min(m, to * SMALL_N_ROWS),
                            n,
                            k,
                            a,
                            aOff,
                            lda,
                            pb,
                            pbOff,
                            pbStride,
                            c,
                            cOff,
                            ldc,
                            accumulate));
        } else {
            smallNRows(0, m, n, k, a, aOff, lda, pb, pbOff, pbStride, c, cOff, ldc, accumulate);
        }
    }

    private static void smallNRows(
            int i0,
            int i1,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] pb,
            int pbOff,
            int pbs,
            float[] c,
            int cOff,
            int ldc,
            boolean acc) {
        final VectorMask<Float> mask = S.indexInRange(0, n);
        // Two vectors per row when n > L (only below 16 lanes: SMALL_N = 2L there).
        final boolean two = !WIDE && n > L;
        final VectorMask<Float> mask2 = two ? S.indexInRange(L, n) : mask;
        int i = i0;
        for (; i + SMALL_N_ROWS <= i1; i += SMALL_N_ROWS) {
            if (two) smallN4x2(k, a, aOff + i * lda, lda, pb, pbOff, pbs, c, cOff + i * ldc, ldc, mask2, acc);
            else smallN4(k, a, aOff + i * lda, lda, pb, pbOff, pbs, c, cOff + i * ldc, ldc, mask, acc);
        }
        // The last m % 4 rows: scalar, for the same reason as smallNTailTransA.
        for (; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[aOff + i * lda + p] * pb[pbOff + p * pbs + j];
                int ci = cOff + i * ldc + j;
                c[ci] = acc ? c[ci] + sum : sum;
            }
        }
    }

    /**
     * Rows [i0, i1) (a multiple of L) of C = Aᵀ·B for A stored k×m: tiles of 2L rows (two vectors) by 4
     * columns, so eight independent FMA chains hide the FMA latency; a last L-row block if needed.
     */
    private static void smallNTransA(
            int i0,
            int i1,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] pb,
            float[] c,
            int cOff,
            int ldc,
            boolean acc) {
        float[] t = BUFFERS.get().tile4;
        int i = i0;
        for (; i + 2 * L <= i1; i += 2 * L) {
            for (int j = 0; j < n; j += 4) {
                smallNT32x4(k, a, aOff + i, lda, pb, j, t);
                storeTransposed(t, 2 * L, 2 * L, Math.min(4, n - j), c, cOff + i * ldc + j, ldc, acc);
            }
        }
        for (; i < i1; i += L) {
            for (int j = 0; j < n; j += 4) {
                smallNT16x4(k, a, aOff + i, lda, pb, j, t);
                storeTransposed(t, L, L, Math.min(4, n - j), c, cOff + i * ldc + j, ldc, acc);
            }
        }
    }

    /** c[l*ldc + q] (+)= t[q*stride + l] for l < rows, q < cols. */
    private static void storeTransposed(
            float[] t, int stride, int rows, int cols, float[] c, int ci, int ldc, boolean acc) {
        for (int l = 0; l < rows; l++) {
            int cl = ci + l * ldc;
            for (int q = 0; q < cols; q++) c[cl + q] = acc ? c[cl + q] + t[q * stride + l] : t[q * stride + l];
        }
    }

    /** t[q*2L + l] = Σp A[p, a0+l] · B[p, j+q] for l < 2L, q < 4 (B packed [k][SMALL_N], zero beyond n). */
    private static void smallNT32x4(int k, float[] a, int a0, int lda, float[] pb, int j, float[] t) {
        FloatVector s0 = FloatVector.zero(S),
                s1 = FloatVector.zero(S),
                s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        FloatVector u0 = FloatVector.zero(S),
                u1 = FloatVector.zero(S),
                u2 = FloatVector.zero(S),
                u3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int ap = a0 + p * lda, bp = p * SMALL_N + j;
            FloatVector av = FloatVector.fromArray(S, a, ap), aw = FloatVector.fromArray(S, a, ap + L);
            FloatVector b0 = FloatVector.broadcast(S, pb[bp]), b1 = FloatVector.broadcast(S, pb[bp + 1]);
            FloatVector b2 = FloatVector.broadcast(S, pb[bp + 2]), b3 = FloatVector.broadcast(S, pb[bp + 3]);
            s0 = av.fma(b0, s0);
            u0 = aw.fma(b0, u0);
            s1 = av.fma(b1, s1);
            u1 = aw.fma(b1, u1);
            s2 = av.fma(b2, s2);
            u2 = aw.fma(b2, u2);
            s3 = av.fma(b3, s3);
            u3 = aw.fma(b3, u3);
        }
        s0.intoArray(t, 0);
        u0.intoArray(t, L);
        s1.intoArray(t, 2 * L);
        u1.intoArray(t, 3 * L);
        s2.intoArray(t, 4 * L);
        u2.intoArray(t, 5 * L);
        s3.intoArray(t, 6 * L);
        u3.intoArray(t, 7 * L);
    }

    /** t[q*L + l] = Σp A[p, a0+l] · B[p, j+q] for l < L, q < 4 (B packed [k][SMALL_N], zero beyond n). */
    private static void smallNT16x4(int k, float[] a, int a0, int lda, float[] pb, int j, float[] t) {
        FloatVector s0 = FloatVector.zero(S),
                s1 = FloatVector.zero(S),
                s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector av = FloatVector.fromArray(S, a, a0 + p * lda);
            int bp = p * SMALL_N + j;
            s0 = av.fma(FloatVector.broadcast(S, pb[bp]), s0);
            s1 = av.fma(FloatVector.broadcast(S, pb[bp + 1]), s1);
            s2 = av.fma(FloatVector.broadcast(S, pb[bp + 2]), s2);
            s3 = av.fma(FloatVector.broadcast(S, pb[bp + 3]), s3);
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, L);
        s2.intoArray(t, 2 * L);
        s3.intoArray(t, 3 * L);
    }

    /**
     * The last m % L rows of the Aᵀ·B case, with masked loads. In a convolution's weight gradient (m = the patch
     * size, e.g. 25 or 150, and k = thousands of positions) this tail is hot, so it must be vectorized: scalar
     * code here took a third of LeNet-5's training time.
     */
    private static void smallNTailTransA(
            int i0,
            int i1,
            int n,
            int k,
            float[] a,
            int aOff,
            int lda,
            float[] pb,
            float[] c,
            int cOff,
            int ldc,
            boolean acc) {
        int rows = i1 - i0;
        if (rows <= 0) return;
        float[] t = BUFFERS.get().tile4;
        VectorMask<Float> rm = S.indexInRange(0, rows);
        for (int j = 0; j < n; j += 4) {
            smallNT16x4Masked(k, a, aOff + i0, lda, pb, j, t, rm);
            storeTransposed(t, L, rows, Math.min(4, n - j), c, cOff + i0 * ldc + j, ldc, acc);
        }
    }

    /** As {@link #smallNT16x4} for fewer than L rows: lanes outside {@code rm} are not read. */
    private static void smallNT16x4Masked(
            int k, float[] a, int a0, int lda, float[] pb, int j, float[] t, VectorMask<Float> rm) {
        FloatVector s0 = FloatVector.zero(S),
                s1 = FloatVector.zero(S),
                s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector av = FloatVector.fromArray(S, a, a0 + p * lda, rm);
            int bp = p * SMALL_N + j;
            s0 = av.fma(FloatVector.broadcast(S, pb[bp]), s0);
            s1 = av.fma(FloatVector.broadcast(S, pb[bp + 1]), s1);
            s2 = av.fma(FloatVector.broadcast(S, pb[bp + 2]), s2);
            s3 = av.fma(FloatVector.broadcast(S, pb[bp + 3]), s3);
        }
        s0.intoArray(t, 0);
        s1.intoArray(t, L);
        s2.intoArray(t, 2 * L);
        s3.intoArray(t, 3 * L);
    }

    // Four rows per call: C1 (tier 3) runs out of virtual registers on an 8-row version, and a method that
    // C1 cannot compile can stay stuck in tier-2 code, where Vector API calls are not intrinsified and run
    // about 100x slower (seen in training: 1.4 ms instead of 11 us for a 500x10x100 product).
    private static void smallN4(
            int k,
            float[] a,
            int a0,
            int lda,
            float[] pb,
            int pbOff,
            int pbs,
            float[] c,
            int ci,
            int ldc,
            VectorMask<Float> cmask,
            boolean acc) {
        final int r0 = a0, r1 = a0 + lda, r2 = a0 + 2 * lda, r3 = a0 + 3 * lda;
        FloatVector s0 = FloatVector.zero(S),
                s1 = FloatVector.zero(S),
                s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            FloatVector bv = FloatVector.fromArray(S, pb, pbOff + p * pbs);
            s0 = FloatVector.broadcast(S, a[r0 + p]).fma(bv, s0);
            s1 = FloatVector.broadcast(S, a[r1 + p]).fma(bv, s1);
            s2 = FloatVector.broadcast(S, a[r2 + p]).fma(bv, s2);
            s3 = FloatVector.broadcast(S, a[r3 + p]).fma(bv, s3);
        }
        store4(s0, s1, s2, s3, c, ci, ldc, cmask, acc);
    }

    /** As {@link #smallN4} for L < n <= 2L (below 16 lanes): two vectors per row, the second stored under {@code mask2}. */
    private static void smallN4x2(
            int k,
            float[] a,
            int a0,
            int lda,
            float[] pb,
            int pbOff,
            int pbs,
            float[] c,
            int ci,
            int ldc,
            VectorMask<Float> mask2,
            boolean acc) {
        final int r0 = a0, r1 = a0 + lda, r2 = a0 + 2 * lda, r3 = a0 + 3 * lda;
        FloatVector s0 = FloatVector.zero(S),
                s1 = FloatVector.zero(S),
                s2 = FloatVector.zero(S),
                s3 = FloatVector.zero(S);
        FloatVector u0 = FloatVector.zero(S),
                u1 = FloatVector.zero(S),
                u2 = FloatVector.zero(S),
                u3 = FloatVector.zero(S);
        for (int p = 0; p < k; p++) {
            int bo = pbOff + p * pbs;
            FloatVector bv = FloatVector.fromArray(S, pb, bo), bw = FloatVector.fromArray(S, pb, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[r0 + p]);
            s0 = x.fma(bv, s0);
            u0 = x.fma(bw, u0);
            x = FloatVector.broadcast(S, a[r1 + p]);
            s1 = x.fma(bv, s1);
            u1 = x.fma(bw, u1);
            x = FloatVector.broadcast(S, a[r2 + p]);
            s2 = x.fma(bv, s2);
            u2 = x.fma(bw, u2);
            x = FloatVector.broadcast(S, a[r3 + p]);
            s3 = x.fma(bv, s3);
            u3 = x.fma(bw, u3);
        }
        store4(s0, s1, s2, s3, c, ci, ldc, S.maskAll(true), acc);
        store4(u0, u1, u2, u3, c, ci + L, ldc, mask2, acc);
    }

    private static void store4(
            FloatVector s0,
            FloatVector s1,
            FloatVector s2,
            FloatVector s3,
            float[] c,
            int ci,
            int ldc,
            VectorMask<Float> cmask,
            boolean acc) {
        if (acc) {
            s0 = s0.add(FloatVector.fromArray(S, c, ci, cmask));
            s1 = s1.add(FloatVector.fromArray(S, c, ci + ldc, cmask));
            s2 = s2.add(FloatVector.fromArray(S, c, ci + 2 * ldc, cmask));
            s3 = s3.add(FloatVector.fromArray(S, c, ci + 3 * ldc, cmask));
        }
        s0.intoArray(c, ci, cmask);
        s1.intoArray(c, ci + ldc, cmask);
        s2.intoArray(c, ci + 2 * ldc, cmask);
        s3.intoArray(c, ci + 3 * ldc, cmask);
    }

    // ------------------------------------------------------------------------------------------
    // 4 x 2L micro-kernel (below 16 lanes; AVX2: 4x16)

    /**
     * C[4 x 2L] (+)= Apacked[kc x 4] * B[kc x 2L], B rows packed (stride NR). Eight accumulators, enough to cover
     * the FMA latency (AVX2: 2 FMA ports x 4 cycles). A 6x16 tile (12 accumulators) left C2 one ymm register short:
     * it spilled an accumulator to the stack in the inner loop and ran at ~60 % of this kernel's speed.
     */
    private static void kernel4Packed(
            int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c0a = FloatVector.zero(S), c0b = FloatVector.zero(S);
        FloatVector c1a = FloatVector.zero(S), c1b = FloatVector.zero(S);
        FloatVector c2a = FloatVector.zero(S), c2b = FloatVector.zero(S);
        FloatVector c3a = FloatVector.zero(S), c3b = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * 4, bo = bi + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao]);
            c0a = x.fma(b0, c0a);
            c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ao + 1]);
            c1a = x.fma(b0, c1a);
            c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ao + 2]);
            c2a = x.fma(b0, c2a);
            c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ao + 3]);
            c3a = x.fma(b0, c3a);
            c3b = x.fma(b1, c3b);
        }
        if (add) {
            c0a = c0a.add(FloatVector.fromArray(S, c, ci));
            c0b = c0b.add(FloatVector.fromArray(S, c, ci + L));
            c1a = c1a.add(FloatVector.fromArray(S, c, ci + ldc));
            c1b = c1b.add(FloatVector.fromArray(S, c, ci + ldc + L));
            c2a = c2a.add(FloatVector.fromArray(S, c, ci + 2 * ldc));
            c2b = c2b.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L));
            c3a = c3a.add(FloatVector.fromArray(S, c, ci + 3 * ldc));
            c3b = c3b.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L));
        }
        c0a.intoArray(c, ci);
        c0b.intoArray(c, ci + L);
        c1a.intoArray(c, ci + ldc);
        c1b.intoArray(c, ci + ldc + L);
        c2a.intoArray(c, ci + 2 * ldc);
        c2b.intoArray(c, ci + 2 * ldc + L);
        c3a.intoArray(c, ci + 3 * ldc);
        c3b.intoArray(c, ci + 3 * ldc + L);
    }

    // ------------------------------------------------------------------------------------------
    // 12x32 micro-kernels (16 lanes only; generated, straight-line; 24 accumulators)
    // spotless:off (one row of the tile per line, as generated)

    /** 12x32 micro-kernel: C[12x32] (+)= Apacked[kc x 12] * B[kc x 32]; B rows packed (stride 32). */
    private static void kernelPacked(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c0a = FloatVector.zero(S), c0b = FloatVector.zero(S);
        FloatVector c1a = FloatVector.zero(S), c1b = FloatVector.zero(S);
        FloatVector c2a = FloatVector.zero(S), c2b = FloatVector.zero(S);
        FloatVector c3a = FloatVector.zero(S), c3b = FloatVector.zero(S);
        FloatVector c4a = FloatVector.zero(S), c4b = FloatVector.zero(S);
        FloatVector c5a = FloatVector.zero(S), c5b = FloatVector.zero(S);
        FloatVector c6a = FloatVector.zero(S), c6b = FloatVector.zero(S);
        FloatVector c7a = FloatVector.zero(S), c7b = FloatVector.zero(S);
        FloatVector c8a = FloatVector.zero(S), c8b = FloatVector.zero(S);
        FloatVector c9a = FloatVector.zero(S), c9b = FloatVector.zero(S);
        FloatVector c10a = FloatVector.zero(S), c10b = FloatVector.zero(S);
        FloatVector c11a = FloatVector.zero(S), c11b = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * 12, bo = bi + p * 32;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao]); c0a = x.fma(b0, c0a); c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ao + 1]); c1a = x.fma(b0, c1a); c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ao + 2]); c2a = x.fma(b0, c2a); c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ao + 3]); c3a = x.fma(b0, c3a); c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ao + 4]); c4a = x.fma(b0, c4a); c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, a[ao + 5]); c5a = x.fma(b0, c5a); c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, a[ao + 6]); c6a = x.fma(b0, c6a); c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, a[ao + 7]); c7a = x.fma(b0, c7a); c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(S, a[ao + 8]); c8a = x.fma(b0, c8a); c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(S, a[ao + 9]); c9a = x.fma(b0, c9a); c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(S, a[ao + 10]); c10a = x.fma(b0, c10a); c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(S, a[ao + 11]); c11a = x.fma(b0, c11a); c11b = x.fma(b1, c11b);
        }
        if (add) {
            c0a = c0a.add(FloatVector.fromArray(S, c, ci + 0 * ldc)); c0b = c0b.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 16));
            c1a = c1a.add(FloatVector.fromArray(S, c, ci + 1 * ldc)); c1b = c1b.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 16));
            c2a = c2a.add(FloatVector.fromArray(S, c, ci + 2 * ldc)); c2b = c2b.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 16));
            c3a = c3a.add(FloatVector.fromArray(S, c, ci + 3 * ldc)); c3b = c3b.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 16));
            c4a = c4a.add(FloatVector.fromArray(S, c, ci + 4 * ldc)); c4b = c4b.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 16));
            c5a = c5a.add(FloatVector.fromArray(S, c, ci + 5 * ldc)); c5b = c5b.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 16));
            c6a = c6a.add(FloatVector.fromArray(S, c, ci + 6 * ldc)); c6b = c6b.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 16));
            c7a = c7a.add(FloatVector.fromArray(S, c, ci + 7 * ldc)); c7b = c7b.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 16));
            c8a = c8a.add(FloatVector.fromArray(S, c, ci + 8 * ldc)); c8b = c8b.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 16));
            c9a = c9a.add(FloatVector.fromArray(S, c, ci + 9 * ldc)); c9b = c9b.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 16));
            c10a = c10a.add(FloatVector.fromArray(S, c, ci + 10 * ldc)); c10b = c10b.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 16));
            c11a = c11a.add(FloatVector.fromArray(S, c, ci + 11 * ldc)); c11b = c11b.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 16));
        }
        c0a.intoArray(c, ci + 0 * ldc); c0b.intoArray(c, ci + 0 * ldc + 16);
        c1a.intoArray(c, ci + 1 * ldc); c1b.intoArray(c, ci + 1 * ldc + 16);
        c2a.intoArray(c, ci + 2 * ldc); c2b.intoArray(c, ci + 2 * ldc + 16);
        c3a.intoArray(c, ci + 3 * ldc); c3b.intoArray(c, ci + 3 * ldc + 16);
        c4a.intoArray(c, ci + 4 * ldc); c4b.intoArray(c, ci + 4 * ldc + 16);
        c5a.intoArray(c, ci + 5 * ldc); c5b.intoArray(c, ci + 5 * ldc + 16);
        c6a.intoArray(c, ci + 6 * ldc); c6b.intoArray(c, ci + 6 * ldc + 16);
        c7a.intoArray(c, ci + 7 * ldc); c7b.intoArray(c, ci + 7 * ldc + 16);
        c8a.intoArray(c, ci + 8 * ldc); c8b.intoArray(c, ci + 8 * ldc + 16);
        c9a.intoArray(c, ci + 9 * ldc); c9b.intoArray(c, ci + 9 * ldc + 16);
        c10a.intoArray(c, ci + 10 * ldc); c10b.intoArray(c, ci + 10 * ldc + 16);
        c11a.intoArray(c, ci + 11 * ldc); c11b.intoArray(c, ci + 11 * ldc + 16);
    }

    /** 12x32 micro-kernel: C[12x32] (+)= Apacked[kc x 12] * B[kc x 32]; B rows strided by bs (read in place). */
    private static void kernelStrided(int kc, float[] a, int ai, float[] b, int bi, int bs, float[] c, int ci, int ldc, boolean add) {
        FloatVector c0a = FloatVector.zero(S), c0b = FloatVector.zero(S);
        FloatVector c1a = FloatVector.zero(S), c1b = FloatVector.zero(S);
        FloatVector c2a = FloatVector.zero(S), c2b = FloatVector.zero(S);
        FloatVector c3a = FloatVector.zero(S), c3b = FloatVector.zero(S);
        FloatVector c4a = FloatVector.zero(S), c4b = FloatVector.zero(S);
        FloatVector c5a = FloatVector.zero(S), c5b = FloatVector.zero(S);
        FloatVector c6a = FloatVector.zero(S), c6b = FloatVector.zero(S);
        FloatVector c7a = FloatVector.zero(S), c7b = FloatVector.zero(S);
        FloatVector c8a = FloatVector.zero(S), c8b = FloatVector.zero(S);
        FloatVector c9a = FloatVector.zero(S), c9b = FloatVector.zero(S);
        FloatVector c10a = FloatVector.zero(S), c10b = FloatVector.zero(S);
        FloatVector c11a = FloatVector.zero(S), c11b = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ao = ai + p * 12, bo = bi + p * bs;
            FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + 16);
            FloatVector x;
            x = FloatVector.broadcast(S, a[ao]); c0a = x.fma(b0, c0a); c0b = x.fma(b1, c0b);
            x = FloatVector.broadcast(S, a[ao + 1]); c1a = x.fma(b0, c1a); c1b = x.fma(b1, c1b);
            x = FloatVector.broadcast(S, a[ao + 2]); c2a = x.fma(b0, c2a); c2b = x.fma(b1, c2b);
            x = FloatVector.broadcast(S, a[ao + 3]); c3a = x.fma(b0, c3a); c3b = x.fma(b1, c3b);
            x = FloatVector.broadcast(S, a[ao + 4]); c4a = x.fma(b0, c4a); c4b = x.fma(b1, c4b);
            x = FloatVector.broadcast(S, a[ao + 5]); c5a = x.fma(b0, c5a); c5b = x.fma(b1, c5b);
            x = FloatVector.broadcast(S, a[ao + 6]); c6a = x.fma(b0, c6a); c6b = x.fma(b1, c6b);
            x = FloatVector.broadcast(S, a[ao + 7]); c7a = x.fma(b0, c7a); c7b = x.fma(b1, c7b);
            x = FloatVector.broadcast(S, a[ao + 8]); c8a = x.fma(b0, c8a); c8b = x.fma(b1, c8b);
            x = FloatVector.broadcast(S, a[ao + 9]); c9a = x.fma(b0, c9a); c9b = x.fma(b1, c9b);
            x = FloatVector.broadcast(S, a[ao + 10]); c10a = x.fma(b0, c10a); c10b = x.fma(b1, c10b);
            x = FloatVector.broadcast(S, a[ao + 11]); c11a = x.fma(b0, c11a); c11b = x.fma(b1, c11b);
        }
        if (add) {
            c0a = c0a.add(FloatVector.fromArray(S, c, ci + 0 * ldc)); c0b = c0b.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 16));
            c1a = c1a.add(FloatVector.fromArray(S, c, ci + 1 * ldc)); c1b = c1b.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 16));
            c2a = c2a.add(FloatVector.fromArray(S, c, ci + 2 * ldc)); c2b = c2b.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 16));
            c3a = c3a.add(FloatVector.fromArray(S, c, ci + 3 * ldc)); c3b = c3b.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 16));
            c4a = c4a.add(FloatVector.fromArray(S, c, ci + 4 * ldc)); c4b = c4b.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 16));
            c5a = c5a.add(FloatVector.fromArray(S, c, ci + 5 * ldc)); c5b = c5b.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 16));
            c6a = c6a.add(FloatVector.fromArray(S, c, ci + 6 * ldc)); c6b = c6b.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 16));
            c7a = c7a.add(FloatVector.fromArray(S, c, ci + 7 * ldc)); c7b = c7b.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 16));
            c8a = c8a.add(FloatVector.fromArray(S, c, ci + 8 * ldc)); c8b = c8b.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 16));
            c9a = c9a.add(FloatVector.fromArray(S, c, ci + 9 * ldc)); c9b = c9b.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 16));
            c10a = c10a.add(FloatVector.fromArray(S, c, ci + 10 * ldc)); c10b = c10b.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 16));
            c11a = c11a.add(FloatVector.fromArray(S, c, ci + 11 * ldc)); c11b = c11b.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 16));
        }
        c0a.intoArray(c, ci + 0 * ldc); c0b.intoArray(c, ci + 0 * ldc + 16);
        c1a.intoArray(c, ci + 1 * ldc); c1b.intoArray(c, ci + 1 * ldc + 16);
        c2a.intoArray(c, ci + 2 * ldc); c2b.intoArray(c, ci + 2 * ldc + 16);
        c3a.intoArray(c, ci + 3 * ldc); c3b.intoArray(c, ci + 3 * ldc + 16);
        c4a.intoArray(c, ci + 4 * ldc); c4b.intoArray(c, ci + 4 * ldc + 16);
        c5a.intoArray(c, ci + 5 * ldc); c5b.intoArray(c, ci + 5 * ldc + 16);
        c6a.intoArray(c, ci + 6 * ldc); c6b.intoArray(c, ci + 6 * ldc + 16);
        c7a.intoArray(c, ci + 7 * ldc); c7b.intoArray(c, ci + 7 * ldc + 16);
        c8a.intoArray(c, ci + 8 * ldc); c8b.intoArray(c, ci + 8 * ldc + 16);
        c9a.intoArray(c, ci + 9 * ldc); c9b.intoArray(c, ci + 9 * ldc + 16);
        c10a.intoArray(c, ci + 10 * ldc); c10b.intoArray(c, ci + 10 * ldc + 16);
        c11a.intoArray(c, ci + 11 * ldc); c11b.intoArray(c, ci + 11 * ldc + 16);
    }
    // spotless:on
}
