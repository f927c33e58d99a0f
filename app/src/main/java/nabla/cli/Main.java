package nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nabla} command line. */
@Command(name = "nabla", mixinStandardHelpOptions = true, version = "nabla 0.1.0",
        description = "Deep learning on the JVM: train and evaluate the worked examples.",
        subcommands = {TrainCommand.class, Predict.class, VisualizeCommand.class, ForecastCommand.class, ExperimentsCommand.class,
                SstCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
