package dev.shears.experiments.cli;

import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelFile;
import dev.shears.nn.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shears decompress}: a compressed model file → safetensors (the quantized weights, bit-exactly). */
@Command(name = "decompress", mixinStandardHelpOptions = true, description = "Decode a compressed model to safetensors.")
final class DecompressCommand implements Callable<Integer> {

    @Option(names = "--in", required = true, description = "Input model file (.shc).") Path in;

    @Option(names = "--out", required = true, description = "Output .safetensors.") Path out;

    @Override public Integer call() throws Exception {
        if (!Files.isRegularFile(in)) throw new IllegalArgumentException("--in: no such file " + in);
        var tensors = ModelCompressor.decompress(ModelFile.read(in));
        Safetensors.write(out, tensors, Map.of("shears.source", in.getFileName().toString()));
        System.out.println(new Json().put("decompressed", out.toString()).put("tensors", tensors.size()).put("bytes", Files.size(out)));
        return 0;
    }
}
