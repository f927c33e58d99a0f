package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code nabla soak}, CI-sized: 3 epochs on 300 synthetic samples and 10,000 single predicts, in-process; every
 * epoch and every 2,500 predicts report a post-GC heap, and the heap stays flat (under the default 16 MB bound).
 */
class SoakCommandTest {
    @Test
    void aShortSoakReportsThePostGcHeapOfEveryStepAndStaysFlat() {
        CliRun r = CliRun.of(
                "soak", "--synthetic", "--limit", "300", "--epochs", "3", "--predicts", "10000", "--every", "2500");
        assertEquals(0, r.code(), r.toString());
        List<String> epochs =
                r.out().lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(3, epochs.size(), r.out());
        assertTrue(epochs.getLast().startsWith("epoch   3/3: loss "), r.out());
        List<String> predicts =
                r.out().lines().filter(l -> l.startsWith("predicts ")).toList();
        assertEquals(4, predicts.size(), r.out());
        assertTrue(predicts.getLast().startsWith("predicts    10,000: "), r.out());
        Matcher growth = Pattern.compile("(?m)^predicting: post-GC heap .* \\(([+-][0-9.]+) MB; largest")
                .matcher(r.out());
        assertTrue(growth.find(), r.out());
        assertTrue(Math.abs(Double.parseDouble(growth.group(1))) < 16, r.out());
        assertTrue(r.out().contains("\nheap flat: yes (bound: each phase grows less than 16 MB"), r.out());
    }

    @Test
    void badOptionsAreOneSentence() {
        CliRun r = CliRun.of("soak", "--synthetic", "--predicts", "100", "--every", "1000");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("--every must be between 1 and --predicts (100), got 1000."), r.toString());
        assertFalse(r.showsTrace(), r.toString());
    }
}
