package dev.shears.nn.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress on stderr: on a terminal, one line redrawn in place (at most 5 times a second) with the
 * batch count, rate, ETA and running loss/accuracy; otherwise (a pipe or file, {@code System.console() ==
 * null}) a plain line every {@code intervalSeconds} and at the end of each epoch, so logs stay readable.
 */
public final class ProgressBar {

    private final PrintStream out;
    private final boolean interactive;
    private final double intervalSeconds;
    private int epoch, epochs, total;
    private long start, lastPrint;
    private int lastLength;

    public ProgressBar(PrintStream out, boolean interactive, double intervalSeconds) {
        this.out = out;
        this.interactive = interactive;
        this.intervalSeconds = intervalSeconds;
    }

    /** stderr; interactive when the JVM has a console; plain lines every 15 s otherwise. */
    public static ProgressBar stderr() { return new ProgressBar(System.err, System.console() != null, 15); }

    /** Starts an epoch of {@code batches} batches. */
    public void startEpoch(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.epochs = epochs;
        this.total = batches;
        start = lastPrint = System.nanoTime();
        lastLength = 0;
    }

    /** Reports that {@code done} batches are finished. */
    public void update(int done, double runningLoss, double runningAccuracy) {
        long now = System.nanoTime();
        double sinceLast = (now - lastPrint) / 1e9;
        boolean end = done == total;
        if (interactive ? sinceLast < 0.2 && !end : sinceLast < intervalSeconds && !end) return;
        lastPrint = now;
        String line = render(done, (now - start) / 1e9, runningLoss, runningAccuracy);
        if (interactive) {
            int pad = Math.max(0, lastLength - line.length());
            out.print("\r" + line + " ".repeat(pad) + (end ? "\n" : ""));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    String render(int done, double elapsed, double loss, double acc) {
        double rate = elapsed > 0 ? done / elapsed : 0;
        double eta = rate > 0 ? (total - done) / rate : Double.NaN;
        int width = 24, filled = total == 0 ? width : (int) ((long) width * done / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        return String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d %.2f batch/s eta %s loss %.4f acc %.2f%%",
                epoch + 1, epochs, bar, done, total, rate, clock(eta), loss, 100 * acc);
    }

    private static String clock(double seconds) {
        if (Double.isNaN(seconds)) return "--:--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
