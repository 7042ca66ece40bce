package dev.maestro.cli;

import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.AgentSpec;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.agents.routing.LabeledUtterance;
import dev.maestro.agents.routing.RouteDecision;
import dev.maestro.MaestroRouting;
import dev.maestro.core.config.AppConfig;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.ConfigException;
import dev.maestro.evals.report.Metric;
import dev.maestro.evals.routing.AgentRoutingEval;
import dev.maestro.evals.routing.AgentRoutingReport;
import dev.maestro.evals.routing.LabeledRequests;
import dev.maestro.evals.routing.RouterVariants;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code eval routing --agents [FILE]}: the routing chain the graph runs, on labelled requests to the configured agents. */
final class EvalAgentRouting {

    private EvalAgentRouting() {
    }

    /**
     * @param agentsFile the agents YAML, or empty for the configured agents (agents.file, else the built-in ones)
     * @param set        a labelled CSV (text,agent), or null for the shipped set
     * @param withLlm    whether the configured chat model classifies when the embedding router abstains
     * @param compare    whether to score the rules the router replaced too (see {@link RouterVariants})
     */
    static int run(CliContext ctx, String agentsFile, Path set, boolean withLlm, boolean compare, Path out, String command) {
        AppConfig config = ctx.config();
        AgentCatalog catalog = agentsFile.isEmpty() ? MaestroRouting.agents(config) : AgentCatalog.load(existing(Path.of(agentsFile), "--agents"));
        String origin = agentsFile.isEmpty() ? (config.agentsFile().isEmpty() ? "built-in agents" : config.agentsFile()) : agentsFile;
        if (set == null && !agentsFile.isEmpty()) {
            ctx.err().println("No --requests given: scoring the shipped set, which is labelled for the built-in agents general, researcher and coder.");
        }
        List<LabeledUtterance> requests = set == null ? LabeledRequests.shipped() : LabeledRequests.read(existing(set, "--requests"));
        String setName = set == null ? "shipped set (" + requests.size() + " requests)" : set.getFileName().toString();
        String defaultAgent = catalog.answering().getFirst().name();
        QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
        FallbackRouter router = MaestroRouting.router(config, catalog, embeddings, withLlm ? Providers.chatModel(config) : null).orElse(null);
        if (router == null) {
            throw new ConfigException("The agents in " + origin + " have no examples, so there is no embedding router to evaluate; "
                    + "give each answer agent a few example requests");
        }
        List<String> agents = catalog.answering().stream().map(AgentSpec::name).toList();
        AgentRoutingEval.Result result = AgentRoutingEval.builder().router(router).agents(agents).defaultAgent(defaultAgent)
                .progress(new EvalRoutingCommand.LineProgress(ctx.err())).build().run(setName, requests);
        Map<String, AgentRoutingEval.Result> compared = new LinkedHashMap<>();
        if (compare) {
            RouterVariants.of(embeddings, catalog.routes(), defaultAgent).forEach((name, variant) -> compared.put(name,
                    AgentRoutingEval.builder().router(variant).agents(agents).defaultAgent(defaultAgent).build().run(setName, requests)));
        }
        Map<String, Object> settings = settings(router.embeddingRouter(), origin, withLlm);
        AgentRoutingReport.write(result, out, command, settings, compared);
        Map<RouteDecision.DecidedBy, Double> share = result.decidedShare();
        PrintStream o = ctx.out();
        o.printf(Locale.ROOT, "%s, %s: accuracy %s, decided by embedding %s, LLM %s, default %s; p50 %s, p95 %s%n",
                origin, setName, pct(result.accuracy()), pct(share.get(RouteDecision.DecidedBy.EMBEDDING)), pct(share.get(RouteDecision.DecidedBy.LLM)),
                pct(share.get(RouteDecision.DecidedBy.DEFAULT)), Metric.format("%.2f ms", result.latencyPercentile(50)),
                Metric.format("%.2f ms", result.latencyPercentile(95)));
        for (AgentRoutingEval.AgentScore s : result.perAgent()) {
            // an agent never chosen has no precision, one never expected no recall: n/a
            o.printf(Locale.ROOT, "  %-12s precision %7s  recall %7s  (%d requests)%n", s.agent(), pct(s.precision()), pct(s.recall()), s.expected());
        }
        compared.forEach((name, v) -> o.printf(Locale.ROOT, "  variant %-45s accuracy %7s  decided by embedding %7s%n", name,
                pct(v.accuracy()), pct(v.decidedShare().get(RouteDecision.DecidedBy.EMBEDDING))));
        o.println("Wrote " + out.resolve("results.json") + ", report.md and report.html");
        return ExitCodes.OK;
    }

    private static String pct(double share) {
        return Metric.percent(share, 1);
    }

    private static Map<String, Object> settings(EmbeddingRouter router, String origin, boolean withLlm) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("agents", origin);
        s.put("method", router.method().name().toLowerCase(Locale.ROOT));
        Map<String, Integer> examples = new LinkedHashMap<>();
        router.routes().forEach(r -> examples.put(r.name(), r.examples().size()));
        s.put("examples", examples);
        s.put("thresholds", new TreeMap<>(router.thresholds()));
        s.put("margins", new TreeMap<>(router.margins()));
        s.put("llm_classifier", withLlm);
        return s;
    }

    static Path existing(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(option + " " + file + " is not a readable file (working directory: " + Path.of("").toAbsolutePath() + ")");
        }
        return file;
    }
}
