package nabla.timeseries;

import java.time.LocalDate;

/** The step between consecutive dates of a regular series: one day, one week or one calendar month. */
public enum Frequency {
    /** One day between dates. */
    DAILY,
    /** Seven days between dates. */
    WEEKLY,
    /** One calendar month between dates ({@link LocalDate#plusMonths}: Jan 31 is followed by Feb 28 or 29). */
    MONTHLY;

    /**
     * The date one step after {@code d}.
     *
     * @param d a date
     * @return the next date
     */
    public LocalDate next(LocalDate d) {
        return switch (this) {
            case DAILY -> d.plusDays(1);
            case WEEKLY -> d.plusWeeks(1);
            case MONTHLY -> d.plusMonths(1);
        };
    }

    /**
     * The number of steps from {@code a} to {@code b} (b after a), assuming both lie on this frequency's grid
     * (monthly counts calendar months and ignores the day).
     *
     * @param a the earlier date
     * @param b the later date
     * @return the step count
     */
    public long steps(LocalDate a, LocalDate b) {
        return switch (this) {
            case DAILY -> b.toEpochDay() - a.toEpochDay();
            case WEEKLY -> (b.toEpochDay() - a.toEpochDay()) / 7;
            case MONTHLY -> (b.getYear() * 12L + b.getMonthValue()) - (a.getYear() * 12L + a.getMonthValue());
        };
    }

    /** {@return the lower-case name for reports: "daily", "weekly" or "monthly"} */
    public String label() {
        return name().toLowerCase();
    }
}
