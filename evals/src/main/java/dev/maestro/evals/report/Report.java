package dev.maestro.evals.report;

import dev.maestro.core.Ensure;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An evaluation report written twice: {@code report.md} (tables, charts as PNG files beside it) and a
 * self-contained {@code report.html} (charts inlined, no network needed to view it).
 *
 * <pre>{@code
 * Report.titled("Retrieval on SciFact")
 *     .paragraph("300 test queries")
 *     .table(List.of("strategy", "nDCG@10"), rows)
 *     .barChart("nDCG@10 by strategy", "nDCG@10", Map.of("nDCG@10", Map.of("dense", 0.71, "keyword", 0.67)))
 *     .writeTo(outDir);
 * }</pre>
 *
 * @since 0.1
 */
public final class Report {

    static {
        // Charts render off-screen; never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    private static final int WIDTH = 760;
    private static final int HEIGHT = 400;

    private sealed interface Block permits Heading, Paragraph, Table, Chart {
    }

    private record Heading(String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    private record Table(List<String> headers, List<List<String>> rows) implements Block {
    }

    private record Chart(String title, String file, byte[] png) implements Block {
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();
    private int charts;

    private Report(String title) {
        this.title = Ensure.notBlank(title, "title");
    }

    public static Report titled(String title) {
        return new Report(title);
    }

    public Report heading(String text) {
        blocks.add(new Heading(text));
        return this;
    }

    public Report paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    public Report table(List<String> headers, List<List<String>> rows) {
        for (List<String> row : rows) {
            if (row.size() != headers.size()) {
                throw new IllegalArgumentException("table row has " + row.size() + " cells, headers have " + headers.size() + ": " + row);
            }
        }
        blocks.add(new Table(List.copyOf(headers), List.copyOf(rows)));
        return this;
    }

    /**
     * Grouped bars: one series per outer key, one bar group per inner key (in iteration order, so pass ordered maps).
     * A value that is not {@link Metric#applicable} gets no bar, a series without any is left out, and a chart
     * with nothing to draw becomes a sentence saying so.
     */
    public Report barChart(String chartTitle, String yLabel, Map<String, Map<String, Double>> series) {
        Map<String, List<Double>> drawn = new LinkedHashMap<>();
        series.forEach((name, values) -> {
            // xchart skips null bars, but NaN fails its axis arithmetic ("Infinite or NaN")
            List<Double> bars = values.values().stream().map(v -> Metric.applicable(v) ? v : null).toList();
            if (bars.stream().anyMatch(Objects::nonNull)) {
                drawn.put(name, bars);
            }
        });
        if (drawn.isEmpty()) {
            return nothingToDraw(chartTitle);
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(chartTitle).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsPosition(0.9);
        drawn.forEach((name, bars) -> chart.addSeries(name, new ArrayList<>(series.get(name).keySet()), new ArrayList<>(bars)));
        return chart(chartTitle, png(chart));
    }

    /**
     * Lines over a numeric x axis, e.g. latency percentiles or recall@k. Points that are not {@link Metric#applicable}
     * are left out, as are series without any and, when nothing is left, the chart.
     */
    public Report lineChart(String chartTitle, String xLabel, String yLabel, Map<String, Map<Double, Double>> series) {
        Map<String, Map<Double, Double>> drawn = new LinkedHashMap<>();
        series.forEach((name, points) -> {
            Map<Double, Double> kept = new LinkedHashMap<>();
            points.forEach((x, y) -> {
                if (Metric.applicable(x) && Metric.applicable(y)) {
                    kept.put(x, y);
                }
            });
            if (!kept.isEmpty()) {
                drawn.put(name, kept);
            }
        });
        if (drawn.isEmpty()) {
            return nothingToDraw(chartTitle);
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(chartTitle).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        drawn.forEach((name, points) -> chart.addSeries(name, new ArrayList<>(points.keySet()), new ArrayList<>(points.values())));
        return chart(chartTitle, png(chart));
    }

    private Report nothingToDraw(String chartTitle) {
        return paragraph(chartTitle + ": no chart, nothing measured is applicable (" + Metric.NOT_APPLICABLE + ").");
    }

    /** Writes {@code report.md}, {@code report.html} and the chart PNGs into {@code dir} (created when missing). */
    public void writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            for (Block b : blocks) {
                if (b instanceof Chart c) {
                    Files.write(dir.resolve(c.file()), c.png());
                }
            }
            Files.writeString(dir.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + dir, e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading h -> md.append("## ").append(h.text()).append("\n\n");
                case Paragraph p -> md.append(p.text()).append("\n\n");
                case Table t -> {
                    md.append("| ").append(String.join(" | ", t.headers())).append(" |\n|");
                    md.append("---|".repeat(t.headers().size())).append('\n');
                    for (List<String> row : t.rows()) {
                        md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList())).append(" |\n");
                    }
                    md.append('\n');
                }
                case Chart c -> md.append("![").append(c.title()).append("](").append(c.file()).append(")\n\n");
            }
        }
        return md.toString();
    }

    String html() {
        StringBuilder h = new StringBuilder("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>""").append(esc(title)).append("""
                </title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#161616;background:#fff}
                h1{font-weight:400}h2{font-weight:500;margin-top:2rem}
                table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{padding:.45rem .7rem;border-bottom:1px solid #e0e0e0;text-align:right}
                th:first-child,td:first-child{text-align:left}th{background:#f4f4f4;font-weight:600}
                tr:hover td{background:#f9f9f9}img{max-width:100%;height:auto;margin:1rem 0;border:1px solid #e0e0e0}
                </style></head><body>
                """);
        h.append("<h1>").append(esc(title)).append("</h1>\n");
        for (Block b : blocks) {
            switch (b) {
                case Heading hd -> h.append("<h2>").append(esc(hd.text())).append("</h2>\n");
                case Paragraph p -> h.append("<p>").append(esc(p.text())).append("</p>\n");
                case Table t -> {
                    h.append("<table><thead><tr>");
                    t.headers().forEach(c -> h.append("<th>").append(esc(c)).append("</th>"));
                    h.append("</tr></thead><tbody>\n");
                    for (List<String> row : t.rows()) {
                        h.append("<tr>");
                        row.forEach(c -> h.append("<td>").append(esc(c)).append("</td>"));
                        h.append("</tr>\n");
                    }
                    h.append("</tbody></table>\n");
                }
                case Chart c -> h.append("<img alt=\"").append(esc(c.title())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(c.png())).append("\">\n");
            }
        }
        return h.append("</body></html>\n").toString();
    }

    private Report chart(String chartTitle, byte[] png) {
        charts++;
        blocks.add(new Chart(chartTitle, "chart-" + charts + ".png", png));
        return this;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setAntiAlias(true);
    }

    private static byte[] png(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot render chart '" + chart.getTitle() + "'", e);
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
