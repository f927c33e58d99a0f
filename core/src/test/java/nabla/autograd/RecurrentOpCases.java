package nabla.autograd;

import java.util.function.Function;
import java.util.stream.Stream;
import nabla.tensor.NDArray;
import nabla.tensor.Rng;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/** Gradient-check cases for the fused recurrent primitives (BPTT) and the embedding lookup; see OpGradientTest. */
final class RecurrentOpCases {
    private static final Rng RNG = new Rng(7);

    private RecurrentOpCases() {}

    private static NDArray u(float scale, int... dims) {
        return NDArray.uniform(Shape.of(dims), -scale, scale, RNG);
    }

    private static Arguments op(String name, Function<Tensor[], Tensor> f, NDArray... inputs) {
        return Arguments.of(Named.of(name, f), inputs);
    }

    /** Batch 2, 4 steps; the second sequence is padded after 2 steps (post-padding) and one step is masked inside. */
    private static final NDArray MASK = NDArray.of(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, 2, 4);

    private static final NDArray PRE_MASK = NDArray.of(new float[] {0, 1, 1, 1, 0, 0, 1, 1}, 2, 4);
    private static final NDArray REC_MASK = NDArray.of(new float[] {2, 0, 2, 2, 2, 0}, 2, 3);

    static Stream<Arguments> cases() {
        int f = 3, n = 3;
        return Stream.of(
                op(
                        "lstm last state",
                        t -> RecurrentOps.lstm(t[0], null, null, t[1], t[2], t[3], null, null, false, false, false),
                        u(1, 2, 4, f),
                        u(0.6f, f, 4 * n),
                        u(0.6f, n, 4 * n),
                        u(0.5f, 4 * n)),
                op(
                        "lstm sequences + initial state",
                        t -> RecurrentOps.lstm(t[0], t[4], t[5], t[1], t[2], t[3], null, null, false, true, false),
                        u(1, 2, 4, f),
                        u(0.6f, f, 4 * n),
                        u(0.6f, n, 4 * n),
                        u(0.5f, 4 * n),
                        u(0.5f, 2, n),
                        u(0.5f, 2, n)),
                op(
                        "lstm 17 units (vector + tail) with states",
                        t -> RecurrentOps.lstm(t[0], null, null, t[1], t[2], t[3], null, null, false, false, true),
                        u(1, 2, 3, 2),
                        u(0.4f, 2, 68),
                        u(0.3f, 17, 68),
                        u(0.3f, 68)),
                op(
                        "lstm masked, reversed, recurrent dropout",
                        t -> RecurrentOps.lstm(t[0], null, null, t[1], t[2], t[3], MASK, REC_MASK, true, true, true),
                        u(1, 2, 4, f),
                        u(0.6f, f, 4 * n),
                        u(0.6f, n, 4 * n),
                        u(0.5f, 4 * n)),
                op(
                        "gru resetAfter",
                        t -> RecurrentOps.gru(t[0], t[4], t[1], t[2], t[3], true, null, null, false, true, false),
                        u(1, 2, 4, f),
                        u(0.6f, f, 3 * n),
                        u(0.6f, n, 3 * n),
                        u(0.5f, 2, 3 * n),
                        u(0.5f, 2, n)),
                op(
                        "gru resetAfter 17 units masked",
                        t -> RecurrentOps.gru(t[0], null, t[1], t[2], t[3], true, PRE_MASK, null, false, false, true),
                        u(1, 2, 4, 2),
                        u(0.4f, 2, 51),
                        u(0.3f, 17, 51),
                        u(0.3f, 2, 51)),
                op(
                        "gru resetBefore",
                        t -> RecurrentOps.gru(t[0], t[4], t[1], t[2], t[3], false, null, REC_MASK, false, true, false),
                        u(1, 2, 4, f),
                        u(0.6f, f, 3 * n),
                        u(0.6f, n, 3 * n),
                        u(0.5f, 3 * n),
                        u(0.5f, 2, n)),
                op(
                        "gru resetBefore masked reversed, 17 units",
                        t -> RecurrentOps.gru(t[0], null, t[1], t[2], t[3], false, MASK, null, true, false, true),
                        u(1, 2, 4, 2),
                        u(0.4f, 2, 51),
                        u(0.3f, 17, 51),
                        u(0.3f, 51)),
                op(
                        "simpleRnn tanh sequences",
                        t -> RecurrentOps.simpleRnn(
                                t[0], t[4], t[1], t[2], t[3], Activation.TANH, null, null, false, true, false),
                        u(1, 2, 4, f),
                        u(0.6f, f, n),
                        u(0.6f, n, n),
                        u(0.5f, n),
                        u(0.5f, 2, n)),
                op(
                        "simpleRnn sigmoid masked, dropout, states",
                        t -> RecurrentOps.simpleRnn(
                                t[0], null, t[1], t[2], t[3], Activation.SIGMOID, MASK, REC_MASK, true, true, true),
                        u(1, 2, 4, f),
                        u(0.6f, f, n),
                        u(0.6f, n, n),
                        u(0.5f, n)),
                op(
                        "simpleRnn 17 units last",
                        t -> RecurrentOps.simpleRnn(
                                t[0], null, t[1], t[2], null, Activation.TANH, PRE_MASK, null, false, false, false),
                        u(1, 2, 4, 2),
                        u(0.4f, 2, 17),
                        u(0.3f, 17, 17)),
                op(
                        "embedding lookup (repeated ids)",
                        t -> EmbeddingOps.lookup(t[0], new int[] {1, 3, 1, 0, 4, 1}, Shape.of(2, 3))
                                .mul(t[1]),
                        u(1, 5, 4),
                        u(1, 2, 3, 4)));
    }
}
