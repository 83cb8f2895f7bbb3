package dev.shears.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A grouped SVG bar chart: one group per category (e.g. a layer), one bar per series (e.g. a method or a
 * storage format). Also serves as a histogram when given bin labels and one series.
 */
public final class BarChart {

    /** One named series with one value per category. */
    public record Series(String name, double[] values) {}

    private final String title, xLabel, yLabel;
    private final List<String> categories;
    private final List<Series> series = new ArrayList<>();

    public BarChart(String title, String xLabel, String yLabel, List<String> categories) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.categories = List.copyOf(categories);
    }

    public BarChart add(Series s) {
        if (s.values().length != categories.size()) {
            throw new IllegalArgumentException("series " + s.name() + " has " + s.values().length + " values for " + categories.size() + " categories");
        }
        series.add(s);
        return this;
    }

    /** The chart as an SVG element; long category lists get rotated labels. */
    public String toSvg() {
        int n = Math.max(1, categories.size());
        int w = Math.max(640, 90 + n * Math.max(18, 10 * series.size() + 8) + 170);
        int longest = categories.stream().mapToInt(String::length).max().orElse(0);
        // rotate the labels when the longest would not fit under its group (about 6.5 px per character)
        boolean rotate = longest * 6.5 > (w - 234.0) / n;
        int h = rotate ? 400 + (int) Math.min(150, longest * 4.2) : 400;
        int left = 64, right = 170, top = 36, bottom = rotate ? 52 + (int) Math.min(150, longest * 4.2) : 52;
        double hi = 0, lo = 0;
        for (Series s : series) for (double v : s.values()) if (Double.isFinite(v)) { hi = Math.max(hi, v); lo = Math.min(lo, v); }
        Axis ay = new Axis(lo, hi == lo ? lo + 1 : hi, h - bottom, top, 6);
        Svg svg = new Svg(w, h);
        svg.text((w - right + left) / 2.0, 20, title, "middle", 0, 14, true);
        double plotW = w - right - left, groupW = plotW / n, barW = groupW * 0.8 / Math.max(1, series.size());
        for (double t : ay.ticks()) {
            double y = ay.map(t);
            svg.line(left, y, w - right, y, "#dddddd", 1, null);
            svg.text(left - 6, y + 4, ay.label(t), "end", 0, 11, false);
        }
        double zero = ay.map(Math.max(ay.lo, 0));
        for (int c = 0; c < categories.size(); c++) {
            double gx = left + c * groupW + groupW * 0.1;
            for (int k = 0; k < series.size(); k++) {
                double v = series.get(k).values()[c];
                if (!Double.isFinite(v)) continue;
                double y = ay.map(v);
                svg.rect(gx + k * barW, Math.min(y, zero), barW * 0.92, Math.abs(zero - y), Palette.color(k),
                        series.get(k).name() + " · " + categories.get(c) + ": " + Svg.num(v));
            }
            double lx = left + (c + 0.5) * groupW;
            if (rotate) svg.text(lx, h - bottom + 14, categories.get(c), "end", -45, 10, false);
            else svg.text(lx, h - bottom + 18, categories.get(c), "middle", 0, 11, false);
        }
        svg.line(left, zero, w - right, zero, "#333333", 1.2, null);
        svg.line(left, h - bottom, left, top, "#333333", 1.2, null);
        svg.text((left + w - right) / 2.0, h - 8, xLabel, "middle", 0, 12, false);
        svg.text(left - 46, (top + h - bottom) / 2.0, yLabel, "middle", -90, 12, false);
        for (int k = 0; k < series.size(); k++) {
            double ly = top + 10 + k * 20;
            svg.rect(w - right + 14, ly - 6, 14, 12, Palette.color(k), null);
            svg.text(w - right + 34, ly + 4, series.get(k).name(), "start", 0, 12, false);
        }
        return svg.toString();
    }

    /** A histogram of {@code values} in {@code bins} equal bins over [min, max]. */
    public static BarChart histogram(String title, String xLabel, double[] values, int bins) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) if (Double.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        if (lo > hi) { lo = 0; hi = 1; }
        if (hi == lo) hi = lo + 1;
        double[] counts = new double[bins];
        for (double v : values) {
            if (!Double.isFinite(v)) continue;
            int b = (int) Math.min(bins - 1, Math.floor((v - lo) / (hi - lo) * bins));
            counts[b]++;
        }
        List<String> labels = new ArrayList<>();
        for (int b = 0; b < bins; b++) labels.add(String.format(java.util.Locale.ROOT, "%.3g", lo + (b + 0.5) * (hi - lo) / bins));
        return new BarChart(title, xLabel, "count", labels).add(new Series("count", counts));
    }
}
