package dev.shears.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import dev.shears.tensor.io.AtomicFile;
import java.util.List;

/**
 * A self-contained HTML page: headings, paragraphs, tables and inline SVG charts, with a small inline
 * stylesheet and no external assets, so the file can be mailed or archived alone.
 */
public final class HtmlReport {

    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) { this.title = title; }

    public HtmlReport heading(String text, int level) {
        body.append("<h").append(level).append('>').append(Svg.escape(text)).append("</h").append(level).append(">\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(Svg.escape(text)).append("</p>\n");
        return this;
    }

    /** A preformatted block (commands, raw figures). */
    public HtmlReport pre(String text) {
        body.append("<pre>").append(Svg.escape(text)).append("</pre>\n");
        return this;
    }

    /** A table; every cell is escaped. Numeric-looking cells are right-aligned. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<thead><tr>");
        for (String h : header) body.append("<th>").append(Svg.escape(h)).append("</th>");
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) {
                boolean num = c.matches("[-+]?[0-9.,eE%×x ]+");
                body.append(num ? "<td class=\"n\">" : "<td>").append(Svg.escape(c)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** An inline SVG figure with a caption. */
    public HtmlReport figure(String svg, String caption) {
        body.append("<figure>").append(svg).append("<figcaption>").append(Svg.escape(caption)).append("</figcaption></figure>\n");
        return this;
    }

    public String toHtml() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Svg.escape(title) + "</title>\n"
                + "<style>body{font-family:Helvetica,Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px}th{background:#f3f3f3}"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1.5em 0}figcaption{color:#555;font-size:90%}"
                + "pre{background:#f7f7f7;padding:8px;overflow-x:auto}svg{max-width:100%;height:auto}</style></head>\n<body>\n"
                + "<h1>" + Svg.escape(title) + "</h1>\n" + body + "</body></html>\n";
    }

    /** Writes the page atomically. */
    public void write(Path file) throws IOException {
        AtomicFile.write(file, toHtml().getBytes(StandardCharsets.UTF_8));
    }
}
