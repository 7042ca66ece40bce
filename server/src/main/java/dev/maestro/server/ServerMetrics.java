package dev.maestro.server;

import dev.maestro.graph.RunEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Prometheus metrics of the server (Micrometer): HTTP requests and latency by route template, runs by outcome,
 * time to first token, tokens and cost (USD, and calls without a price) per agent and model, routes taken and who decided them (embedding router, LLM
 * classifier, default), the classifier's latency, retrieval strategies chosen, and tool calls per tool and outcome
 * with their latency, and cascade decisions with what they saved (from the graph's events that carry them). Served as text at {@code /metrics}.
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger activeRuns = new AtomicInteger();
    private final java.util.List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ServerMetrics() {
        registry.gauge("maestro.runs.active", activeRuns);
    }

    /** The registry underneath, for anything not covered here. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Per chat model (and endpoint): whether its breaker lets calls through, its calls, failures, fallbacks to the
     * next model and calls skipped while its breaker was open, read from {@code models} at each scrape.
     */
    void models(java.util.function.Supplier<java.util.List<dev.maestro.ModelStatus>> models) {
        for (dev.maestro.ModelStatus s : models.get()) {
            java.util.function.Function<java.util.function.ToDoubleFunction<dev.maestro.ModelStatus>, java.util.function.Supplier<Number>> read =
                    f -> () -> models.get().stream().filter(x -> x.model().equals(s.model()) && x.endpoint().equals(s.endpoint()))
                            .findFirst().map(f::applyAsDouble).orElse(0.0);
            io.micrometer.core.instrument.Tags tags = io.micrometer.core.instrument.Tags.of("model", s.model(), "endpoint", s.endpoint());
            io.micrometer.core.instrument.Gauge.builder("maestro.model.available", read.apply(x -> x.available() ? 1 : 0))
                    .description("1 while the model's circuit breaker lets calls through (closed or half-open), 0 while open").tags(tags).register(registry);
            for (String name : java.util.List.of("calls", "failures", "fallbacks", "skipped")) {
                java.util.function.ToDoubleFunction<dev.maestro.ModelStatus> f = switch (name) {
                    case "calls" -> dev.maestro.ModelStatus::calls;
                    case "failures" -> dev.maestro.ModelStatus::failures;
                    case "fallbacks" -> dev.maestro.ModelStatus::fallbacks;
                    default -> dev.maestro.ModelStatus::skipped;
                };
                java.util.function.Supplier<Number> value = read.apply(f);
                held.add(value); // Micrometer holds a function counter's state weakly
                io.micrometer.core.instrument.FunctionCounter.builder("maestro.model." + name, value, v -> v.get().doubleValue())
                        .description(name.equals("skipped") ? "Calls that went past the model while its circuit breaker was open"
                                : "Chat model " + name + " (fallbacks: failures handed to the next model of the chain)").tags(tags).register(registry);
            }
        }
    }

    String scrape() {
        return registry.scrape();
    }

    void request(String method, String route, int status, long nanos) {
        Timer.builder("maestro.http.requests").description("HTTP requests by route template and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    void rateLimited() {
        registry.counter("maestro.http.rate.limited").increment();
    }

    AtomicInteger activeRuns() {
        return activeRuns;
    }

    void run(String status, long latencyMs) {
        Timer.builder("maestro.runs").description("Runs by outcome").tag("status", status)
                .register(registry).record(Duration.ofMillis(latencyMs));
    }

    void firstToken(long millis) {
        Timer.builder("maestro.time.to.first.token").description("From the request to the first token sent")
                .publishPercentiles(0.5, 0.99).register(registry).record(Duration.ofMillis(millis));
    }

    private final Map<String, DoubleAdder> savedCost = new ConcurrentHashMap<>();

    /** Counts what a graph event says about tokens, routes, retrieval strategies and tool calls. */
    void onEvent(RunEvent event) {
        switch (event.type()) {
            case USAGE -> {
                tokens(event.text("agent"), event.text("model"), number(event.data().get("input_tokens")),
                        number(event.data().get("output_tokens")));
                Object cost = event.data().get("cost_usd");
                cost(event.text("agent"), event.text("model"), cost instanceof Number n ? n.doubleValue() : null);
            }
            case ROUTE -> {
                registry.counter("maestro.routes", "route", event.text("route").isEmpty() ? "none" : event.text("route")).increment();
                registry.counter("maestro.routes.decided", "decided_by", event.text("decided_by").isEmpty() ? "none" : event.text("decided_by"))
                        .increment();
                if (event.data().get("llm_ms") instanceof Number ms) {
                    // the LLM classifier ran (the embedding router abstained): its latency, beside its tokens as agent "router"
                    Timer.builder("maestro.router.llm").description("LLM route classifier calls (when the embedding router abstained)")
                            .publishPercentiles(0.5, 0.95).register(registry).record(Duration.ofMillis(ms.longValue()));
                }
            }
            case TOOL_RESULT -> {
                // calls per tool and outcome, with their latency: maestro_tool_calls_seconds_count{tool,outcome}
                String outcome = Boolean.TRUE.equals(event.data().get("ok")) ? "ok" : "error";
                Timer.builder("maestro.tool.calls").description("Tool calls by tool and outcome (ok or error), with their duration")
                        .tag("tool", event.text("tool")).tag("outcome", outcome)
                        .publishPercentiles(0.5, 0.95).register(registry).record(Duration.ofMillis((long) number(event.data().get("ms"))));
            }
            case CASCADE -> cascade(event);
            // answer cache lookups per agent and outcome: maestro_cache_lookups_total{agent,outcome=hit|miss|bypass}
            case CACHE -> Counter.builder("maestro.cache.lookups").description("Answer cache lookups by agent and outcome (hit, miss, bypass)")
                    .tag("agent", event.text("agent")).tag("outcome", event.text("outcome")).register(registry).increment();
            default -> {
            }
        }
        if (event.type() != RunEvent.Type.TOKEN && event.data().get("strategy") != null) {
            registry.counter("maestro.retrieval.strategies", "strategy", event.text("strategy")).increment();
        }
    }

    /** Escalations per agent, and what the cascade spared the large model or spent on top (tokens, USD when priced). */
    private void cascade(RunEvent event) {
        String agent = event.text("agent");
        String outcome = Boolean.TRUE.equals(event.data().get("escalated")) ? "escalated" : "kept";
        Counter.builder("maestro.cascade.answers").description("Cascade decisions by agent: the small model's answer kept, or escalated")
                .tag("agent", agent).tag("outcome", outcome).register(registry).increment();
        Counter.builder("maestro.cascade.large.tokens.avoided").description("Tokens the large model did not spend because the small model's answer stood")
                .tag("agent", agent).register(registry).increment(number(event.data().get("large_tokens_avoided")));
        Counter.builder("maestro.cascade.extra.tokens").description("Tokens spent on escalated small attempts and reviewer checks")
                .tag("agent", agent).register(registry).increment(number(event.data().get("extra_tokens")));
        if (event.data().get("saved_cost_usd") instanceof Number saved) {
            // may go down: an escalation costs more than always-large would have
            registry.gauge("maestro.cascade.saved.cost.usd", List.of(Tag.of("agent", agent)),
                    savedCost.computeIfAbsent(agent, a -> new DoubleAdder())).add(saved.doubleValue());
        } else {
            registry.counter("maestro.cascade.saved.cost.unknown", "agent", agent).increment();
        }
    }

    /** Feedback that a cached answer was wrong (or right): {@code maestro_cache_feedback_total{verdict}}. */
    void cacheFeedback(boolean correct) {
        Counter.builder("maestro.cache.feedback").description("Feedback on cached answers: right or wrong")
                .tag("verdict", correct ? "right" : "wrong").register(registry).increment();
    }

    /** Model tokens spent outside a graph run (a completion with the client's own tools), beside the runs' own. */
    void tokens(String agent, String model, double input, double output) {
        tokens(agent, model, "input").increment(input);
        tokens(agent, model, "output").increment(output);
    }

    /**
     * A model call's cost: {@code maestro_cost_usd_total{agent,model}}, or, with {@code usd} null (the model has no
     * price), one more {@code maestro_model_calls_unpriced_total{agent,model}} instead: unknown is not counted as 0.
     */
    void cost(String agent, String model, Double usd) {
        if (usd == null) {
            Counter.builder("maestro.model.calls.unpriced").description("Model calls without a price in cost.prices, so of unknown cost")
                    .tag("agent", agent).tag("model", model).register(registry).increment();
        } else {
            Counter.builder("maestro.cost.usd").description("Cost in USD of the priced model calls by agent and model")
                    .tag("agent", agent).tag("model", model).register(registry).increment(usd);
        }
    }

    private Counter tokens(String agent, String model, String direction) {
        return Counter.builder("maestro.tokens").description("Model tokens by agent, model and direction")
                .tag("agent", agent).tag("model", model).tag("direction", direction).register(registry);
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
