package dev.shears.nn.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the SVHN cropped-digits files {@code train_32x32.mat}, {@code test_32x32.mat} and
 * {@code extra_32x32.mat} (Netzer et al., "Reading Digits in Natural Images with Unsupervised Feature
 * Learning", 2011, format 2). Each is a MAT v5 file with {@code X}, uint8 of dimensions [32, 32, 3, N]
 * (row, column, channel, image; MATLAB column-major), and {@code y}, [N, 1] labels 1–10 where 10 stands for
 * the digit 0. Images are transposed to [N, 3, 32, 32]; label 10 becomes 0 so labels equal digits.
 */
public final class Svhn {

    private Svhn() {}

    /** Loads one SVHN {@code *_32x32.mat} file. */
    public static ImageDataset load(Path file) throws IOException {
        return fromVariables(MatFile.read(file), file.toString());
    }

    /** Builds the dataset from parsed MAT-file variables {@code X} and {@code y}. */
    public static ImageDataset fromVariables(Map<String, MatFile.Array> vars, String src) throws DatasetFormatException {
        MatFile.Array x = vars.get("X"), y = vars.get("y");
        if (x == null || y == null) throw new DatasetFormatException(src + ": needs variables X and y, found " + vars.keySet());
        int[] d = x.dims();
        if (d.length != 4 || d[2] != 3 || d[0] == 0 || d[1] == 0) {
            throw new DatasetFormatException(src + ": X must be [H, W, 3, N], got " + Arrays.toString(d));
        }
        int h = d[0], w = d[1], n = d[3];
        if (y.numel() != n || y.dims().length != 2) {
            throw new DatasetFormatException(src + ": y must be [N, 1] with N = " + n + ", got " + Arrays.toString(y.dims()));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double v = y.get(i);
            if (v != Math.rint(v) || v < 1 || v > 10) throw new DatasetFormatException(src + ": y[" + i + "] = " + v + " is not a label 1-10");
            labels[i] = (int) v % 10;
        }
        boolean bytes = x.dataType() == MatFile.MI_UINT8;
        byte[] pixels = new byte[x.numel()];
        int hw = h * w;
        // X[r, c, ch, i] lives at r + h*c + h*w*ch + h*w*3*i; Shears wants [i, ch, r, c].
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                int srcPlane = (i * 3 + ch) * hw, dstPlane = (i * 3 + ch) * hw;
                for (int c = 0; c < w; c++) {
                    for (int r = 0; r < h; r++) {
                        int s = srcPlane + c * h + r;
                        int v;
                        if (bytes) {
                            v = x.data()[x.dataOffset() + s] & 0xFF;
                        } else {
                            double dv = x.get(s);
                            if (dv != Math.rint(dv) || dv < 0 || dv > 255) throw new DatasetFormatException(src + ": X holds " + dv + ", not a byte");
                            v = (int) dv;
                        }
                        pixels[dstPlane + r * w + c] = (byte) v;
                    }
                }
            }
        }
        return new ImageDataset(pixels, labels, 3, h, w, ImageDataset.numberedClasses(10));
    }
}
