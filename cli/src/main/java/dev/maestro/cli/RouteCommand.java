package dev.maestro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.routing.EmbeddingRouter;
import dev.maestro.agents.routing.FallbackRouter;
import dev.maestro.agents.routing.RouteCalibrator;
import dev.maestro.agents.routing.RouteDecision;
import dev.maestro.agents.routing.ScoredRoute;
import dev.maestro.MaestroRouting;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code maestro route}: how the embedding router sees a request (scores, thresholds, margins, complexity, whether
 * it would abstain), or with {@code --calibration} what calibration found on the agents' examples. Calls no chat model.
 */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = {"Explain the routing decision for TEXT without calling a chat model: the best agents with their scores, "
                + "each agent's threshold and margin, the lead of the best over the second, complexity, and whether the embedding "
                + "router would abstain (then the LLM classifier, or the default agent, decides).",
                "--calibration prints the thresholds and margins calibrated on the agents' examples, each left out in turn, "
                + "and how well the examples were routed; the router recalibrates whenever it is built, so rerun it after editing examples."})
final class RouteCommand implements Callable<Integer> {

    @ParentCommand
    MaestroCommand root;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Option(names = "--agents", paramLabel = "FILE", description = "An agents YAML file instead of the configured agents.")
    Path agentsFile;

    @Option(names = "--calibration", description = "Print the calibration on the agents' examples instead of routing a request.")
    boolean calibration;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "The request to route.")
    List<String> words;

    @Override
    public Integer call() {
        CliContext ctx = root.context();
        AppConfig config = ctx.config();
        String text = words == null ? "" : String.join(" ", words).strip();
        if (text.isEmpty() && !calibration) {
            throw new ConfigException("Give the request to route, e.g. maestro route \"fix this NullPointerException\", or --calibration");
        }
        AgentCatalog catalog = agentsFile == null ? MaestroRouting.agents(config) : AgentCatalog.load(EvalAgentRouting.existing(agentsFile, "--agents"));
        String defaultAgent = catalog.answering().getFirst().name();
        FallbackRouter chain = MaestroRouting.router(config, catalog, false).orElse(null);
        if (chain == null) {
            throw new ConfigException("No answer agent has examples, so every request goes to " + defaultAgent + "; give the agents example requests");
        }
        EmbeddingRouter router = chain.embeddingRouter();
        PrintStream out = ctx.out();
        if (calibration) {
            RouteCalibrator.Calibration c = RouteCalibrator.standard().calibrate(router);
            out.println(json ? calibrationJson(router, c) : calibrationText(router, c));
            return ExitCodes.OK;
        }
        RouteDecision d = router.route(text);
        String then = config.provider().displayName() + " " + config.chatModel();
        out.println(json ? decisionJson(router, d, defaultAgent) : decisionText(router, d, defaultAgent, then));
        return ExitCodes.OK;
    }

    static String decisionText(EmbeddingRouter router, RouteDecision d, String defaultAgent, String classifier) {
        Map<String, Double> thresholds = router.thresholds();
        Map<String, Double> margins = router.margins();
        StringBuilder s = new StringBuilder();
        for (ScoredRoute r : d.alternatives()) {
            s.append(String.format(Locale.ROOT, "  %-14s score %.3f  threshold %.3f  margin %.3f%n", r.route(), r.score(),
                    thresholds.get(r.route()), margins.get(r.route())));
        }
        s.append(String.format(Locale.ROOT, "lead of the best over the second: %s · complexity %s%n",
                Double.isNaN(d.margin()) ? "n/a" : String.format(Locale.ROOT, "%.3f", d.margin()), d.complexity().name().toLowerCase(Locale.ROOT)));
        if (d.abstained()) {
            s.append("abstains: ").append(d.reason()).append(" → the LLM classifier (").append(classifier).append(") decides, or without one ")
                    .append(defaultAgent).append(" (default)");
        } else {
            s.append("route ").append(d.route().orElseThrow()).append(" (embedding, no LLM call)");
        }
        return s.toString();
    }

    static String decisionJson(EmbeddingRouter router, RouteDecision d, String defaultAgent) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("route", d.route().orElse(null));
        node.put("abstained", d.abstained());
        node.put("decided_by", d.decidedBy().name().toLowerCase(Locale.ROOT));
        node.put("confidence", d.confidence());
        if (Double.isNaN(d.margin())) {
            node.putNull("margin");
        } else {
            node.put("margin", d.margin());
        }
        node.put("complexity", d.complexity().name().toLowerCase(Locale.ROOT));
        if (!d.reason().isEmpty()) {
            node.put("reason", d.reason());
        }
        node.put("default_agent", defaultAgent);
        ArrayNode agents = node.putArray("agents");
        for (ScoredRoute r : d.alternatives()) {
            agents.addObject().put("agent", r.route()).put("score", r.score())
                    .put("threshold", router.thresholds().get(r.route())).put("margin", router.margins().get(r.route()));
        }
        return node.toString();
    }

    static String calibrationText(EmbeddingRouter router, RouteCalibrator.Calibration c) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%d examples, each routed with itself left out: best agent right for %.1f %%, decided %.1f %% (right for %.1f %% of those)%n",
                c.observations(), 100 * c.topOneAccuracy(), 100 * c.decided(), 100 * c.decidedAccuracy()));
        router.routes().forEach(r -> {
            RouteCalibrator.RouteStats st = c.perRoute().get(r.name());
            s.append(String.format(Locale.ROOT, "  %-14s %4d examples  threshold %.3f  margin %.3f", r.name(), r.examples().size(),
                    router.thresholds().get(r.name()), router.margins().get(r.name())));
            if (st != null) {
                s.append(String.format(Locale.ROOT, "  held out: right %.1f %%, right and decided %.1f %%", 100 * st.topOneAccuracy(), 100 * st.recall()));
            }
            s.append('\n');
        });
        return s.append("Agents with fewer than two examples are not held out. More varied examples raise both figures.").toString();
    }

    static String calibrationJson(EmbeddingRouter router, RouteCalibrator.Calibration c) {
        ObjectNode node = new ObjectMapper().createObjectNode();
        node.put("observations", c.observations());
        node.put("top1_accuracy", c.topOneAccuracy());
        node.put("decided", c.decided());
        node.put("decided_accuracy", c.decidedAccuracy());
        node.put("global_margin", c.globalMargin());
        ArrayNode agents = node.putArray("agents");
        router.routes().forEach(r -> {
            ObjectNode a = agents.addObject().put("agent", r.name()).put("examples", r.examples().size())
                    .put("threshold", router.thresholds().get(r.name())).put("margin", router.margins().get(r.name()));
            RouteCalibrator.RouteStats st = c.perRoute().get(r.name());
            if (st != null) {
                a.put("held_out_top1", st.topOneAccuracy()).put("held_out_decided_right", st.recall());
            }
        });
        return node.toString();
    }
}
