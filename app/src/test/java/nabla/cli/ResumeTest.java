package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nabla.models.Sequential;
import nabla.models.Zoo;
import nabla.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nabla train EXAMPLE --resume FILE}: one epoch, saved, then resumed to two, prints the same exact test loss
 * as two epochs in one run (MLP; and the CNN, whose dropout masks must continue too), in-process through the command
 * line on a few hundred MNIST images; and the sentences for files that cannot be resumed.
 */
class ResumeTest {
    @TempDir
    Path dir;

    private static String exactLoss(CliRun r) {
        assertEquals(0, r.code(), r.toString());
        Matcher m = Pattern.compile("(?m)^test loss \\(exact\\): (\\S+)$").matcher(r.out());
        assertTrue(m.find(), r.toString());
        return m.group(1);
    }

    private void resumedEqualsUninterrupted(String example, String limit) {
        String file = dir.resolve(example + ".nabla").toString();
        String once = exactLoss(CliRun.of("train", example, "--limit", limit, "--epochs", "1", "--save", file));
        CliRun resumed = CliRun.of("train", example, "--limit", limit, "--epochs", "2", "--resume", file);
        String twice = exactLoss(resumed);
        assertTrue(resumed.out().contains("resuming " + file + " after 1 epoch: epochs 2 to 2"), resumed.out());
        assertTrue(resumed.out().contains("Epoch 2/2") && !resumed.out().contains("Epoch 1/2"), resumed.out());
        assertFalse(resumed.out().contains("note:"), resumed.out());
        String straight = exactLoss(CliRun.of("train", example, "--limit", limit, "--epochs", "2"));
        assertEquals(straight, twice, example + ": resumed = uninterrupted, bit for bit");
        assertFalse(once.equals(twice), "the second epoch changed the model");
    }

    @Test
    void aResumedMlpEqualsOneUninterruptedRun() {
        resumedEqualsUninterrupted("mlp", "400");
    }

    @Test
    void aResumedCnnWithDropoutEqualsOneUninterruptedRun() {
        resumedEqualsUninterrupted("mnist-cnn", "256");
    }

    @Test
    void filesThatCannotBeResumedAreOneSentence() throws Exception {
        Path mlp = dir.resolve("mlp.nabla");
        assertEquals(
                0,
                CliRun.of("train", "mlp", "--limit", "200", "--epochs", "1", "--save", mlp.toString())
                        .code());

        CliRun wrong = CliRun.of("train", "mnist-cnn", "--resume", mlp.toString());
        assertEquals(2, wrong.code(), wrong.toString());
        assertTrue(
                wrong.err()
                        .startsWith("nabla: --resume " + mlp + " was saved by nabla train mlp, not mnist-cnn; "
                                + "continue it with nabla train mlp --resume " + mlp),
                wrong.toString());
        CliRun data = CliRun.of("train", "mlp", "--resume", mlp.toString(), "--dataset", "fashion-mnist");
        assertTrue(
                data.err().contains("was trained on mnist, not fashion-mnist; give --dataset mnist"), data.toString());

        CliRun done = CliRun.of("train", "mlp", "--limit", "200", "--epochs", "1", "--resume", mlp.toString());
        assertEquals(0, done.code(), done.toString());
        assertTrue(
                done.out().contains("is already trained for 1 epoch")
                        && !done.out().contains("Epoch 1/"),
                done.out());
        exactLoss(done);

        CliRun other =
                CliRun.of("train", "mlp", "--limit", "100", "--seed", "3", "--epochs", "2", "--resume", mlp.toString());
        assertTrue(other.out().contains("was trained with --seed 42 and this run has --seed 3"), other.out());
        assertTrue(other.out().contains("was trained with --limit 200 and this run has --limit 100"), other.out());

        // a model saved without the run's options (by the library): checked by its layers
        Path cnn = dir.resolve("cnn.nabla");
        Sequential m = Zoo.mnistCnn(1);
        m.compile("categorical_crossentropy", new Adam(), "accuracy");
        m.save(cnn);
        CliRun arch = CliRun.of("train", "mlp", "--limit", "100", "--resume", cnn.toString());
        assertEquals(2, arch.code(), arch.toString());
        assertTrue(
                arch.err().contains("holds the model 'mnist_cnn', not the mlp example's 'mnist_mlp'"), arch.toString());
        assertFalse(arch.showsTrace(), arch.toString());

        CliRun missing =
                CliRun.of("train", "mlp", "--resume", dir.resolve("none.nabla").toString());
        assertTrue(
                missing.err().contains("none.nabla: no such model file; save one with nabla train mlp --save"),
                missing.toString());
    }
}
