package dev.shears.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code shears} command line. Exit codes: 0 ok, 1 failure, 2 usage error. Results go to stdout as JSON
 * lines; progress and diagnostics go to stderr.
 */
@Command(name = "shears", mixinStandardHelpOptions = true, version = "shears 0.1.0",
        description = "Train, prune and compactly store convolutional networks, in pure Java.",
        subcommands = {
            InfoCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ForwardCommand.class,
            CodecCommand.class,
            CompressCommand.class,
            DecompressCommand.class,
            BenchCommand.class,
        })
public final class ShearsMain implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    /** Builds the command line with Shears' error handling: usage errors exit 2 without a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ShearsMain());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("shears: " + ex.getMessage());
                return 2;
            }
            cmd.getErr().println("shears: " + ex);
            if (System.getenv("SHEARS_DEBUG") != null) ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
