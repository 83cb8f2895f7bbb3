package dev.shears.autograd.ops;

import dev.shears.autograd.Node;
import dev.shears.autograd.Variable;
import dev.shears.tensor.Tensor;

/** Element-wise {@code y = x} for {@code x > 0}, else {@code slope·x}; {@code ∂x = gy} or {@code slope·gy} (PyTorch's default slope is 0.01). */
public final class LeakyRelu extends Node {

    private final float slope;

    private LeakyRelu(Variable x, float slope) {
        super(x);
        this.slope = slope;
    }

    /** x: any shape → y: same shape. */
    public static Variable apply(Variable x, float slope) {
        Tensor y = ElementWise.map(x.data(), v -> v > 0f ? v : slope * v);
        return record(y, () -> new LeakyRelu(x, slope), x);
    }

    @Override protected Tensor[] backward(Tensor gy) {
        return new Tensor[] {ElementWise.grad(gy, input(0).data(), (g, v) -> v > 0f ? g : slope * g)};
    }
}
