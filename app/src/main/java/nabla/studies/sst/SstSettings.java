package nabla.studies.sst;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The knobs of {@code nabla sst study}: the full study (sized to run in about 30 minutes on 2 cores) or the
 * {@code --quick} smoke test (1 epoch, tiny grids, short training periods).
 *
 * @param epochs          most LSTM epochs (early stopping on the validation loss, best weights restored)
 * @param patience        early-stopping patience of the LSTMs
 * @param mlpEpochs       most MLPR epochs (scikit-learn's max_iter)
 * @param unitsGrid       whether Table I sweeps all units in ⌊l/2⌋..2l (else only the two ends)
 * @param lstmLayers      Table II's LSTM depths
 * @param fcLayers        Table III's FC depths
 * @param dailyFrom       first date of daily data used (the data start in 1982; the paper's 1981 is not there)
 * @param fineTuneEpochs  Table VI: epochs of the online update
 * @param fineTuneRate    Table VI: Adam learning rate of the online update
 * @param areaFrom        first HadISST month used for training
 * @param areaUnits       units of the pooled HadISST LSTM
 * @param areaEpochs      most epochs of the pooled HadISST LSTM
 * @param areaPatience    its early-stopping patience
 * @param areaBatch       its mini-batch (larger: ~190,000 pooled windows)
 */
public record SstSettings(
        boolean quick,
        int epochs,
        int patience,
        int mlpEpochs,
        boolean unitsGrid,
        List<Integer> lstmLayers,
        List<Integer> fcLayers,
        LocalDate dailyFrom,
        int fineTuneEpochs,
        float fineTuneRate,
        YearMonth areaFrom,
        int areaUnits,
        int areaEpochs,
        int areaPatience,
        int areaBatch) {
    /** Input days per output day: k = 4·l (4 days in for 1 out, 12 for 3; see the report's "Choices" section). */
    public static final int WINDOW_PER_HORIZON_DAY = 4;
    /** Weekly task: 4 weekly means in, 1 out; monthly task: 12 monthly means in (a seasonal cycle), 1 out. */
    public static final int WEEKLY_WINDOW = 4, MONTHLY_WINDOW = 12;
    /** HadISST: 12 months in, the next 3 months out. */
    static final int AREA_WINDOW = 12, AREA_HORIZON = 3;

    public static SstSettings fullStudy() {
        return new SstSettings(
                false,
                100,
                10,
                200,
                true,
                List.of(1, 2, 3),
                List.of(1, 2),
                LocalDate.of(1982, 1, 1),
                5,
                1e-4f,
                YearMonth.of(1955, 1),
                32,
                40,
                5,
                64);
    }

    public static SstSettings smokeTest() {
        return new SstSettings(
                true,
                1,
                1,
                1,
                false,
                List.of(1, 2),
                List.of(1, 2),
                LocalDate.of(2009, 1, 1),
                1,
                1e-4f,
                YearMonth.of(1990, 1),
                4,
                1,
                1,
                64);
    }

    /** Table I's units for horizon l: ⌊l/2⌋..2l (at least 1), or just its two ends in quick mode. */
    List<Integer> units(int l) {
        int lo = Math.max(1, l / 2), hi = 2 * l;
        return unitsGrid
                ? IntStream.rangeClosed(lo, hi).boxed().toList()
                : List.of(lo, hi).stream().distinct().toList();
    }

    public String describe() {
        return "LSTM up to %d epochs (early stopping on the validation loss, patience %d, best weights restored), Adam 1e-3, batch 32; "
                        .formatted(epochs, patience)
                + "MLPR up to %d epochs; online update %d epoch%s at Adam %s; pooled HadISST LSTM(%d) up to %d epochs, patience %d, batch %d"
                        .formatted(
                                mlpEpochs,
                                fineTuneEpochs,
                                fineTuneEpochs == 1 ? "" : "s",
                                fineTuneRate,
                                areaUnits,
                                areaEpochs,
                                areaPatience,
                                areaBatch);
    }
}
