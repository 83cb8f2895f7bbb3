package dev.shears.experiments.report;

import java.util.Locale;

/** A tiny SVG writer: escaped text, numbers with fixed precision, no external assets. */
final class Svg {

    private final StringBuilder sb = new StringBuilder();

    Svg(int width, int height) {
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ').append(height)
          .append("\" width=\"").append(width).append("\" height=\"").append(height)
          .append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
    }

    static String num(double v) { return String.format(Locale.ROOT, "%.2f", v); }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"").append(num(x2))
          .append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(width)).append('"');
        if (dash != null) sb.append(" stroke-dasharray=\"").append(dash).append('"');
        sb.append("/>\n");
        return this;
    }

    Svg rect(double x, double y, double w, double h, String fill, String title) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(Math.max(0, w)))
          .append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
        if (title != null) sb.append("><title>").append(escape(title)).append("</title></rect>\n");
        else sb.append("/>\n");
        return this;
    }

    Svg circle(double cx, double cy, double r, String fill, String title) {
        sb.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"").append(num(r))
          .append("\" fill=\"").append(fill).append('"');
        if (title != null) sb.append("><title>").append(escape(title)).append("</title></circle>\n");
        else sb.append("/>\n");
        return this;
    }

    Svg polyline(double[] xs, double[] ys, String stroke, double width) {
        sb.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(num(width)).append("\" points=\"");
        for (int i = 0; i < xs.length; i++) sb.append(i > 0 ? " " : "").append(num(xs[i])).append(',').append(num(ys[i]));
        sb.append("\"/>\n");
        return this;
    }

    /** anchor: start, middle or end; rotate in degrees about (x, y). */
    Svg text(double x, double y, String s, String anchor, double rotate, int size, boolean bold) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"").append(anchor).append('"');
        if (size != 12) sb.append(" font-size=\"").append(size).append('"');
        if (bold) sb.append(" font-weight=\"bold\"");
        if (rotate != 0) sb.append(" transform=\"rotate(").append(num(rotate)).append(' ').append(num(x)).append(' ').append(num(y)).append(")\"");
        sb.append('>').append(escape(s)).append("</text>\n");
        return this;
    }

    @Override public String toString() { return sb + "</svg>\n"; }
}
