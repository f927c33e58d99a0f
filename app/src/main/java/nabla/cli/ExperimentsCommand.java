package nabla.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code nabla experiments ...}: reproductions of the courses' experiments, each writing a report. */
@Command(
        name = "experiments",
        mixinStandardHelpOptions = true,
        description = "Reproduce the courses' experiments and write a report (Markdown with PNG figures).",
        subcommands = {RecipeCommand.class})
final class ExperimentsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
