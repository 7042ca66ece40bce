package dev.maestro.server;

import dev.maestro.graph.RunEvent;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ServerMetricsTest {

    @Test
    void should_count_who_decided_each_route_and_time_the_llm_classifier() {
        // given
        ServerMetrics metrics = new ServerMetrics();

        // when: one route the embedding router decided, two the classifier did (42 and 58 ms)
        metrics.onEvent(new RunEvent(RunEvent.Type.ROUTE, "classify", 0, Map.of("route", "coder", "decided_by", "embedding")));
        metrics.onEvent(new RunEvent(RunEvent.Type.ROUTE, "classify", 0, Map.of("route", "general", "decided_by", "llm", "llm_ms", 42L)));
        metrics.onEvent(new RunEvent(RunEvent.Type.ROUTE, "classify", 0, Map.of("route", "researcher", "decided_by", "llm", "llm_ms", 58L)));

        // then
        String scrape = metrics.scrape();
        assertThat(scrape).contains("maestro_routes_decided_total{decided_by=\"embedding\"} 1.0")
                .contains("maestro_routes_decided_total{decided_by=\"llm\"} 2.0")
                .contains("maestro_router_llm_seconds_count 2")
                .contains("maestro_router_llm_seconds_sum 0.1");
    }

    @Test
    void should_count_tool_calls_per_tool_and_outcome_with_their_latency() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "general", 0, Map.of("tool", "calculator", "ok", true, "ms", 20L)));
        metrics.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "general", 0, Map.of("tool", "calculator", "ok", true, "ms", 30L)));
        metrics.onEvent(new RunEvent(RunEvent.Type.TOOL_RESULT, "general", 0, Map.of("tool", "http_get", "ok", false, "ms", 100L)));

        String scrape = metrics.scrape();
        assertThat(scrape).contains("maestro_tool_calls_seconds_count{outcome=\"ok\",tool=\"calculator\"} 2")
                .contains("maestro_tool_calls_seconds_sum{outcome=\"ok\",tool=\"calculator\"} 0.05")
                .contains("maestro_tool_calls_seconds_count{outcome=\"error\",tool=\"http_get\"} 1");
    }

    @Test
    void should_count_cascade_decisions_and_what_they_saved_per_agent() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.onEvent(new RunEvent(RunEvent.Type.CASCADE, "general", 0, Map.of("agent", "general", "escalated", false,
                "large_tokens_avoided", 150, "extra_tokens", 0, "saved_cost_usd", 0.0018)));
        metrics.onEvent(new RunEvent(RunEvent.Type.CASCADE, "general", 0, Map.of("agent", "general", "escalated", true,
                "large_tokens_avoided", 0, "extra_tokens", 150, "saved_cost_usd", -0.0002)));
        metrics.onEvent(new RunEvent(RunEvent.Type.CASCADE, "coder", 0, Map.of("agent", "coder", "escalated", false,
                "large_tokens_avoided", 40, "extra_tokens", 0, "saved_cost_unknown", true)));

        String scrape = metrics.scrape();
        assertThat(scrape).contains("maestro_cascade_answers_total{agent=\"general\",outcome=\"kept\"} 1.0")
                .contains("maestro_cascade_answers_total{agent=\"general\",outcome=\"escalated\"} 1.0")
                .contains("maestro_cascade_large_tokens_avoided_total{agent=\"general\"} 150.0")
                .contains("maestro_cascade_extra_tokens_total{agent=\"general\"} 150.0")
                .contains("maestro_cascade_saved_cost_unknown_total{agent=\"coder\"} 1.0");
        java.util.regex.Matcher saved = java.util.regex.Pattern.compile("maestro_cascade_saved_cost_usd\\{agent=\"general\"} (\\S+)").matcher(scrape);
        assertThat(saved.find()).isTrue();
        assertThat(Double.parseDouble(saved.group(1))).isCloseTo(0.0016, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void should_count_cost_per_agent_and_model_and_unpriced_calls_apart() {
        ServerMetrics metrics = new ServerMetrics();

        metrics.onEvent(new RunEvent(RunEvent.Type.USAGE, "general", 0, Map.of("agent", "general", "model", "m1",
                "input_tokens", 20, "output_tokens", 5, "cost_usd", 0.00003)));
        metrics.onEvent(new RunEvent(RunEvent.Type.USAGE, "general", 0, Map.of("agent", "general", "model", "m1",
                "input_tokens", 10, "output_tokens", 5, "cost_usd", 0.00002)));
        metrics.onEvent(new RunEvent(RunEvent.Type.USAGE, "router", 0, Map.of("agent", "router", "model", "m2",
                "input_tokens", 7, "output_tokens", 1, "cost_unknown", true)));

        String scrape = metrics.scrape();
        assertThat(scrape).contains("maestro_tokens_total{agent=\"general\",direction=\"input\",model=\"m1\"} 30.0")
                .contains("maestro_cost_usd_total{agent=\"general\",model=\"m1\"} 5.0E-5")
                .contains("maestro_model_calls_unpriced_total{agent=\"router\",model=\"m2\"} 1.0")
                .doesNotContain("maestro_cost_usd_total{agent=\"router\"");
    }
}
