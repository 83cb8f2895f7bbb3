package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.kernels.KernelProvider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code shears info}: the JVM, the kernel backend and vector width, and the thread count. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Print the JVM, kernel backend and threads.")
final class InfoCommand implements Callable<Integer> {

    @Override public Integer call() {
        var k = KernelProvider.get();
        Json j = new Json()
                .put("java", System.getProperty("java.version"))
                .put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"))
                .put("backend", k.name())
                .put("vector_bits", k.floatLanes() * 32)
                .put("float_lanes", k.floatLanes())
                .put("incubator_module", KernelProvider.vectorModulePresent())
                .put("threads", Parallel.threads())
                .put("processors", Runtime.getRuntime().availableProcessors())
                .put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        System.out.println(j);
        return 0;
    }
}
