package nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import nabla.models.Model;

/**
 * {@link Model#load} on a model file whose entries are the input ({@link Entries}), zipped by the harness with valid
 * checksums and sizes, so that mutations reach the JSON and safetensors parsers behind the ZIP layer. The invariant
 * is {@link ModelInvariant}'s.
 */
class ModelEntriesFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/nabla/fuzz/model.dict")
    void load(byte[] data) throws Exception {
        Watchdog.run("ModelEntriesFuzzTest", data, () -> {
            byte[] zip = Entries.zip(Entries.decode(data));
            if (zip != null) ModelInvariant.check(Scratch.write("entries.nabla", zip));
        });
    }
}
