package dev.shears.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ChartsTest {

    private static Document parse(String xml) throws Exception {
        var f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String texts(Document d) {
        var nodes = d.getElementsByTagName("text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.getLength(); i++) sb.append(nodes.item(i).getTextContent()).append('|');
        return sb.toString();
    }

    @Test
    void lineChartIsWellFormedWithAxesLegendAndOneMarkerPerPoint() throws Exception {
        String svg = new LineChart("Accuracy vs sparsity", "sparsity (%)", "top-1 (%)")
                .add(new LineChart.Series("fine-tuned", new double[] {0, 50, 90}, new double[] {92, 91.5, 90}))
                .add(new LineChart.Series("scratch <&>", new double[] {0, 50, 90}, new double[] {88, 87, 80}))
                .toSvg();
        Document d = parse(svg);
        assertEquals(6, d.getElementsByTagName("circle").getLength());
        assertEquals(2, d.getElementsByTagName("polyline").getLength());
        String t = texts(d);
        assertTrue(t.contains("sparsity (%)") && t.contains("top-1 (%)") && t.contains("fine-tuned") && t.contains("scratch <&>"), t);
    }

    @Test
    void axisTicksAreNiceAndCoverTheData() {
        Axis a = new Axis(0.13, 97.2, 0, 100, 6);
        assertTrue(a.lo <= 0.13 && a.hi >= 97.2);
        assertEquals(20.0, a.step, 1e-12);
        for (double t : a.ticks()) assertEquals(0, Math.IEEEremainder(t, a.step), 1e-9);
    }

    @Test
    void histogramCountsEveryFiniteValueOnce() throws Exception {
        double[] v = {0, 0.1, 0.2, 0.5, 0.99, 1.0, Double.NaN};
        BarChart h = BarChart.histogram("λ", "value", v, 4);
        Document d = parse(h.toSvg());
        double total = 0;
        var rects = d.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            String title = rects.item(i).getTextContent();
            if (!title.isEmpty()) total += Double.parseDouble(title.substring(title.lastIndexOf(':') + 1).trim());
        }
        assertEquals(6, total, 0);
    }

    @Test
    void reportIsSelfContainedHtml() throws Exception {
        String html = new HtmlReport("Study <1>").heading("Results", 2)
                .table(List.of("layer", "ψ"), List.of(List.of("features.0", "0.051")))
                .figure(new BarChart("ψ", "layer", "ψ", List.of("a", "b")).add(new BarChart.Series("sHAM", new double[] {0.1, 0.2})).toSvg(), "ψ per layer")
                .toHtml();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Study &lt;1&gt;"));
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "no external assets");
    }
}
