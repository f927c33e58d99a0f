package nabla.timeseries;

/**
 * How {@link TimeSeries#fillGaps} replaces missing values (NaN) inside a series.
 *
 * <ul>
 *   <li>{@link #NONE}: leave them missing; windows that touch one are then skipped (and counted).</li>
 *   <li>{@link #PREVIOUS}: carry the last known value forward (leading gaps take the first known value).</li>
 *   <li>{@link #LINEAR}: interpolate linearly in time between the known values on either side (leading and
 *       trailing gaps take the nearest known value).</li>
 * </ul>
 * A series with no known value at all (e.g. a land cell of a grid) stays missing whatever the choice.
 */
public enum GapFill {
    /** Leave missing values missing. */
    NONE,
    /** Carry the last known value forward (pandas' {@code ffill()}); a leading gap takes the first known value. */
    PREVIOUS,
    /** Interpolate linearly in time between known neighbours; leading and trailing gaps take the nearest value. */
    LINEAR
}
