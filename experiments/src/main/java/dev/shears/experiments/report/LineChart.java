package dev.shears.experiments.report;

import java.util.ArrayList;
import java.util.List;

/**
 * An SVG line chart with markers, axes, tick labels, axis titles and a legend — e.g. accuracy versus
 * sparsity for several regimes or methods.
 */
public final class LineChart {

    /** One named series of (x, y) points, drawn in x order. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": x and y lengths differ");
        }
    }

    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private Double yMin, yMax;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Fixes the y range instead of fitting it to the data. */
    public LineChart yRange(double min, double max) {
        yMin = min;
        yMax = max;
        return this;
    }

    /** The chart as an SVG element. */
    public String toSvg() {
        int longest = series.stream().mapToInt(x -> x.name().length()).max().orElse(0);
        int right = Math.max(170, 52 + (int) Math.ceil(7.2 * longest)); // the legend fits its longest name at 12 px
        int w = 470 + right, h = 400, left = 64, top = 36, bottom = 52;
        double xl = Double.POSITIVE_INFINITY, xh = Double.NEGATIVE_INFINITY, yl = Double.POSITIVE_INFINITY, yh = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) continue;
                xl = Math.min(xl, s.x()[i]);
                xh = Math.max(xh, s.x()[i]);
                yl = Math.min(yl, s.y()[i]);
                yh = Math.max(yh, s.y()[i]);
            }
        }
        if (xl > xh) { xl = 0; xh = 1; yl = 0; yh = 1; }
        if (yMin != null) { yl = yMin; yh = yMax; }
        Axis ax = new Axis(xl, xh, left, w - right, 8);
        Axis ay = new Axis(yl, yh, h - bottom, top, 6);
        Svg svg = new Svg(w, h);
        svg.text(w / 2.0 - (right - left) / 2.0, 20, title, "middle", 0, 14, true);
        Frame.draw(svg, ax, ay, xLabel, yLabel);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String c = Palette.color(k);
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < s.x().length; i++) {
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) pts.add(new double[] {s.x()[i], s.y()[i]});
            }
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            double[] px = new double[pts.size()], py = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                px[i] = ax.map(pts.get(i)[0]);
                py[i] = ay.map(pts.get(i)[1]);
            }
            svg.polyline(px, py, c, 2);
            for (int i = 0; i < px.length; i++) {
                svg.circle(px[i], py[i], 3.5, c, s.name() + ": (" + ax.label(pts.get(i)[0]) + ", " + Svg.num(pts.get(i)[1]) + ")");
            }
            double ly = top + 10 + k * 20;
            svg.line(w - right + 14, ly, w - right + 38, ly, c, 2.5, null);
            svg.text(w - right + 44, ly + 4, s.name(), "start", 0, 12, false);
        }
        return svg.toString();
    }
}
