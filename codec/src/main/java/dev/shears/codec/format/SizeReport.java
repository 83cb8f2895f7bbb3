package dev.shears.codec.format;

import java.util.List;

/**
 * Exact storage of an encoded matrix, part by part, in bits as serialized (so the total equals the payload
 * length), and the occupancy ratio ψ = compressed bytes / dense float32 bytes (Marinò et al. 2021, §4).
 *
 * @param parts the parts, in payload order
 * @param rows  matrix rows n
 * @param cols  matrix columns m
 */
public record SizeReport(List<Part> parts, int rows, int cols) {

    /** One named part of a payload. */
    public record Part(String name, long bits) {}

    /** Total bits. */
    public long totalBits() { return parts.stream().mapToLong(Part::bits).sum(); }

    /** Total bytes (parts are byte-aligned). */
    public long totalBytes() { return (totalBits() + 7) / 8; }

    /** Bits of the named part (0 if absent). */
    public long bits(String name) { return parts.stream().filter(p -> p.name.equals(name)).mapToLong(Part::bits).sum(); }

    /** ψ = total bytes / (4·n·m); NaN for an empty matrix. */
    public double psi() {
        long dense = 4L * rows * cols;
        return dense == 0 ? Double.NaN : (double) totalBytes() / dense;
    }
}
