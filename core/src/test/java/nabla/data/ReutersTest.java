package nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReutersTest {
    /** The project's copy, beside the checkout: core/ is the working directory of the tests. */
    static final Path SHARED = Path.of("..", "..", "shared", "data", "reuters21578")
            .toAbsolutePath()
            .normalize();

    static String sample() throws IOException {
        try (InputStream in = ReutersTest.class.getResourceAsStream("reuters-sample.sgm")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void parsesStoriesWithTopicsTitleBodyAndEntities() throws IOException {
        List<Reuters.Story> stories = Reuters.parse(sample());
        assertEquals(10, stories.size());
        Reuters.Story first = stories.getFirst();
        assertEquals(1, first.newId());
        assertEquals("TRAIN", first.lewisSplit());
        assertEquals("YES", first.topicsAttribute());
        assertEquals(List.of("cocoa"), first.topics());
        assertEquals("BAHIA COCOA REVIEW\nShowers continued in the Bahia cocoa zone.\n Reuter", first.text());
        assertEquals(List.of("earn", "acq"), stories.get(1).topics());
        assertEquals("<AMERICAN EXPRESS> PROFIT", stories.get(1).title());
        assertEquals("Shr 1.20 dlrs vs 1.10 & more.\n Reuter", stories.get(1).body());
        assertEquals(List.of(), stories.get(3).topics());
        assertEquals("BRIEF STORY EARNINGS UP", stories.get(5).text());
        assertEquals("UNPROCESSED STORY TEXT", stories.get(6).text());
    }

    @Test
    void modApteKeepsFirstTopicsFoundInBothHalves() throws IOException {
        TextDataset d = Reuters.modApte(Reuters.parse(sample()));
        assertEquals(List.of("cocoa", "earn"), d.classNames());
        assertEquals(
                List.of("BAHIA COCOA REVIEW", "<AMERICAN EXPRESS> PROFIT", "BRIEF STORY EARNINGS UP"),
                d.trainTexts().stream()
                        .map(t -> t.lines().findFirst().orElseThrow())
                        .toList());
        assertArrayEquals(new int[] {0, 1, 1}, d.trainLabels());
        assertEquals(List.of("UNPROCESSED STORY TEXT", "COCOA TEST\nCocoa prices."), d.testTexts());
        assertArrayEquals(new int[] {1, 0}, d.testLabels());
    }

    @Test
    void aMissingOrChangedFileIsNamed(@TempDir Path dir) throws IOException {
        var e = assertThrows(IOException.class, () -> Reuters.load(dir.resolve("nope")));
        assertTrue(
                e.getMessage().startsWith("Reuters-21578: " + dir.resolve("nope") + " is not a directory"),
                e.getMessage());
        Files.writeString(dir.resolve("reut2-000.sgm"), sample());
        var c = assertThrows(CorruptDataException.class, () -> Reuters.load(dir));
        assertEquals(dir.resolve("reut2-000.sgm"), c.file());
        assertTrue(c.getMessage().contains("SHA-256 is "), c.getMessage());
    }

    /** The real distribution (in ../shared/data, also in CI): the README's ModApte counts and this task's. */
    @Test
    void theRealCollectionGivesTheModApteCounts() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "no Reuters-21578 copy at " + SHARED);
        List<Reuters.Story> stories = Reuters.readAll(SHARED);
        assertEquals(21_578, stories.size());
        long train = stories.stream()
                .filter(s -> s.topicsAttribute().equals("YES") && s.lewisSplit().equals("TRAIN"))
                .count();
        long test = stories.stream()
                .filter(s -> s.topicsAttribute().equals("YES") && s.lewisSplit().equals("TEST"))
                .count();
        assertEquals(9_603, train); // README VIII.B
        assertEquals(3_299, test);
        TextDataset d = Reuters.modApte(stories);
        assertEquals(7_752, d.trainTexts().size());
        assertEquals(3_011, d.testTexts().size());
        assertEquals(62, d.classes());
        int earn = d.classNames().indexOf("earn"), acq = d.classNames().indexOf("acq");
        assertEquals(2_866, d.classCounts()[0][earn]);
        assertEquals(1_083, d.classCounts()[1][earn]);
        assertEquals(1_632, d.classCounts()[0][acq]);
        assertTrue(d.trainTexts().getFirst().startsWith("BAHIA COCOA REVIEW\nShowers continued"));
    }
}
