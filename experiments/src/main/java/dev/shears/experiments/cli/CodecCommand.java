package dev.shears.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shears codec ...}: inspect compressed representations of weight matrices. */
@Command(name = "codec", mixinStandardHelpOptions = true, description = "Compressed weight formats.",
        subcommands = {CodecStatsCommand.class})
final class CodecCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "codec needs a subcommand");
    }

}
