package dev.shears.codec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.codec.CodecFormatException;
import dev.shears.codec.format.MatrixFormat;
import dev.shears.codec.quant.KMeansQuantizer;
import dev.shears.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    /** A small model with one entry per format, shapes of rank 1, 2 and 4, and quantized weights. */
    static CompressedModel sample(long seed) {
        Rng rng = new Rng(seed);
        CompressedModel model = new CompressedModel();
        MatrixFormat[] formats = MatrixFormat.values();
        for (int f = 0; f < formats.length; f++) {
            int[] shape = switch (f % 3) {
                case 0 -> new int[] {4 + rng.nextInt(5), 3, 2, 2};
                case 1 -> new int[] {5 + rng.nextInt(9), 6 + rng.nextInt(9)};
                default -> new int[] {7 + rng.nextInt(9)};
            };
            int[] rc = ModelEntry.matrixShape(shape);
            float[] w = new float[rc[0] * rc[1]];
            for (int i = 0; i < w.length; i++) if (rng.nextInt(3) == 0) w[i] = (float) rng.nextGaussian();
            w = new KMeansQuantizer().quantize(w, 6).values();
            model.add(new ModelEntry("layer" + f + "." + formats[f].cliName(), shape,
                    Map.of("quantizer", "cws", "levels", "6"), formats[f].encode(w, rc[0], rc[1])));
        }
        return model;
    }

    @Test void writeThenReadGivesTheSameModel(@TempDir Path dir) throws Exception {
        CompressedModel model = sample(1);
        Path file = dir.resolve("m.shc");
        ModelFile.write(file, model);
        ModelFile.write(file, model); // overwrite works and leaves no temp files
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        CompressedModel back = ModelFile.read(file);
        assertEquals(model.entries().size(), back.entries().size());
        for (ModelEntry e : model.entries()) {
            ModelEntry r = back.get(e.name());
            assertArrayEquals(e.shape(), r.shape());
            assertEquals(e.metadata(), r.metadata());
            assertEquals(e.matrix().format(), r.matrix().format());
            assertArrayEquals(e.matrix().decode(), r.matrix().decode());
        }
        assertArrayEquals(Files.readAllBytes(file), ModelFile.toBytes(back));
    }

    @Test void errorsNameTheEntryAndTheProblem() {
        byte[] b = ModelFile.toBytes(sample(2));
        ModelFile.ReadOptions noCrc = new ModelFile.ReadOptions(false, 1 << 20);
        // Corrupt the first payload's first byte (its row count) with checksums off: the reader names the entry.
        int first = firstPayloadOffset(b);
        b[first] = 0x7f;
        CodecFormatException e = assertThrows(CodecFormatException.class, () -> ModelFile.read(b, noCrc));
        assertTrue(e.getMessage().contains("layer0.dense"), e.getMessage());
        CodecFormatException c = assertThrows(CodecFormatException.class, () -> ModelFile.read(b, ModelFile.ReadOptions.DEFAULT));
        assertTrue(c.getMessage().contains("checksum"), c.getMessage());
        assertThrows(CodecFormatException.class, () -> ModelFile.read(new byte[10], ModelFile.ReadOptions.DEFAULT));
    }

    static int firstPayloadOffset(byte[] b) {
        // The first TOC record's offset field: after header, name, format, rank, dims and metadata.
        var in = java.nio.ByteBuffer.wrap(b);
        in.position(ModelFile.HEADER);
        int nameLen = in.getShort();
        in.position(in.position() + nameLen + 1);
        int rank = in.get();
        in.position(in.position() + 4 * rank);
        int metaLen = in.getInt();
        in.position(in.position() + metaLen);
        return (int) in.getLong();
    }
}
