package nabla.studies.recipe;

/**
 * The sizes the recipe experiments run at. {@link #full} is the courses' setup (Hung-yi Lee's Keras demo: the
 * first 10,000 MNIST training images, hidden layers of 689 units, 20 epochs, batch 100, tested on the 10,000 test
 * images); {@link #quick} shrinks everything for a smoke test. Sizes larger than the data set are cut to it.
 *
 * @param trainSize      training images of the Keras-demo experiments (the first ones)
 * @param testSize       test images (the first ones)
 * @param hidden         units per hidden layer of the Keras-demo nets
 * @param epochs         epochs of the Keras-demo experiments
 * @param batchSize      mini-batch size everywhere (full batch: the training set)
 * @param overfitTrain   training images of the over-fitting experiment
 * @param overfitVal     validation images of the over-fitting experiment (taken from the end of the training set)
 * @param overfitEpochs  epochs of the over-fitting experiment
 * @param baselineTrain  training images of the logistic-regression vs 200-100-60-30 experiment
 * @param baselineEpochs epochs of that experiment
 * @param gradSamples    training images in the fixed batch whose gradient norms are measured
 * @param seed           seed of every model, shuffle and noise draw
 */
public record RecipeSettings(
        boolean quick,
        int trainSize,
        int testSize,
        int hidden,
        int epochs,
        int batchSize,
        int overfitTrain,
        int overfitVal,
        int overfitEpochs,
        int baselineTrain,
        int baselineEpochs,
        int gradSamples,
        long seed) {
    public RecipeSettings {
        for (int v : new int[] {
            trainSize,
            testSize,
            hidden,
            epochs,
            batchSize,
            overfitTrain,
            overfitVal,
            overfitEpochs,
            baselineTrain,
            baselineEpochs,
            gradSamples
        }) if (v <= 0) throw new IllegalArgumentException("recipe settings: every size must be positive, got " + v);
    }

    /** The courses' sizes; the whole report takes well under 20 minutes on 2 cores. */
    public static RecipeSettings full(long seed) {
        return new RecipeSettings(false, 10_000, 10_000, 689, 20, 100, 1_000, 5_000, 60, 60_000, 10, 500, seed);
    }

    /** Tiny sizes (1 epoch, 1,000 images, 32 units) that only check that every experiment runs. */
    public static RecipeSettings quick(long seed) {
        return new RecipeSettings(true, 1_000, 1_000, 32, 1, 100, 200, 200, 2, 1_000, 1, 100, seed);
    }
}
