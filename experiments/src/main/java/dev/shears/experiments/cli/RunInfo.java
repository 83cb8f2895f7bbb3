package dev.shears.experiments.cli;

import dev.shears.tensor.Parallel;
import dev.shears.tensor.io.AtomicFile;
import dev.shears.tensor.kernels.KernelProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code run.json} every run writes beside its results: command line, seed, JVM, kernel backend,
 * threads, git commit (read from {@code .git} without a git binary, when the working directory is a
 * checkout), SHA-256 of each dataset file used, and wall time.
 */
public final class RunInfo {

    private final List<String> args;
    private final long seed;
    private final long startNanos = System.nanoTime();
    private final Instant started = Instant.now();
    private final Map<String, String> datasetChecksums = new LinkedHashMap<>();

    public RunInfo(List<String> args, long seed) {
        this.args = List.copyOf(args);
        this.seed = seed;
    }

    /** Records the SHA-256 of a dataset file the run read. */
    public void addDatasetFile(Path file) throws IOException {
        datasetChecksums.put(file.toString(), sha256(file));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The commit of the checkout containing {@code dir} (walking up), or null. */
    static String gitCommit(Path dir) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            Path git = p.resolve(".git");
            try {
                if (Files.isRegularFile(git)) { // worktree: "gitdir: <path>"
                    String s = Files.readString(git).trim();
                    if (!s.startsWith("gitdir:")) return null;
                    git = p.resolve(s.substring(7).trim());
                }
                if (!Files.isDirectory(git)) continue;
                String head = Files.readString(git.resolve("HEAD")).trim();
                if (!head.startsWith("ref:")) return head;
                String ref = head.substring(4).trim();
                for (Path base : new Path[] {git, commonDir(git)}) {
                    Path refFile = base.resolve(ref);
                    if (Files.isRegularFile(refFile)) return Files.readString(refFile).trim();
                    Path packed = base.resolve("packed-refs");
                    if (Files.isRegularFile(packed)) {
                        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                            if (line.endsWith(" " + ref)) return line.substring(0, line.indexOf(' '));
                        }
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static Path commonDir(Path git) throws IOException {
        Path c = git.resolve("commondir");
        return Files.isRegularFile(c) ? git.resolve(Files.readString(c).trim()).normalize() : git;
    }

    /** The metadata as one JSON object. */
    public Json toJson() {
        Json checksums = new Json();
        datasetChecksums.forEach(checksums::put);
        return new Json()
                .put("command", String.join(" ", args))
                .put("seed", seed)
                .put("started", started.toString())
                .put("wall_seconds", Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0)
                .put("java", System.getProperty("java.version"))
                .put("vm", System.getProperty("java.vm.name"))
                .put("backend", KernelProvider.get().name())
                .put("float_lanes", KernelProvider.get().floatLanes())
                .put("threads", Parallel.threads())
                .put("git_commit", gitCommit(Path.of("")))
                .put("datasets", checksums);
    }

    /** Writes {@code dir/run.json} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFile.write(dir.resolve("run.json"), (toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
