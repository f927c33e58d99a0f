package nabla.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nabla.data.text.Sequences;
import nabla.data.text.Tokenizer;
import nabla.models.Sequential;
import nabla.tensor.NDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nabla predict --model FILE --text "..."}: a saved text model's score for raw text. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Score raw text with a saved text model (e.g. from: nabla train imdb-lstm --save imdb.nabla).")
final class Predict implements Callable<Integer> {
    /** The asset name under which text examples save their fitted tokenizer. */
    static final String TOKENIZER_ASSET = "tokenizer.json";

    @Option(names = "--model", required = true, description = "A model file saved by nabla train ... --save FILE.")
    Path model;

    @Option(names = "--text", required = true, description = "The text to score; repeat for several.")
    List<String> texts;

    @Override
    public Integer call() throws Exception {
        Checks.inputFile(
                "--model",
                model,
                "model file",
                "save one with e.g. nabla train imdb-lstm --save " + Checks.clip(model.toString()));
        for (String t : texts)
            if (t.isBlank())
                throw UserError.option("--text is empty; give the text to score, e.g. --text \"A wonderful film.\"");
        Sequential m = Sequential.load(model);
        String json = m.asset(TOKENIZER_ASSET)
                .orElseThrow(
                        () -> new UserError(
                                Checks.clip(model.toString())
                                        + " has no tokenizer; predict needs a text model saved with its tokenizer, e.g. by nabla train imdb-lstm --save FILE"));
        Tokenizer tok;
        try {
            tok = Tokenizer.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new UserError(Checks.clip(model.toString()) + "!/assets/" + TOKENIZER_ASSET
                    + " is damaged, so the model cannot read text: " + e.getMessage());
        }
        int steps = m.inputShape().dim(0);
        NDArray x = Sequences.padSequences(tok.textsToSequences(texts), steps);
        NDArray p = m.predict(x);
        for (int i = 0; i < texts.size(); i++) {
            float score = p.get(i, 0);
            System.out.printf(
                    "%.4f  %s  %s%n", score, score >= 0.5f ? "positive" : "negative", abbreviate(texts.get(i)));
        }
        return 0;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
