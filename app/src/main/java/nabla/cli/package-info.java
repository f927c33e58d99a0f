/**
 * The {@code nabla} command (picocli): {@code train} (the worked examples on real data), {@code predict},
 * {@code visualize}, {@code forecast}, {@code experiments recipe} and {@code sst study}. The one place that reads
 * options and environment variables ({@code NABLA_DATA}, {@code NABLA_REUTERS}, ...) and passes values down; the
 * library never reads them itself. User errors print a sentence and exit with status 2; bugs print a trace.
 * Not an API: nothing here is exported from the {@code nabla.app} module.
 */
package nabla.cli;
