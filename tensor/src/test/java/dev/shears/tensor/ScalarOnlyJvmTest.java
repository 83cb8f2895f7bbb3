package dev.shears.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import org.junit.jupiter.api.Test;

/**
 * Runs in its own surefire execution, in a JVM started <em>without</em> {@code --add-modules
 * jdk.incubator.vector}: the provider must fall back to the scalar kernels and tensors must still work.
 */
class ScalarOnlyJvmTest {

    @Test
    void fallsBackToScalarWithoutTheIncubatorModule() {
        assertFalse(KernelProvider.vectorModulePresent(), "this execution must run without the incubator module");
        assertEquals("scalar", KernelProvider.get().name());
        assertTrue(Gemm.kernelName().startsWith("scalar"), Gemm.kernelName());
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
        assertEquals(141f, a.add(b).sum(), 0f); // [[11, 22, 33], [14, 25, 36]]
        Tensor c = a.matmul(a.transpose(0, 1)); // [[14, 32], [32, 77]]
        assertEquals(14f, c.get(0, 0));
        assertEquals(32f, c.get(0, 1));
        assertEquals(77f, c.get(1, 1));
    }

    @Test
    void askingForVectorWithoutTheModuleFailsLoudly() {
        String saved = System.getProperty("shears.kernels");
        System.setProperty("shears.kernels", "vector");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> KernelProvider.vectorOr(
                    "dev.shears.tensor.kernels.VectorKernels", Kernels.class, KernelProvider.scalar()));
            assertTrue(e.getMessage().contains("jdk.incubator.vector"), e.getMessage());
        } finally {
            if (saved == null) System.clearProperty("shears.kernels");
            else System.setProperty("shears.kernels", saved);
        }
    }
}
