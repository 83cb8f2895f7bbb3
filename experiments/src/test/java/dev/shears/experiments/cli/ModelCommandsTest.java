package dev.shears.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shears.nn.data.EmbeddedFashionMnist;
import dev.shears.nn.io.JsonParser;
import dev.shears.nn.io.JsonValue;
import dev.shears.nn.io.Npy;
import dev.shears.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train → eval → forward on the embedded dataset with LeNet-5, and bench train, through the real command line. */
class ModelCommandsTest {

    private record Run(int exit, List<String> lines) {}

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int exit = ShearsMain.commandLine().execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8).lines().toList());
        } finally {
            System.setOut(old);
        }
    }

    private static JsonValue.Obj json(String line) throws Exception {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return JsonParser.parse(b, 0, b.length).asObject("line");
    }

    private static double num(JsonValue.Obj o, String key) throws Exception { return o.require(key, key).asDouble(key); }

    @Test void trainThenEvalThenForward(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Run train = run("train", "--model", "lenet5", "--dataset", "embedded", "--epochs", "2", "--batch", "100", "--lr", "0.05",
                "--threads", "2", "--no-progress", "--out", out.toString());
        assertEquals(0, train.exit());
        assertEquals(3, train.lines().size(), train.lines().toString()); // two epochs, then the summary
        JsonValue.Obj epoch2 = json(train.lines().get(1));
        assertEquals(2, num(epoch2, "epoch"));
        double top1 = num(epoch2, "test_top1");
        assertTrue(top1 > 0.3 && num(epoch2, "test_top5") >= top1, "learned something: " + epoch2);
        for (String f : new String[] {"model.safetensors", "checkpoint.safetensors", "run.json"}) assertTrue(Files.exists(out.resolve(f)), f);

        Run eval = run("eval", "--model", "lenet5", "--dataset", "embedded", "--weights", out.resolve("model.safetensors").toString());
        assertEquals(0, eval.exit());
        assertEquals(top1, num(json(eval.lines().get(0)), "test_top1"), 1e-9, "eval reproduces the last epoch's test accuracy");

        Tensor x = EmbeddedFashionMnist.test().first(4).images();
        Path in = dir.resolve("x.npy"), logits = dir.resolve("y.npy");
        Npy.write(in, x);
        Run fwd = run("forward", "--model", "lenet5", "--weights", out.resolve("model.safetensors").toString(),
                "--input", in.toString(), "--output", logits.toString(), "--classes", "10");
        assertEquals(0, fwd.exit());
        assertArrayEquals(new int[] {4, 10}, Npy.read(logits).shape());
    }

    @Test void benchTrainPrintsOneLine() throws Exception {
        Run r = run("bench", "train", "--model", "lenet5", "--batch", "8", "--threads", "1", "--steps", "1", "--warmup", "0", "--warmup-ms", "0");
        assertEquals(0, r.exit());
        JsonValue.Obj o = json(r.lines().get(0));
        assertTrue(num(o, "train_step_ms") > 0 && num(o, "infer_batch_ms") > 0);
        assertTrue(num(o, "train_step_mean_ms") > 0 && num(o, "infer_batch_mean_ms") > 0);
        assertEquals(61_706, num(o, "params"));
    }

    @Test void benchGemmTimesARectangularTransposedShape() throws Exception {
        Run r = run("bench", "gemm", "--shape", "200,96,300", "--trans", "NT", "--threads", "1", "--runs", "3", "--warmup", "1", "--warmup-ms", "0");
        assertEquals(0, r.exit());
        JsonValue.Obj o = json(r.lines().get(0));
        assertEquals(200, num(o, "m"));
        assertEquals(96, num(o, "n"));
        assertEquals(300, num(o, "k"));
        // the reported rate is the work over the median time (odd run count), both rounded for output
        double ms = num(o, "median_ms"), expect = 2.0 * 200 * 96 * 300 / (ms * 1e6);
        assertTrue(ms > 0, o.toString());
        assertEquals(expect, num(o, "gflops"), 0.05 + expect * 0.0051 / ms, o.toString()); // ms is rounded to 0.01
        assertEquals(2, run("bench", "gemm", "--shape", "4,4", "--runs", "1").exit(), "two sizes: a usage error");
        assertEquals(2, run("bench", "gemm", "--trans", "TT", "--size", "8", "--runs", "1").exit(), "TT: a usage error");
    }

    @Test void unknownModelIsAUsageError(@TempDir Path dir) {
        assertEquals(2, run("train", "--model", "nope", "--dataset", "embedded", "--no-progress", "--out", dir.toString()).exit());
    }
}
