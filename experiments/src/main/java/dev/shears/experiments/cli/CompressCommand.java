package dev.shears.experiments.cli;

import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.model.CompressedModel;
import dev.shears.codec.model.ModelCompressor;
import dev.shears.codec.model.ModelEntry;
import dev.shears.codec.model.ModelFile;
import dev.shears.codec.quant.Quantizers;
import dev.shears.nn.io.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shears compress}: a safetensors state dict → a Shears compressed model file ({@code codec/FORMAT.md}).
 * Prints one JSON line per weight tensor (format, bytes, ψ) and a summary line.
 */
@Command(name = "compress", mixinStandardHelpOptions = true, description = "Quantize and encode a model's weights.")
final class CompressCommand implements Callable<Integer> {

    @Option(names = "--weights", required = true, description = "Input .safetensors state dict.") Path weights;

    @Option(names = "--out", required = true, description = "Output model file (.shc).") Path out;

    @Option(names = "--format", defaultValue = "sham", description = "Weight format: dense, coo, csr, csc, im, ham, sham (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--conv-format", description = "Format for convolution weights (default: --format).") String convFormat;

    @Option(names = "--quantize", defaultValue = "none", description = "none, uq, cws, pws or ecsq (default ${DEFAULT-VALUE}).")
    String quantize;

    @Option(names = "--levels", defaultValue = "32", description = "Codebook size k (default ${DEFAULT-VALUE}).") int levels;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the probabilistic quantizer.") long seed;

    @Override public Integer call() throws Exception {
        MatrixFormat f = MatrixFormat.ofName(format);
        MatrixFormat cf = convFormat == null ? f : MatrixFormat.ofName(convFormat);
        if (!Files.isRegularFile(weights)) throw new IllegalArgumentException("--weights: no such file " + weights);
        var in = Safetensors.read(weights);
        ModelCompressor c = new ModelCompressor(cf, f, Quantizers.byName(quantize, seed), levels);
        CompressedModel m = c.compress(in.tensors());
        ModelFile.write(out, m);
        long payload = 0, denseBytes = 0;
        for (ModelEntry e : m.entries()) {
            long bytes = e.matrix().size().totalBytes(), dense = 4L * e.matrix().rows() * e.matrix().cols();
            payload += bytes;
            denseBytes += dense;
            if (e.shape().length >= 2) {
                System.out.println(new Json().put("entry", e.name()).put("format", e.matrix().format().cliName())
                        .put("rows", e.matrix().rows()).put("cols", e.matrix().cols()).put("bytes", bytes)
                        .put("psi", Math.round(1e6 * bytes / (double) dense) / 1e6));
            }
        }
        System.out.println(new Json().put("compressed", out.toString()).put("format", f.cliName()).put("conv_format", cf.cliName())
                .put("quantizer", quantize).put("levels", levels).put("entries", m.entries().size())
                .put("payload_bytes", payload).put("file_bytes", Files.size(out)).put("dense_bytes", denseBytes)
                .put("psi", Math.round(1e6 * m.psi()) / 1e6).put("file_psi", Math.round(1e6 * Files.size(out) / (double) denseBytes) / 1e6));
        return 0;
    }
}
