/**
 * Line charts drawn with Java2D and written as PNG with {@code javax.imageio}: panels of series with legends,
 * optional log-scale y axes. Without the JDK's font machinery (a bare container) charts are drawn without text
 * rather than failing a report.
 */
package nabla.plot;
