package nabla.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import nabla.models.Model;

/**
 * The model file loader, {@link Model#load}, on the file's bytes as a user would hand them over: the ZIP layer and
 * its bounds, then nabla.json (ArchiveJson, the layer registry, the compile settings), the weights and optimizer
 * safetensors, training.json and the assets. The invariant is {@link ModelInvariant}'s.
 */
class ModelFileFuzzTest {
    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "/nabla/fuzz/model.dict")
    void load(byte[] data) throws Exception {
        Watchdog.run("ModelFileFuzzTest", data, () -> ModelInvariant.check(Scratch.write("fuzz.nabla", data)));
    }
}
