package nabla.tensor;

import java.util.SplittableRandom;

/**
 * An explicit, seeded source of randomness (on {@link SplittableRandom}), passed to whatever needs random numbers
 * instead of a global generator such as {@code torch.manual_seed}'s. The same seed gives the same sequence on every
 * run and machine. Not thread-safe: give each thread its own ({@link #split()}).
 */
public final class Rng {
    private final SplittableRandom random;

    /**
     * A generator whose sequence is fixed by {@code seed}.
     *
     * @param seed any value; equal seeds give equal sequences
     */
    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /**
     * A new generator with its own sequence, derived from (and advancing) this one; deterministic for a given
     * seed and call order.
     *
     * @return the new generator
     */
    public Rng split() {
        return new Rng(random.split());
    }

    /**
     * A uniform float: a double uniform in [0, 1) rounded to float, so the result is in [0, 1] (1.0 when the
     * double is within 2<sup>-25</sup> of 1, about once in 33 million draws).
     *
     * @return the next value
     */
    public float nextFloat() {
        return (float) random.nextDouble();
    }

    /**
     * A uniform double in [0, 1).
     *
     * @return the next value
     */
    public double nextDouble() {
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
        return random.nextInt(bound);
    }

    /**
     * A uniform long over all 2<sup>64</sup> values (e.g. a seed for another generator).
     *
     * @return the next value
     */
    public long nextLong() {
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
            u1 = random.nextDouble();
        } while (u1 <= 1e-300);
        u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /**
     * Shuffles {@code a} in place (Fisher-Yates): every permutation is equally likely.
     *
     * @param a the array to permute (modified)
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
