package dev.shears.tensor.kernels;

import java.util.Locale;

/**
 * Picks the kernel backend once, at class initialisation.
 *
 * <p>The vector backend is used when the {@code jdk.incubator.vector} module is in the boot layer (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code shears.kernels} is not {@code scalar}. Otherwise the scalar reference runs. The vector classes are
 * loaded reflectively so that a JVM without the module never links them.
 */
public final class KernelProvider {

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels INSTANCE = choose();

    private KernelProvider() {}

    /** The backend in use for this JVM. */
    public static Kernels get() { return INSTANCE; }

    /** The scalar reference backend, always available. */
    public static Kernels scalar() { return SCALAR; }

    /** True when the incubator Vector API module is present in the boot layer. */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * Loads a vector implementation by class name if the module is present and not disabled, else returns
     * {@code fallback}. Other packages (GEMM, convolution) use this to pick their own vector classes.
     * {@code shears.kernels} is {@code auto} (default), {@code scalar} (always the fallback) or {@code vector}
     * (the vector class or an {@link IllegalStateException}, never a silent fallback).
     */
    public static <T> T vectorOr(String className, Class<T> type, T fallback) {
        String wanted = System.getProperty("shears.kernels", "auto").toLowerCase(Locale.ROOT);
        if (!wanted.equals("auto") && !wanted.equals("scalar") && !wanted.equals("vector")) {
            throw new IllegalStateException("shears.kernels must be auto, scalar or vector, got " + wanted);
        }
        if (wanted.equals("scalar")) return fallback;
        if (!vectorModulePresent()) {
            // asking for vector explicitly must not silently measure the scalar path
            if (wanted.equals("vector")) {
                throw new IllegalStateException("shears.kernels=vector but the JVM lacks --add-modules jdk.incubator.vector");
            }
            return fallback;
        }
        try {
            Object o = Class.forName(className).getDeclaredConstructor().newInstance();
            return type.cast(o);
        } catch (ReflectiveOperationException | LinkageError e) {
            if (wanted.equals("vector")) {
                throw new IllegalStateException("shears.kernels=vector but " + className + " failed to load", e);
            }
            return fallback;
        }
    }

    private static Kernels choose() {
        return vectorOr("dev.shears.tensor.kernels.VectorKernels", Kernels.class, SCALAR);
    }
}
