package nabla.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A generator's state, restored, continues with exactly the draws the original makes next. */
class RngStateTest {
    private static void mixedDraws(Rng r, int rounds) {
        for (int k = 0; k < rounds; k++) {
            r.nextLong();
            r.nextDouble();
            r.nextGaussian();
            r.nextInt(7 + k % 3);
            r.shuffle(new int[5 + k % 4]);
            for (int i = 0; i < 50; i++) r.nextFloat();
        }
    }

    private static void assertSameContinuation(Rng a, Rng b) {
        for (int i = 0; i < 200; i++) {
            assertEquals(a.nextLong(), b.nextLong(), "draw " + i);
            assertEquals(a.nextDouble(), b.nextDouble(), 0.0);
            assertEquals(a.nextInt(13), b.nextInt(13));
        }
    }

    @Test
    void aRestoredGeneratorContinuesTheSequence() {
        Rng r = new Rng(42);
        mixedDraws(r, 20);
        Rng back = Rng.restore(r.state());
        assertSameContinuation(r, back);
        assertEquals(r.state(), back.state());
    }

    @Test
    void splitGeneratorsRestoreThroughTheirParentsState() {
        Rng parent = new Rng(3);
        mixedDraws(parent, 3);
        Rng child = parent.split();
        mixedDraws(child, 5);
        mixedDraws(parent, 2);
        Rng childBack = Rng.restore(child.state());
        assertSameContinuation(child, childBack);
        Rng parentBack = Rng.restore(parent.state());
        assertSameContinuation(parent, parentBack);
    }

    @Test
    void malformedStatesAreRejected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Rng.State(1, null, new long[] {9, 0, 1}));
        assertEquals("Rng state: run 0 (9, 0, 1) is not a valid run of draws", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Rng.State(1, null, new long[] {2, 0, 1})); // bound 0
        assertThrows(IllegalArgumentException.class, () -> new Rng.State(1, null, new long[] {1, 0}));
    }
}
