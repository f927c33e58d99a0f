package nabla.tensor;

import java.util.SplittableRandom;

/**
 * An explicit, seeded source of randomness (on {@link SplittableRandom}), passed to whatever needs random numbers
 * instead of a global generator such as {@code torch.manual_seed}'s. The same seed gives the same sequence on every
 * run and machine. Not thread-safe: give each thread its own ({@link #split()}).
 */
public final class Rng {
    private static final int DOUBLE = 0, LONG = 1, INT = 2, SPLIT = 3, SHUFFLE = 4;

    private final SplittableRandom random;
    private final long seed;
    private final State origin; // for a split generator: the parent's state at the split; null for a seeded one
    private long[] log = new long[12]; // runs of draws before the current one: (kind, argument, count) triples
    private int logSize;
    private int runKind = -1, runArg; // the current run of draws
    private long runCount;

    /**
     * A generator whose sequence is fixed by {@code seed}.
     *
     * @param seed any value; equal seeds give equal sequences
     */
    public Rng(long seed) {
        this(new SplittableRandom(seed), seed, null);
    }

    private Rng(SplittableRandom random, long seed, State origin) {
        this.random = random;
        this.seed = seed;
        this.origin = origin;
    }

    /**
     * Where a generator is in its sequence, to save with a model and {@link #restore} later: the seed (or, for a
     * split generator, its parent's state at the split) and the draws made since, as runs of (kind, argument,
     * count). Restoring replays the draws, so it costs time in proportion to the draws made (tens of milliseconds
     * for ten million).
     *
     * @param seed the seed of the generator, or of the root of its splits
     * @param origin the parent's state when this generator was split from it; null for a seeded generator
     * @param draws the runs of draws, three longs each: kind (0 double, 1 long, 2 bounded int, 3 split, 4 shuffle),
     *     argument (the bound for kind 2, the array length for kind 4, else 0) and count
     */
    public record State(long seed, State origin, long[] draws) {
        /**
         * Checks the draws.
         *
         * @throws IllegalArgumentException if the draws are not triples of a known kind and a positive count
         */
        public State {
            draws = draws.clone();
            if (draws.length % 3 != 0)
                throw new IllegalArgumentException("Rng state: the draws must be (kind, argument, count) triples");
            for (int i = 0; i < draws.length; i += 3)
                if (draws[i] < DOUBLE
                        || draws[i] > SHUFFLE
                        || draws[i + 2] < 1
                        || draws[i + 1] < 0
                        || draws[i + 1] > Integer.MAX_VALUE
                        || (draws[i] == INT && draws[i + 1] == 0)
                        || (draws[i] < INT && draws[i + 1] != 0))
                    throw new IllegalArgumentException("Rng state: run " + i / 3 + " (" + draws[i] + ", " + draws[i + 1]
                            + ", " + draws[i + 2] + ") is not a valid run of draws");
        }

        /**
         * The draws (a copy).
         *
         * @return the (kind, argument, count) triples
         */
        @Override
        public long[] draws() {
            return draws.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s
                    && s.seed == seed
                    && java.util.Objects.equals(s.origin, origin)
                    && java.util.Arrays.equals(s.draws, draws);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(seed, origin, java.util.Arrays.hashCode(draws));
        }

        @Override
        public String toString() {
            return "Rng.State[seed=" + seed + ", origin=" + origin + ", runs=" + draws.length / 3 + "]";
        }
    }

    /**
     * This generator's position, for {@link #restore}.
     *
     * @return the state
     */
    public State state() {
        long[] d = java.util.Arrays.copyOf(log, logSize + (runCount > 0 ? 3 : 0));
        if (runCount > 0) {
            d[logSize] = runKind;
            d[logSize + 1] = runArg;
            d[logSize + 2] = runCount;
        }
        return new State(seed, origin, d);
    }

    /**
     * A generator at the position {@code state} describes: it continues with exactly the draws this one would make.
     *
     * @param state a state from {@link #state()}
     * @return the generator
     */
    public static Rng restore(State state) {
        Rng r = state.origin() == null
                ? new Rng(state.seed())
                : restore(state.origin()).split();
        long[] d = state.draws();
        for (int i = 0; i < d.length; i += 3) {
            int kind = (int) d[i], arg = (int) d[i + 1];
            for (long c = d[i + 2]; c > 0; c--)
                switch (kind) {
                    case DOUBLE -> r.nextDouble();
                    case LONG -> r.nextLong();
                    case INT -> r.nextInt(arg);
                    case SHUFFLE -> r.shuffle(new int[arg]);
                    default -> r.split();
                }
        }
        return r;
    }

    /** Counts one draw: the current run lives in fields (one compare and one add per draw), the log holds the rest. */
    private void record(int kind, int arg) {
        if (kind == runKind && arg == runArg) runCount++;
        else {
            flushRun();
            runKind = kind;
            runArg = arg;
            runCount = 1;
        }
    }

    private void flushRun() {
        if (runCount == 0) return;
        int n = logSize;
        if (n + 3 > log.length) log = java.util.Arrays.copyOf(log, log.length * 2);
        log[n] = runKind;
        log[n + 1] = runArg;
        log[n + 2] = runCount;
        logSize = n + 3;
        runCount = 0;
        runKind = -1;
    }

    /**
     * A new generator with its own sequence, derived from (and advancing) this one; deterministic for a given
     * seed and call order.
     *
     * @return the new generator
     */
    public Rng split() {
        State at = state();
        record(SPLIT, 0);
        return new Rng(random.split(), seed, at);
    }

    /**
     * A uniform float: a double uniform in [0, 1) rounded to float, so the result is in [0, 1] (1.0 when the
     * double is within 2<sup>-25</sup> of 1, about once in 33 million draws).
     *
     * @return the next value
     */
    public float nextFloat() {
        return (float) nextDouble();
    }

    /**
     * A uniform double in [0, 1).
     *
     * @return the next value
     */
    public double nextDouble() {
        record(DOUBLE, 0);
        return random.nextDouble();
    }

    /**
     * A uniform integer in [0, bound).
     *
     * @param bound the exclusive upper bound
     * @return the next value
     * @throws IllegalArgumentException if {@code bound} is not positive
     */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        record(INT, bound);
        return random.nextInt(bound);
    }

    /**
     * A uniform long over all 2<sup>64</sup> values (e.g. a seed for another generator).
     *
     * @return the next value
     */
    public long nextLong() {
        record(LONG, 0);
        return random.nextLong();
    }

    /**
     * A standard normal value (mean 0, standard deviation 1), by the Box-Muller transform on two uniform doubles
     * (only the cosine branch is used: each call consumes at least two uniform draws).
     *
     * @return the next value
     */
    public double nextGaussian() {
        double u1, u2;
        do {
            u1 = nextDouble();
        } while (u1 <= 1e-300);
        u2 = nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Shuffles {@code a} in place (Fisher-Yates): every permutation is equally likely.
     *
     * @param a the array to permute (modified)
     */
    public void shuffle(int[] a) {
        record(SHUFFLE, a.length);
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
