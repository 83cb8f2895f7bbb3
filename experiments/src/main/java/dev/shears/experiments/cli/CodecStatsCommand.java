package dev.shears.experiments.cli;

import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.format.SizeReport;
import dev.shears.codec.quant.Quantizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code shears codec stats}: size of a .npy weight matrix in one format, part by part, and ψ. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Encode a float32/float64 .npy matrix and print its exact size per part and psi.")
final class CodecStatsCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "A C-order .npy array (rank >= 2 is viewed as d0 x rest).")
    Path input;

    @Option(names = "--format", required = true, description = "dense, coo, csr, csc, im, ham or sham.")
    String format;

    @Option(names = "--quantize", defaultValue = "none", description = "none, uq, cws, pws or ecsq (default ${DEFAULT-VALUE}).")
    String quantize;

    @Option(names = "--levels", defaultValue = "32", description = "Quantization levels k (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for PWS rounding (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--lambda", defaultValue = "0.1", description = "ECSQ rate weight (default ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--json", description = "Print one JSON line (the only output form; accepted for explicitness).")
    boolean json;

    @Override public Integer call() throws Exception {
        MatrixFormat f = MatrixFormat.ofName(format);
        if (levels < 1) throw new IllegalArgumentException("--levels must be >= 1, got " + levels);
        NpyReader.NpyMatrix m = NpyReader.read(input);
        Quantizer q = CodecCommand.quantizer(quantize, seed, lambda);
        float[] w = q == null ? m.data() : q.quantize(m.data(), levels).values();
        EncodedMatrix e = f.encode(w, m.rows(), m.cols());
        float[] back = e.decode();
        double maxErr = 0;
        int nnz = 0;
        for (int i = 0; i < back.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(back[i] - m.data()[i]));
            if (back[i] != 0f) nnz++;
        }
        SizeReport s = e.size();
        Json parts = new Json();
        for (SizeReport.Part p : s.parts()) parts.put(p.name(), p.bits());
        Json out = new Json().put("input", input.toString()).put("format", f.cliName())
                .put("rows", m.rows()).put("cols", m.cols()).put("nonzeros", nnz)
                .put("quantizer", quantize).put("levels", q == null ? null : levels)
                .put("distinct_values", distinct(back))
                .put("part_bits", parts).put("total_bytes", s.totalBytes()).put("dense_bytes", 4L * m.rows() * m.cols())
                .put("psi", s.psi()).put("max_abs_error", maxErr);
        System.out.println(out);
        return 0;
    }

    private static int distinct(float[] v) {
        float[] s = v.clone();
        java.util.Arrays.sort(s);
        int d = 0;
        for (int i = 0; i < s.length; i++) if (i == 0 || Float.compare(s[i], s[i - 1]) != 0) d++;
        return d;
    }
}
