package nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla sst}: the sea-surface-temperature application (Zhang et al. 2017); its one subcommand is {@code study}. */
@Command(
        name = "sst",
        mixinStandardHelpOptions = true,
        description = "Sea-surface-temperature forecasting with LSTMs (Zhang et al. 2017).",
        subcommands = {SstStudyCommand.class})
final class SstCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
