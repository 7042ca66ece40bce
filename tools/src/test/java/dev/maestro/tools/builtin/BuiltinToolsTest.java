package dev.maestro.tools.builtin;

import com.sun.net.httpserver.HttpServer;
import dev.maestro.tools.ToolInvoker;
import dev.maestro.tools.ToolResult;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinToolsTest {

    final ToolInvoker invoker = new ToolInvoker();
    final Duration timeout = Duration.ofSeconds(5);

    @Test
    void current_time_reads_the_injected_clock_in_the_asked_zone() {
        CurrentTimeTool tool = new CurrentTimeTool(Clock.fixed(Instant.parse("2026-03-01T23:30:00Z"), ZoneOffset.UTC));
        assertThat(invoker.invoke(tool, "{}", timeout).text()).isEqualTo("2026-03-01T23:30:00Z (Sunday, UTC)");
        assertThat(invoker.invoke(tool, "{\"zone\":\"Europe/Paris\"}", timeout).text()).startsWith("2026-03-02T00:30:00+01:00 (Monday");
        assertThat(invoker.invoke(tool, "{\"zone\":\"Mars/Olympus\"}", timeout).text()).contains("Unknown time zone 'Mars/Olympus'");
    }

    @Test
    void calculator_evaluates_and_explains_what_it_cannot() {
        CalculatorTool calc = new CalculatorTool();
        assertThat(invoker.invoke(calc, "{\"expression\":\"(17.5 * 3) / 4\"}", timeout).text()).isEqualTo("13.125");
        assertThat(invoker.invoke(calc, "{\"expression\":\"2^10 + sqrt(16)\"}", timeout).text()).isEqualTo("1028");
        ToolResult bad = invoker.invoke(calc, "{\"expression\":\"2 +* 3\"}", timeout);
        assertThat(bad.ok()).isFalse();
        assertThat(bad.text()).startsWith("Cannot evaluate '2 +* 3'");
        assertThat(invoker.invoke(calc, "{\"expression\":\"1/0\"}", timeout).text()).contains("Division by zero");
        assertThat(invoker.invoke(calc, "{\"expression\":\"10^400\"}", timeout).text()).contains("no finite value");
        assertThat(invoker.invoke(calc, "{\"expression\":\"java.lang.System.exit(1)\"}", timeout).ok()).isFalse();
    }

    @Test
    void http_get_fetches_allowed_hosts_only() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/doc", exchange -> {
            byte[] body = "the document".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://elsewhere.invalid/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpGetTool tool = new HttpGetTool(Set.of("127.0.0.1"));
            assertThat(invoker.invoke(tool, "{\"url\":\"" + base + "/doc\"}", timeout).text()).isEqualTo("HTTP 200\n\nthe document");
            assertThat(invoker.invoke(tool, "{\"url\":\"" + base + "/moved\"}", timeout).text())
                    .startsWith("HTTP 302\nLocation: http://elsewhere.invalid/ (redirects are not followed)");
            ToolResult refused = invoker.invoke(new HttpGetTool(Set.of("example.org")), "{\"url\":\"" + base + "/doc\"}", timeout);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.text()).contains("Host '127.0.0.1' is not on the allow-list", "[example.org]");
            assertThat(invoker.invoke(tool, "{\"url\":\"file:///etc/passwd\"}", timeout).text()).contains("Only http and https");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void search_numbers_the_hits_of_the_plugged_searcher() {
        SearchTool tool = SearchTool.retrieval("default", (query, limit, context) ->
                List.of(new SearchTool.Hit("Doc A", "about " + query), new SearchTool.Hit("", "limit was " + limit)));
        assertThat(invoker.invoke(tool, "{\"query\":\"pgvector\",\"limit\":2}", timeout).text())
                .isEqualTo("[1] Doc A\nabout pgvector\n\n[2] limit was 2");
        assertThat(tool.name()).isEqualTo("retrieval_search");
    }
}
