package dev.shears.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code shears bench jmh [JMH args]}: runs the JMH benchmarks compiled into the jar (classes in
 * {@code dev.shears.experiments.bench}). Arguments go to JMH unchanged, e.g.
 * {@code shears bench jmh GemmBench -f 1 -wi 2 -i 3 -t 1}. Forked JVMs inherit the launcher's JVM options,
 * including {@code --add-modules jdk.incubator.vector}.
 */
@Command(name = "jmh", description = "Run JMH benchmarks; arguments are passed to JMH (try -h, -l).")
final class BenchJmhCommand implements Callable<Integer> {

    /** Everything after {@code jmh}, unparsed: JMH reads its own options. */
    @Unmatched
    List<String> args = new ArrayList<>();

    @Override public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new));
        return 0;
    }
}
