package dev.shears.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code shears bench ...}: micro and model benchmarks printing one JSON line each. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (JSON lines on stdout).",
        subcommands = {
            BenchGemmCommand.class,
            BenchJmhCommand.class,
            BenchCodecCommand.class,
            BenchTrainCommand.class,
        })
final class BenchCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "bench needs a subcommand");
    }
}
