package dev.maestro.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.graph.RunEvent;
import dev.maestro.graph.RunResult;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Maestro's own event stream: each graph event as {@code event: <type>} (run_started, node_started,
 * node_finished, route, plan, token, usage, review, interrupted, run_finished, ...), then {@code event: done}
 * with the outcome, usage and timings, or {@code event: error}. Also builds the JSON body of a non-streamed run.
 */
final class RunFormat implements SseStream.Format {

    private final ObjectNode nodeMillis = Json.object();

    @Override
    public void event(RunEvent event, SseStream out) throws IOException {
        if (event.type() == RunEvent.Type.NODE_FINISHED && event.data().get("ms") instanceof Number ms) {
            nodeMillis.put(event.node(), ms.longValue());
        }
        out.event(event.type().name().toLowerCase(Locale.ROOT), Json.write(eventBody(event)));
    }

    @Override
    public void end(Turns.Outcome outcome, SseStream out) throws IOException {
        if (outcome.failure() != null) {
            ApiException error = ErrorHandler.toApi(outcome.failure());
            ObjectNode body = Json.object();
            body.put("run_id", outcome.runId().toString());
            body.put("code", error.code());
            body.put("message", error.getMessage());
            out.event("error", body.toString());
            return;
        }
        out.event("done", outcome(outcome, nodeMillis).toString());
    }

    static Map<String, Object> eventBody(RunEvent event) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("node", event.node());
        body.put("at_ms", event.atMs());
        body.putAll(event.data());
        return body;
    }

    /** The outcome of a run as JSON: the {@code done} event, and the body of a non-streamed request. */
    static ObjectNode outcome(Turns.Outcome o, ObjectNode nodeMillis) {
        ObjectNode body = Json.object();
        body.put("run_id", o.runId().toString());
        body.put("conversation_id", o.conversation().toString());
        body.put("status", o.status().sql());
        RunResult r = o.result();
        if (r != null) {
            body.put("answer", r.answer());
            body.put("agent", r.agent());
            body.putPOJO("agents", r.agents());
            body.put("model", r.model());
            body.put("route", r.route());
            body.put("pending_agent", r.pendingAgent());
            body.putPOJO("sources", r.sources());
            body.put("retrieval", r.retrieval());
            body.putPOJO("prompts", r.prompts());
            ObjectNode usage = body.putObject("usage");
            usage.put("input_tokens", r.inputTokens());
            usage.put("output_tokens", r.outputTokens());
            // USD of the priced calls; unknown (not 0) when a model of the turn has no price in cost.prices
            Object costUsd = o.cost().get("cost_usd");
            if (costUsd instanceof Number n && Boolean.TRUE.equals(o.cost().get("cost_complete"))) {
                usage.put("cost_usd", n.doubleValue());
            } else {
                usage.put("cost_usd", "unknown");
            }
        }
        ObjectNode timings = body.putObject("timings");
        timings.put("latency_ms", o.latencyMs());
        if (o.firstTokenMs() == null) {
            timings.putNull("first_token_ms");
        } else {
            timings.put("first_token_ms", o.firstTokenMs());
        }
        if (nodeMillis != null) {
            timings.set("node_ms", nodeMillis);
        }
        return body;
    }
}
