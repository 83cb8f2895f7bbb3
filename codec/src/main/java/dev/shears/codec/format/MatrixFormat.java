package dev.shears.codec.format;

import dev.shears.codec.CodecFormatException;
import java.util.Locale;

/**
 * The storage formats of Marinò et al. (ICPR 2020; arXiv 2108.12704 §4) plus the usual baselines, with
 * the one-byte ids used in model files.
 */
public enum MatrixFormat {
    /** Row-major float32. */
    DENSE(0),
    /** Coordinate list: (row, col, value) triples in row-major order. */
    COO(1),
    /** Compressed sparse rows. */
    CSR(2),
    /** Compressed sparse columns. */
    CSC(3),
    /** Index map: codebook + ⌈log₂ k⌉-bit index per weight. */
    IM(4),
    /** Huffman address map: every entry Huffman-coded in column-major order. */
    HAM(5),
    /** Sparse HAM: CSC with Huffman-coded nonzero values and narrow index arrays. */
    SHAM(6);

    private final int id;

    MatrixFormat(int id) { this.id = id; }

    /** The id stored in model files. */
    public int id() { return id; }

    /** Lower-case name, as on the command line. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }

    /** The format with this id. */
    public static MatrixFormat ofId(int id) throws CodecFormatException {
        for (MatrixFormat f : values()) if (f.id == id) return f;
        throw new CodecFormatException("unknown matrix format id " + id);
    }

    /** The format with this id, or null. */
    public static MatrixFormat ofIdOrNull(int id) {
        for (MatrixFormat f : values()) if (f.id == id) return f;
        return null;
    }

    /** The format with this command-line name. */
    public static MatrixFormat ofName(String name) {
        for (MatrixFormat f : values()) if (f.cliName().equals(name.toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("unknown format '" + name + "' (dense, coo, csr, csc, im, ham, sham)");
    }

    /** Encodes a row-major {@code [rows, cols]} matrix. */
    public EncodedMatrix encode(float[] w, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != w.length) {
            throw new IllegalArgumentException(rows + "x" + cols + " does not match " + w.length + " values");
        }
        return switch (this) {
            case DENSE -> DenseMatrix.of(w.clone(), rows, cols);
            case COO -> CooMatrix.encode(w, rows, cols);
            case CSR -> CsrMatrix.encode(w, rows, cols);
            case CSC -> CscMatrix.encode(w, rows, cols);
            case IM -> IndexMapMatrix.encode(w, rows, cols);
            case HAM -> HamMatrix.encode(w, rows, cols);
            case SHAM -> ShamMatrix.encode(w, rows, cols);
        };
    }

    /** Reads a payload written by {@link EncodedMatrix#toBytes()}, validating it completely. */
    public EncodedMatrix read(byte[] payload, long maxElements) throws CodecFormatException {
        PayloadReader in = new PayloadReader(payload, maxElements);
        EncodedMatrix m = switch (this) {
            case DENSE -> DenseMatrix.read(in);
            case COO -> CooMatrix.read(in);
            case CSR -> CsrMatrix.read(in);
            case CSC -> CscMatrix.read(in);
            case IM -> IndexMapMatrix.read(in);
            case HAM -> HamMatrix.read(in);
            case SHAM -> ShamMatrix.read(in);
        };
        in.end(cliName() + " payload");
        return m;
    }
}
