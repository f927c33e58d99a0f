package nabla.timeseries;

import java.time.LocalDate;

/** The step between consecutive dates of a regular series: one day, one week or one calendar month. */
public enum Frequency {
    DAILY, WEEKLY, MONTHLY;

    /** The date one step after {@code d}. */
    public LocalDate next(LocalDate d) {
        return switch (this) {
            case DAILY -> d.plusDays(1);
            case WEEKLY -> d.plusWeeks(1);
            case MONTHLY -> d.plusMonths(1);
        };
    }

    /** The number of steps from {@code a} to {@code b} (b after a), assuming both lie on this frequency's grid. */
    public long steps(LocalDate a, LocalDate b) {
        return switch (this) {
            case DAILY -> b.toEpochDay() - a.toEpochDay();
            case WEEKLY -> (b.toEpochDay() - a.toEpochDay()) / 7;
            case MONTHLY -> (b.getYear() * 12L + b.getMonthValue()) - (a.getYear() * 12L + a.getMonthValue());
        };
    }

    /** Lower-case name for reports: "daily", "weekly", "monthly". */
    public String label() {
        return name().toLowerCase();
    }
}
