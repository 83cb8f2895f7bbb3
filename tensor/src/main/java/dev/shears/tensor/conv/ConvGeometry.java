package dev.shears.tensor.conv;

/**
 * The geometry of a 2-D convolution or pooling window over one image of {@code channels × height × width}:
 * kernel, stride, padding (zeros, symmetric), dilation and groups. Output size follows PyTorch:
 * {@code out = floor((in + 2·pad − dil·(k−1) − 1) / stride) + 1}.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW,
                           int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public ConvGeometry {
        if (channels < 1 || height < 0 || width < 0 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new IllegalArgumentException("conv geometry: invalid " + this);
        }
        if (channels % groups != 0) {
            throw new IllegalArgumentException("conv geometry: channels " + channels + " not divisible by groups " + groups);
        }
        int oh = (height + 2 * padH - dilationH * (kernelH - 1) - 1);
        int ow = (width + 2 * padW - dilationW * (kernelW - 1) - 1);
        if (oh < 0 || ow < 0) {
            throw new IllegalArgumentException("conv geometry: kernel larger than padded input in " + this);
        }
    }

    /** Square kernel, equal stride/padding/dilation in both directions. */
    public static ConvGeometry square(int channels, int height, int width, int k, int stride, int pad, int dilation, int groups) {
        return new ConvGeometry(channels, height, width, k, k, stride, stride, pad, pad, dilation, dilation, groups);
    }

    public int outHeight() { return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1; }

    public int outWidth() { return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1; }

    /** Channels per group. */
    public int groupChannels() { return channels / groups; }

    /** Rows of one group's column matrix: (channels/groups)·kh·kw. */
    public int colRows() { return groupChannels() * kernelH * kernelW; }

    /** Columns of the column matrix: outH·outW. */
    public int colCols() { return outHeight() * outWidth(); }

    /** Floats in one image. */
    public int imageSize() { return channels * height * width; }
}
