package nabla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nabla.autograd.Activation;
import nabla.models.Sequential;
import nabla.nn.core.Dense;
import nabla.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Each user error ends in one sentence naming the option or file, exit code 2 and no stack trace; --debug adds the
 * trace; a bug prints its trace and exit code 1. Nothing here downloads: data options point at empty temp folders,
 * and options are checked before any data is read.
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    /** Runs nabla and checks a user error: exit code 2, every expected part in the first line, no stack trace. */
    private CliRun userError(List<String> args, String... expected) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, r.code(), r.toString());
        assertFalse(r.showsTrace(), r.toString());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("nabla: "), r.toString());
        for (String s : expected) assertTrue(first.contains(s), "'" + s + "' in\n" + r);
        assertTrue(r.err().lines().count() <= 2, "a sentence and at most one line of advice:\n" + r);
        return r;
    }

    private static List<String> args(String... a) {
        return List.of(a);
    }

    private Path emptyDir() throws Exception {
        return Files.createTempDirectory(dir, "empty");
    }

    private Path csv(String name, String... lines) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }

    private List<String> forecast(Path csv, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "forecast",
                "--csv",
                csv.toString(),
                "--value-column",
                "v",
                "--out",
                dir.resolve("report").toString()));
        a.addAll(Arrays.asList(more));
        return a;
    }

    // ------------------------------------------------------------------------------------------------ options

    @Test
    void nonPositiveOrOutOfRangeTrainingOptionsAreRejectedBeforeAnyData() throws Exception {
        String data = emptyDir().toString();
        String[][] cases = {
            {"--epochs", "0", "--epochs must be a whole number of at least 1, got 0"},
            {"--epochs", "-3", "--epochs must be a whole number of at least 1, got -3"},
            {"--limit", "-5", "--limit must be a whole number of at least 1, got -5"},
            {"--limit", "0", "--limit must be a whole number of at least 1, got 0"},
            {"--batch-size", "0", "--batch-size must be a whole number of at least 1, got 0"},
            {"--dropout", "1.5", "--dropout must be in [0, 1), got 1.5"},
            {"--dropout", "-0.1", "--dropout must be in [0, 1), got -0.1"},
            {"--lr", "0", "--lr must be above 0, got 0.0"},
            {"--lr", "NaN", "--lr must be above 0, got NaN"},
            {"--validation-split", "1", "--validation-split must be in [0, 1), got 1.0"},
            {"--target-accuracy", "1.2", "--target-accuracy must be in (0, 1], got 1.2"},
            {"--dataset", "cifar", "--dataset 'cifar' is not one of: mnist, fashion-mnist"}
        };
        for (String[] c : cases) {
            CliRun r = userError(args("train", "mlp", "--data-dir", data, c[0], c[1]), c[2]);
            assertEquals(
                    "Run 'nabla train --help' for the options.",
                    r.err().lines().skip(1).findFirst().orElse(""),
                    r.toString());
        }
        try (var files = Files.list(Path.of(data))) {
            assertEquals(0, files.count(), "nothing was fetched into the data folder");
        }
    }

    @Test
    void forecastOptionsAreCheckedToo() throws Exception {
        Path file = csv("s.csv", "date,v", "2012-01-01,1", "2012-01-02,2");
        userError(forecast(file, "--window", "0"), "--window must be a whole number of at least 1, got 0");
        userError(forecast(file, "--horizon", "-1"), "--horizon must be a whole number of at least 1, got -1");
        userError(forecast(file, "--epochs", "0"), "--epochs must be a whole number of at least 1, got 0");
        userError(
                forecast(file, "--lstm-units", "64,0"),
                "--lstm-units values must be whole numbers of at least 1, got 0");
        userError(
                forecast(file, "--train-end", "2012-13-01", "--val-end", "2012-01-02"),
                "--train-end '2012-13-01' is not a date");
        userError(args("forecast", "--value-column", "v"), "give --csv FILE");
    }

    @Test
    void badOptionTypesAndUnknownOptionsAreOneSentenceWithAdvice() throws Exception {
        CliRun r = userError(
                args("train", "mlp", "--data-dir", emptyDir().toString(), "--epochs", "abc"),
                "--epochs",
                "'abc' is not an int");
        assertTrue(r.err().contains("Run 'nabla train --help' for the options."), r.toString());
        CliRun u = userError(args("train", "mlp", "--epoch", "3"), "Unknown options: '--epoch', '3'");
        assertTrue(u.err().contains("Did you mean --epochs?"), u.toString());
        userError(args("train", "resnet"), "resnet", "mlp");
        userError(args("predict", "--text", "hi"), "Missing required option", "--model");
    }

    @Test
    void aHugeBadValueIsQuotedAtMost80Characters() throws Exception {
        String huge = "7".repeat(20) + "x".repeat(5_000_000);
        CliRun r = userError(
                args("train", "mlp", "--data-dir", emptyDir().toString(), "--epochs", huge),
                "--epochs",
                "'" + huge.substring(0, 77) + "...'");
        assertTrue(r.err().length() < 400, r.err().length() + " characters");
        CliRun d = userError(
                args("train", "mlp", "--data-dir", emptyDir().toString(), "--dataset", huge),
                "--dataset '" + huge.substring(0, 77) + "...'");
        assertTrue(d.err().length() < 400, d.err().length() + " characters");
    }

    // ------------------------------------------------------------------------------------------------ files

    @Test
    void missingMisplacedAndTruncatedModelFiles() throws Exception {
        Path missing = dir.resolve("none.nabla");
        userError(
                args("predict", "--model", missing.toString(), "--text", "great"),
                "--model " + missing + ": no such model file; save one with e.g. nabla train imdb-lstm --save");
        userError(
                args(
                        "visualize",
                        "--model",
                        missing.toString(),
                        "--out",
                        dir.resolve("viz").toString()),
                "--model " + missing + ": no such model file");
        userError(
                args("predict", "--model", dir.toString(), "--text", "great"),
                "--model " + dir + " is a folder, not a model file; give the file itself");

        Sequential m = new Sequential(1, new Dense(2, Activation.SOFTMAX)).build(3);
        m.compile("sparse_categorical_crossentropy", new Adam(0.01f), "accuracy");
        Path whole = dir.resolve("m.nabla"), cut = dir.resolve("cut.nabla");
        m.save(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        userError(
                args("predict", "--model", cut.toString(), "--text", "great"),
                cut.toString(),
                "not a Nabla model file");
        userError(
                args("predict", "--model", whole.toString(), "--text", "great"),
                whole + " has no tokenizer; --text needs a text model saved with its tokenizer");
        // a text model whose tokenizer asset is damaged: the error names the model file and the asset
        m.putAsset("tokenizer.json", "{\"class_name\": \"Tokenizer\", \"config\": 7}");
        Path badTok = dir.resolve("badtok.nabla");
        m.save(badTok);
        userError(
                args("predict", "--model", badTok.toString(), "--text", "great"),
                badTok + "!/assets/tokenizer.json is damaged, so the model cannot read text");
        userError(
                args(
                        "visualize",
                        "--model",
                        whole.toString(),
                        "--out",
                        dir.resolve("viz").toString()),
                "is not an image (height, width, channels); visualize needs a CNN");
    }

    @Test
    void csvFilesThatAreMissingFoldersEmptyBinaryOrNotUtf8() throws Exception {
        userError(forecast(dir.resolve("nope.csv")), "--csv " + dir.resolve("nope.csv") + ": no such CSV file");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        userError(forecast(folder), "--csv " + folder + " is a folder, not a CSV file");
        userError(
                forecast(Files.write(dir.resolve("empty.csv"), new byte[0])),
                "empty.csv is empty; expected a header line");
        userError(forecast(csv("header.csv", "date,v")), "header.csv has a header but no data rows");
        userError(
                forecast(Files.write(dir.resolve("model.csv"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0})),
                "model.csv looks binary");

        StringBuilder text = new StringBuilder("date,v,note\n");
        LocalDate d = LocalDate.of(2012, 1, 1);
        for (int i = 0; i < 40; i++, d = d.plusDays(1))
            text.append(d).append(',').append(i).append(",ok\n");
        text.append(d).append(",41,caf\u00e9\n");
        Path latin = Files.write(dir.resolve("latin.csv"), text.toString().getBytes(StandardCharsets.ISO_8859_1));
        userError(forecast(latin), "latin.csv is not UTF-8 text (line 42, byte 0xE9); convert it to UTF-8");
    }

    @Test
    void aCsvWithAHugeCellIsQuotedAtMost80Characters() throws Exception {
        String cell = "1".repeat(30) + "z".repeat(4000); // under the reader's limit of 4,096 characters a field
        CliRun r = userError(
                forecast(csv("big.csv", "date,v", "2012-01-01,1", "2012-01-02," + cell)),
                "big.csv line 3: column 'v': '" + cell.substring(0, 77) + "...' is not a number");
        assertTrue(r.err().length() < 400, r.err().length() + " characters");
        String line = "1".repeat(30) + "z".repeat(5 * 1024 * 1024); // over its limit of 4 Mi characters a line
        CliRun l = userError(
                forecast(csv("line.csv", "date,v", "2012-01-01,1", "2012-01-02," + line)),
                "line.csv line 3: the line is longer than 4194304 characters");
        assertTrue(l.err().length() < 400, l.err().length() + " characters");
        CliRun w = userError(
                args(
                        "forecast",
                        "--csv",
                        csv("wrong.csv", "date,v", "2012-01-01,1").toString(),
                        "--value-column",
                        line,
                        "--out",
                        dir.resolve("r").toString()),
                "wrong.csv line 1: no value column '" + line.substring(0, 77) + "...'; the columns are date, v");
        assertTrue(w.err().length() < 400, w.err().length() + " characters");
    }

    // ------------------------------------------------------------------------------------------------ data folders

    @Test
    void missingReutersDataSaysWhereItLookedAndHowToProvideIt() throws Exception {
        Path empty = emptyDir();
        userError(
                args("train", "reuters-mlp", "--reuters-dir", empty.toString()),
                "Reuters-21578 not found in " + empty
                        + " (given by --reuters-dir); give the folder holding reut2-000.sgm .. reut2-021.sgm with --reuters-dir DIR or NABLA_REUTERS=DIR, or copy or link that folder to ");
        assumeTrue(System.getenv(Environment.REUTERS_ENV) == null, "NABLA_REUTERS is set");
        Path cache = emptyDir();
        userError(
                args("train", "reuters-mlp", "--data-dir", cache.toString()),
                "Reuters-21578 not found in " + cache.resolve("reuters21578") + " (the default, in the dataset cache)",
                "copy or link that folder to " + cache.resolve("reuters21578"));
    }

    @Test
    void missingSstDataSaysWhereItLookedAndHowToProvideIt() throws Exception {
        Path empty = emptyDir();
        userError(
                args(
                        "sst",
                        "study",
                        "--quick",
                        "--data",
                        empty.toString(),
                        "--out",
                        dir.resolve("sst").toString()),
                "the SST data not found in " + empty
                        + " (given by --data); give the folder holding sst-oisst-daily/ and sst-hadisst-iceland-monthly/ with --data DIR or NABLA_SHARED_DATA=DIR, or copy or link those two folders into ");
    }

    // ------------------------------------------------------------------------------------------------ --debug, bugs

    @Test
    void debugShowsTheStackTraceOfAUserError() throws Exception {
        Path missing = dir.resolve("none.nabla");
        for (List<String> a : List.of(
                args("predict", "--model", missing.toString(), "--text", "x", "--debug"),
                args("--debug", "predict", "--model", missing.toString(), "--text", "x"))) {
            CliRun r = CliRun.of(a.toArray(String[]::new));
            assertEquals(2, r.code(), r.toString());
            assertTrue(r.err().startsWith("nabla: --model " + missing + ": no such model file"), r.toString());
            assertTrue(r.err().contains("UserError") && r.err().contains("\tat "), r.toString());
        }
        CliRun p = CliRun.of("train", "mlp", "--epochs", "abc", "--debug");
        assertEquals(2, p.code(), p.toString());
        assertTrue(p.err().contains("\tat "), p.toString());
    }

    @Test
    void aBugPrintsItsStackTraceAndSaysItIsABug() {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult pr = cl.parseArgs("train", "mlp");
        int code = new ErrorHandler(false)
                .handleExecutionException(
                        new IllegalStateException("index 3 out of bounds"),
                        cl.getSubcommands().get("train"),
                        pr);
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("java.lang.IllegalStateException: index 3 out of bounds"), err.toString());
        assertTrue(err.toString().contains("\tat "), err.toString());
        assertTrue(
                err.toString()
                        .contains(
                                "nabla: this is a bug in nabla, not a problem with what you gave it; please report it with the stack trace above"),
                err.toString());
        assertEquals(
                2, new ErrorHandler(false).handleExecutionException(new AccessDeniedException("/data/x.csv"), cl, pr));
        assertTrue(
                err.toString().endsWith("nabla: /data/x.csv: permission denied" + System.lineSeparator()),
                err.toString());
    }

    /** The real Reuters-21578 files beside the checkout (tests may read ../shared/data; the command's default no longer does). */
    @Test
    void oneEpochIsReportedInTheSingular() {
        Path reuters = Path.of("..", "..", "shared", "data", "reuters21578")
                .toAbsolutePath()
                .normalize();
        assumeTrue(Files.isDirectory(reuters), "no " + reuters);
        CliRun r = CliRun.of(
                "train", "reuters-mlp", "--reuters-dir", reuters.toString(), "--epochs", "1", "--limit", "300");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("Epoch 1/1 - ") && r.out().contains("trained 1 epoch in "), r.toString());
        assertFalse(r.out().contains("test loss: NaN"), r.toString());
    }

    @Test
    void pluralsAndClipping() {
        assertEquals("1 epoch", Checks.plural(1, "epoch"));
        assertEquals("2 epochs", Checks.plural(2, "epoch"));
        assertEquals("0 epochs", Checks.plural(0, "epoch"));
        assertEquals("short", Checks.clip("short"));
        assertEquals(80, Checks.clip("a".repeat(81)).length());
        assertTrue(Checks.clip("a".repeat(81)).endsWith("..."));
    }
}
