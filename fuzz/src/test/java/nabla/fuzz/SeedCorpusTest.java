package nabla.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import nabla.models.Model;
import org.junit.jupiter.api.Test;

/**
 * The committed seed corpus is what {@link SeedCorpus} writes today: the same files, and the model seeds load, so
 * that the fuzzer starts from files of the current format (a format change that makes a seed stale fails here;
 * regenerate with {@code scripts/fuzz.sh --seeds}).
 */
class SeedCorpusTest {
    private static Path resources() throws URISyntaxException {
        return Path.of(SeedCorpusTest.class.getResource("/nabla/fuzz").toURI())
                .getParent()
                .getParent();
    }

    @Test
    void theCommittedSeedsAreTheOnesTheGeneratorNamesAndTheModelSeedsLoad() throws Exception {
        Map<String, Map<String, byte[]>> seeds = SeedCorpus.seeds();
        Path root = resources();
        long total = 0;
        for (Map.Entry<String, Map<String, byte[]>> t : seeds.entrySet()) {
            TreeSet<String> committed = new TreeSet<>();
            try (Stream<Path> files = Files.list(root.resolve(t.getKey()))) {
                files.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("seed-"))
                        .forEach(committed::add);
            }
            assertEquals(new TreeSet<>(t.getValue().keySet()), committed, t.getKey());
            for (Map.Entry<String, byte[]> s : t.getValue().entrySet()) {
                byte[] onDisk = Files.readAllBytes(root.resolve(t.getKey()).resolve(s.getKey()));
                total += onDisk.length;
                if (t.getKey().equals(SeedCorpus.dir("ModelFileFuzzTest", "load")))
                    assertLoads(root.resolve(t.getKey()).resolve(s.getKey()));
            }
        }
        assertTrue(total < 2_000_000, "the corpus holds " + total + " bytes; keep it under 2 MB");
    }

    @Test
    void theEntriesFormReadsBackAndZipsToALoadableModel() throws IOException {
        for (Map.Entry<String, byte[]> s : SeedCorpus.seeds()
                .get(SeedCorpus.dir("ModelEntriesFuzzTest", "load"))
                .entrySet()) {
            byte[] zip = Entries.zip(Entries.decode(s.getValue()));
            assertTrue(zip != null, s.getKey());
            assertLoads(Scratch.write("seed.nabla", zip));
        }
    }

    private static void assertLoads(Path file) {
        try {
            Model.load(file);
        } catch (IOException e) {
            throw new AssertionError(file.getFileName() + " is a seed but does not load: " + e.getMessage(), e);
        }
    }
}
