package dev.shears.nn.train;

/**
 * Stops training when the evaluation metric has not improved by more than {@code minDelta} for
 * {@code patience} consecutive epochs (the rule of Keras' and Lightning's EarlyStopping callbacks). The
 * metric is top-1 accuracy (higher is better) or loss (lower is better).
 */
public final class EarlyStopping {

    /** What is monitored. */
    public enum Metric { TOP1, LOSS }

    private final Metric metric;
    private final int patience;
    private final double minDelta;
    private double best = Double.NaN;
    private int badEpochs;

    public EarlyStopping(Metric metric, int patience, double minDelta) {
        if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        if (!(minDelta >= 0)) throw new IllegalArgumentException("minDelta must be >= 0, got " + minDelta);
        this.metric = metric;
        this.patience = patience;
        this.minDelta = minDelta;
    }

    /** Records an evaluation; returns true when training should stop. */
    public boolean update(EvalResult r) {
        double v = metric == Metric.TOP1 ? r.top1() : -r.loss(); // higher is better either way
        if (Double.isNaN(best) || v > best + minDelta) {
            best = v;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        return badEpochs >= patience;
    }

    /** "best,badEpochs", for checkpoints. */
    String state() { return Double.doubleToRawLongBits(best) + "," + badEpochs; }

    void restore(String s) {
        String[] p = s.split(",");
        best = Double.longBitsToDouble(Long.parseLong(p[0]));
        badEpochs = Integer.parseInt(p[1]);
    }
}
