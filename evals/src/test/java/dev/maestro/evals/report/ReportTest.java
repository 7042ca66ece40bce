package dev.maestro.evals.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    @TempDir
    Path dir;

    @Test
    void should_write_markdown_and_self_contained_html_with_charts() throws IOException {
        Map<String, Double> ndcg = new LinkedHashMap<>();
        ndcg.put("keyword", 0.67);
        ndcg.put("dense", 0.71);

        Report.titled("Retrieval <eval>")
                .paragraph("2 strategies")
                .table(List.of("strategy", "nDCG@10"), List.of(List.of("keyword", "0.670"), List.of("dense", "0.710")))
                .barChart("nDCG@10 by strategy", "nDCG@10", Map.of("nDCG@10", ndcg))
                .writeTo(dir);

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("# Retrieval <eval>", "| strategy | nDCG@10 |", "| dense | 0.710 |", "![nDCG@10 by strategy](chart-1.png)");
        byte[] png = Files.readAllBytes(dir.resolve("chart-1.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).isGreaterThan(2000);
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("<title>Retrieval &lt;eval&gt;", "<td>0.710</td>", "src=\"data:image/png;base64,")
                .doesNotContain("http://", "https://");
    }
}
