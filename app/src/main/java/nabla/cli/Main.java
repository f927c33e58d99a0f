package nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code nabla} command line. */
@Command(
        name = "nabla",
        mixinStandardHelpOptions = true,
        version = "nabla 0.1.0",
        description =
                "Deep learning on the JVM: train and evaluate the worked examples; evaluate, convert and predict with Nabla, Keras and ONNX model files.",
        subcommands = {
            TrainCommand.class,
            Predict.class,
            EvaluateCommand.class,
            ConvertCommand.class,
            VisualizeCommand.class,
            ForecastCommand.class,
            ExperimentsCommand.class,
            SstCommand.class,
            SoakCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = ErrorHandler.DEBUG_OPTION,
            scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too (also: environment variable NABLA_DEBUG=1).")
    boolean debug;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with nabla's error handling: a user's error is one sentence and exit code 2, a bug a stack trace. */
    public static CommandLine commandLine() {
        ErrorHandler errors = new ErrorHandler(Environment.debug());
        return new CommandLine(new Main()).setExecutionExceptionHandler(errors).setParameterExceptionHandler(errors);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
