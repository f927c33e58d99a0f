package nabla.tensor;

import java.util.SplittableRandom;

/**
 * An explicit, seeded source of randomness. The same seed gives the same numbers on every run and machine.
 * Not thread-safe: give each thread its own ({@link #split()}).
 */
public final class Rng {
    private final SplittableRandom random;

    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** An independent generator derived from this one. */
    public Rng split() {
        return new Rng(random.split());
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (float) random.nextDouble();
    }

    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** Standard normal (Box-Muller on doubles). */
    public double nextGaussian() {
        double u1, u2;
        do {
            u1 = random.nextDouble();
        } while (u1 <= 1e-300);
        u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
