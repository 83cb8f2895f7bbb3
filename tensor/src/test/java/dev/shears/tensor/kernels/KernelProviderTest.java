package dev.shears.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code shears.kernels} switch of {@link KernelProvider#vectorOr}, read at each call. */
class KernelProviderTest {

    private final String saved = System.getProperty("shears.kernels");
    private final Kernels fallback = new ScalarKernels();

    @AfterEach
    void restore() {
        if (saved == null) System.clearProperty("shears.kernels");
        else System.setProperty("shears.kernels", saved);
    }

    @Test
    void scalarAlwaysGivesTheFallback() {
        System.setProperty("shears.kernels", "scalar");
        assertSame(fallback, KernelProvider.vectorOr("dev.shears.tensor.kernels.VectorKernels", Kernels.class, fallback));
    }

    @Test
    void autoFallsBackWhenTheVectorClassCannotLoad() {
        System.setProperty("shears.kernels", "auto");
        assertSame(fallback, KernelProvider.vectorOr("dev.shears.NoSuchVectorClass", Kernels.class, fallback));
    }

    @Test
    void vectorFailsLoudlyInsteadOfFallingBack() {
        System.setProperty("shears.kernels", "vector");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelProvider.vectorOr("dev.shears.NoSuchVectorClass", Kernels.class, fallback));
        assertTrue(e.getMessage().contains("shears.kernels=vector"), e.getMessage());
    }

    @Test
    void unknownSettingsAreRejected() {
        System.setProperty("shears.kernels", "simd");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelProvider.vectorOr("dev.shears.tensor.kernels.VectorKernels", Kernels.class, fallback));
        assertTrue(e.getMessage().contains("simd"), e.getMessage());
    }
}
