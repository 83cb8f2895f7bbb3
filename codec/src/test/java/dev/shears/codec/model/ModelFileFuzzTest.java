package dev.shears.codec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.format.EncodedMatrix;
import dev.shears.codec.model.ModelFile.ReadOptions;
import dev.shears.tensor.random.Rng;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of the model reader: valid files get bytes flipped, overwritten, inserted, deleted,
 * duplicated or truncated (seeded). Every result must be a {@link CodecFormatException} or a successful
 * read; with checksums on, a successful read must re-serialize to exactly the bytes read (so it passed every
 * checksum honestly). With checksums off the payload validators face the corruption directly and any
 * accepted matrix must decode and multiply without error. Nothing else (no runtime exception, no OOM, no
 * hang) is allowed. Cases: {@code -Dshears.fuzz.cases=N} (default 3000 per mode).
 */
class ModelFileFuzzTest {

    private static final int CASES = Integer.getInteger("shears.fuzz.cases", 3000);
    private static final ReadOptions NO_CRC = new ReadOptions(false, 1 << 16);

    static byte[] mutate(byte[] in, Rng rng) {
        byte[] b = in;
        int edits = 1 + rng.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int n = b.length;
            int at = n == 0 ? 0 : rng.nextInt(n);
            switch (rng.nextInt(7)) {
                case 0 -> { if (n > 0) b[at] ^= (byte) (1 << rng.nextInt(8)); }
                case 1 -> { if (n > 0) b[at] = (byte) rng.nextInt(256); }
                case 2 -> { // insert 1..8 random bytes
                    int k = 1 + rng.nextInt(8);
                    byte[] c = new byte[n + k];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int i = 0; i < k; i++) c[at + i] = (byte) rng.nextInt(256);
                    System.arraycopy(b, at, c, at + k, n - at);
                    b = c;
                }
                case 3 -> { // delete 1..8 bytes
                    int k = Math.min(n - at, 1 + rng.nextInt(8));
                    byte[] c = new byte[n - k];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + k, c, at, n - at - k);
                    b = c;
                }
                case 4 -> b = Arrays.copyOf(b, at); // truncate
                case 5 -> { if (n > 0) b[at] = (byte) (rng.nextInt(2) == 0 ? 0 : 0xff); }
                default -> { // duplicate a slice elsewhere
                    if (n > 1) {
                        int from = rng.nextInt(n), len = Math.min(n - from, 1 + rng.nextInt(16)), to = rng.nextInt(n - len + 1);
                        System.arraycopy(b.clone(), from, b, to, len);
                    }
                }
            }
        }
        return b;
    }

    /** Runs the cases; returns {accepted, rejected inside an entry's payload}. */
    private static int[] run(long seed, ReadOptions options) {
        Rng rng = new Rng(seed);
        int accepted = 0, payloadRejections = 0;
        byte[] valid = ModelFile.toBytes(ModelFileTest.sample(seed % 7));
        for (int c = 0; c < CASES; c++) {
            byte[] bad = mutate(valid.clone(), rng);
            try {
                CompressedModel m = ModelFile.read(bad, options);
                accepted++;
                if (options.verifyChecksums()) {
                    assertArrayEquals(bad, ModelFile.toBytes(m), "case " + c + " accepted bytes that do not re-serialize");
                } else {
                    for (ModelEntry e : m.entries()) {
                        EncodedMatrix x = e.matrix();
                        x.decode();
                        x.multiply(new float[x.cols()], new float[x.rows()], 1);
                    }
                }
            } catch (CodecFormatException expected) {
                if (expected.getCause() instanceof CodecFormatException) payloadRejections++;
            } catch (RuntimeException | Error e) {
                fail("seed " + seed + " case " + c + ": " + e, e);
            }
        }
        return new int[] {accepted, payloadRejections};
    }

    @Test void mutatedFilesAreRejectedOrReadExactly() { run(11, ReadOptions.DEFAULT); }

    @Test void payloadValidatorsSurviveCorruptionWithoutChecksums() {
        int[] r = run(23, NO_CRC);
        // The mode is only meaningful if corruption reaches the payload decoders.
        assertTrue(r[1] > 0, "no mutation reached a payload validator");
        System.err.printf("fuzz without checksums: %d cases, %d accepted, %d rejected by payload validators%n", CASES, r[0], r[1]);
    }
}
