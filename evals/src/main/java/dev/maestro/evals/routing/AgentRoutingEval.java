package dev.maestro.evals.routing;

import dev.maestro.agents.routing.IntentRouter;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.agents.routing.RouteDecision;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Ensure;
import dev.maestro.core.Progress;
import dev.maestro.evals.report.Metric;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the routing chain Maestro runs (embedding router, then the LLM classifier when one is configured, then
 * the default agent) on labelled requests to the configured agents: accuracy of the agent finally chosen, which
 * stage decided, per-agent precision and recall, the confusion matrix and the latency of one routing decision.
 *
 * <pre>{@code
 * AgentRoutingEval.Result r = AgentRoutingEval.builder().router(router).agents(List.of("general", "researcher", "coder"))
 *         .defaultAgent("general").build().run("shipped", LabeledRequests.shipped());
 * }</pre>
 *
 * @since 0.1
 */
public final class AgentRoutingEval {

    /** Requests routed once before timing starts, so the JIT and the embedding model are warm. */
    static final int WARMUP = 10;

    private final IntentRouter router;
    private final List<String> agents;
    private final String defaultAgent;
    private final Progress progress;

    private AgentRoutingEval(Builder builder) {
        this.router = Ensure.notNull(builder.router, "router");
        this.agents = List.copyOf(Ensure.notEmpty(builder.agents, "agents"));
        this.defaultAgent = builder.defaultAgent == null ? agents.getFirst() : builder.defaultAgent;
        if (!agents.contains(defaultAgent)) {
            throw new IllegalArgumentException("defaultAgent '" + defaultAgent + "' is not one of " + agents);
        }
        this.progress = builder.progress == null ? Progress.NONE : builder.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * How one request was routed.
     *
     * @param chosen   the agent that would answer (the route, or the default agent when there is none)
     * @param topOne   the embedding router's best agent, whether or not it decided; empty without alternatives
     * @param margin   best minus second-best embedding score; NaN with fewer than two alternatives
     */
    public record Outcome(String text, String expected, String chosen, String topOne, RouteDecision.DecidedBy decidedBy,
                          double confidence, double margin, boolean abstained, double ms) {

        public boolean correct() {
            return expected.equals(chosen);
        }
    }

    /** Precision and recall of one agent; NaN when it was never chosen or never expected. */
    public record AgentScore(String agent, int expected, int chosen, int correct, double precision, double recall) {
    }

    /**
     * The whole run.
     *
     * @param confusion expected agent → chosen agent → count, in {@link #agents} order
     * @param latencyMs sorted per-request routing latencies (embedding, scoring and any LLM call)
     */
    public record Result(String set, List<String> agents, String defaultAgent, List<Outcome> outcomes,
                         Map<String, Map<String, Integer>> confusion, double[] latencyMs) {

        public int requests() {
            return outcomes.size();
        }

        public double accuracy() {
            return Metric.ratio(outcomes.stream().filter(Outcome::correct).count(), outcomes.size());
        }

        /** Share of requests each stage decided. */
        public Map<RouteDecision.DecidedBy, Double> decidedShare() {
            Map<RouteDecision.DecidedBy, Double> share = new EnumMap<>(RouteDecision.DecidedBy.class);
            for (RouteDecision.DecidedBy by : RouteDecision.DecidedBy.values()) {
                share.put(by, Metric.ratio(outcomes.stream().filter(o -> o.decidedBy() == by).count(), outcomes.size()));
            }
            return share;
        }

        /** Accuracy among the requests the given stage decided; NaN when it decided none. */
        public double accuracyWhenDecidedBy(RouteDecision.DecidedBy by) {
            List<Outcome> decided = outcomes.stream().filter(o -> o.decidedBy() == by).toList();
            return Metric.ratio(decided.stream().filter(Outcome::correct).count(), decided.size());
        }

        /** Accuracy had the embedding router never abstained (its best agent always answering). */
        public double topOneAccuracy() {
            return Metric.ratio(outcomes.stream().filter(o -> o.expected().equals(o.topOne())).count(), outcomes.size());
        }

        public List<AgentScore> perAgent() {
            List<AgentScore> out = new ArrayList<>();
            for (String a : agents) {
                int expected = 0, chosen = 0, correct = 0;
                for (Outcome o : outcomes) {
                    expected += o.expected().equals(a) ? 1 : 0;
                    chosen += o.chosen().equals(a) ? 1 : 0;
                    correct += o.expected().equals(a) && o.correct() ? 1 : 0;
                }
                out.add(new AgentScore(a, expected, chosen, correct, Metric.ratio(correct, chosen), Metric.ratio(correct, expected)));
            }
            return out;
        }

        /** The p-th percentile (0..100) of the latencies, nearest rank; NaN when none were measured. */
        public double latencyPercentile(double p) {
            if (latencyMs.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p / 100.0 * latencyMs.length);
            return latencyMs[Math.max(0, Math.min(latencyMs.length - 1, rank - 1))];
        }
    }

    /**
     * Routes every request once and scores the outcome.
     *
     * @throws ConfigException when a request is labelled with an agent that is not configured
     */
    public Result run(String setName, List<LabeledUtterance> requests) {
        Ensure.notEmpty(requests, "requests");
        for (LabeledUtterance u : requests) {
            String label = u.route().orElseThrow(() -> new ConfigException("The request '" + u.text() + "' has no agent"));
            if (!agents.contains(label)) {
                throw new ConfigException("The request '" + u.text() + "' is labelled '" + label + "', which is not a configured agent; agents: " + agents);
            }
        }
        for (int i = 0; i < Math.min(WARMUP, requests.size()); i++) {
            router.route(requests.get(i).text());
        }
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        try (Progress.Task task = progress.start("Routing " + setName, requests.size(), "requests")) {
            for (LabeledUtterance u : requests) {
                long t0 = System.nanoTime();
                RouteDecision d = router.route(u.text());
                double ms = (System.nanoTime() - t0) / 1e6;
                String chosen = d.route().filter(agents::contains).orElse(defaultAgent);
                String top = d.alternatives().isEmpty() ? "" : d.alternatives().getFirst().route();
                double margin = d.alternatives().size() < 2 ? Double.NaN : d.alternatives().get(0).score() - d.alternatives().get(1).score();
                outcomes.add(new Outcome(u.text(), u.route().orElseThrow(), chosen, top, d.decidedBy(), d.confidence(), margin, d.abstained(), ms));
                task.step(1);
            }
        }
        Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
        for (String e : agents) {
            Map<String, Integer> row = new LinkedHashMap<>();
            agents.forEach(c -> row.put(c, 0));
            confusion.put(e, row);
        }
        outcomes.forEach(o -> confusion.get(o.expected()).merge(o.chosen(), 1, Integer::sum));
        double[] latency = outcomes.stream().mapToDouble(Outcome::ms).toArray();
        Arrays.sort(latency);
        return new Result(setName, agents, defaultAgent, List.copyOf(outcomes), confusion, latency);
    }

    public static final class Builder {
        private IntentRouter router;
        private List<String> agents;
        private String defaultAgent;
        private Progress progress;

        private Builder() {
        }

        /** The routing chain to evaluate, as the graph would run it. */
        public Builder router(IntentRouter router) {
            this.router = router;
            return this;
        }

        /** The answer agents, in declaration order. */
        public Builder agents(List<String> agents) {
            this.agents = agents;
            return this;
        }

        /** The agent that answers when no route is chosen; defaults to the first agent. */
        public Builder defaultAgent(String defaultAgent) {
            this.defaultAgent = defaultAgent;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = progress;
            return this;
        }

        public AgentRoutingEval build() {
            return new AgentRoutingEval(this);
        }
    }
}
