package dev.shears.experiments.cli;

import dev.shears.codec.quant.EntropyConstrainedQuantizer;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.codec.quant.ProbabilisticQuantizer;
import dev.shears.codec.quant.Quantizer;
import dev.shears.codec.quant.UniformQuantizer;
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

    /** The quantizer called {@code name} (none → null). */
    static Quantizer quantizer(String name, long seed, double lambda) {
        return switch (name) {
            case "none" -> null;
            case "uq" -> new UniformQuantizer();
            case "cws" -> new KMeansQuantizer();
            case "pws" -> new ProbabilisticQuantizer(seed);
            case "ecsq" -> new EntropyConstrainedQuantizer(lambda, 50);
            default -> throw new IllegalArgumentException("unknown quantizer '" + name + "' (none, uq, cws, pws, ecsq)");
        };
    }
}
