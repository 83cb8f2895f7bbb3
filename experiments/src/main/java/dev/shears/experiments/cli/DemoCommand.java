package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.gemm.Gemm;
import dev.shears.tensor.kernels.KernelProvider;
import dev.shears.tensor.kernels.Kernels;
import dev.shears.tensor.random.Rng;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code shears demo}: the README's main command. Until training lands it runs a kernel self-check (every
 * fast kernel against the scalar reference on random data) and a GEMM throughput demo.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Self-check the kernels and time GEMM.")
final class DemoCommand implements Callable<Integer> {

    @Override public Integer call() {
        Kernels fast = KernelProvider.get(), ref = KernelProvider.scalar();
        Rng rng = new Rng(7);
        int n = 1003;
        float[] a = new float[n], b = new float[n], o1 = new float[n], o2 = new float[n];
        rng.fillUniform(a, -1f, 1f);
        rng.fillUniform(b, 0.5f, 1.5f);
        fast.add(a, 0, b, 0, o1, 0, n);
        ref.add(a, 0, b, 0, o2, 0, n);
        boolean ok = java.util.Arrays.equals(o1, o2);
        fast.mul(a, 0, b, 0, o1, 0, n);
        ref.mul(a, 0, b, 0, o2, 0, n);
        ok &= java.util.Arrays.equals(o1, o2);
        double dotErr = Math.abs(fast.dot(a, 0, b, 0, n) - ref.dot(a, 0, b, 0, n));
        ok &= dotErr < 1e-3;
        System.err.printf("kernels: %s (%d float lanes), self-check %s%n", fast.name(), fast.floatLanes(), ok ? "passed" : "FAILED");
        int m = 512;
        float[] x = new float[m * m], y = new float[m * m], z = new float[m * m];
        rng.fillUniform(x, -1f, 1f);
        rng.fillUniform(y, -1f, 1f);
        Gemm.sgemm(false, false, m, m, m, 1f, x, 0, m, y, 0, m, 0f, z, 0, m);
        long t0 = System.nanoTime();
        Gemm.sgemm(false, false, m, m, m, 1f, x, 0, m, y, 0, m, 0f, z, 0, m);
        double gflops = 2.0 * m * m * (double) m / (System.nanoTime() - t0);
        System.out.println(new Json().put("demo", "kernels").put("backend", fast.name()).put("self_check", ok)
                .put("gemm_n", m).put("gemm_gflops", Math.round(gflops * 10) / 10.0).put("threads", Parallel.threads()));
        return ok ? 0 : 1;
    }
}
