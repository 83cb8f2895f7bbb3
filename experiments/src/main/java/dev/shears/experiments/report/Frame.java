package dev.shears.experiments.report;

/** Draws the axes, grid lines, tick labels and axis titles shared by the charts. */
final class Frame {

    private Frame() {}

    static void draw(Svg svg, Axis ax, Axis ay, String xLabel, String yLabel) {
        for (double t : ay.ticks()) {
            double y = ay.map(t);
            svg.line(ax.pixLo, y, ax.pixHi, y, "#dddddd", 1, null);
            svg.text(ax.pixLo - 6, y + 4, ay.label(t), "end", 0, 11, false);
        }
        for (double t : ax.ticks()) {
            double x = ax.map(t);
            svg.line(x, ay.pixLo, x, ay.pixLo + 5, "#333333", 1, null);
            svg.text(x, ay.pixLo + 18, ax.label(t), "middle", 0, 11, false);
        }
        svg.line(ax.pixLo, ay.pixLo, ax.pixHi, ay.pixLo, "#333333", 1.2, null);
        svg.line(ax.pixLo, ay.pixLo, ax.pixLo, ay.pixHi, "#333333", 1.2, null);
        svg.text((ax.pixLo + ax.pixHi) / 2, ay.pixLo + 40, xLabel, "middle", 0, 12, false);
        double cy = (ay.pixLo + ay.pixHi) / 2;
        svg.text(ax.pixLo - 46, cy, yLabel, "middle", -90, 12, false);
    }
}
