package dev.maestro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.maestro.ChatRequest;
import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.MaestroException;
import dev.maestro.core.db.RunRecord;
import dev.maestro.graph.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/** {@code maestro ask}: one question through the whole graph, answer streamed to stdout. */
@Command(name = "ask", mixinStandardHelpOptions = true,
        description = {"Ask one question: runs the graph once and streams the answer.",
                "Ends with a line giving provider, model, tokens in/out and latency."})
final class AskCommand implements Callable<Integer> {

    @ParentCommand
    MaestroCommand root;

    @Option(names = "--json", description = "Print one JSON object {answer, route, decided_by, confidence, agents, sources, model, usage, "
            + "latency_ms} instead of streaming.")
    boolean json;

    @Parameters(paramLabel = "PROMPT", arity = "0..*", description = "The question; use - to read it from standard input.")
    List<String> words;

    @Override
    public Integer call() {
        CliContext ctx = root.context();
        AppConfig config = ctx.config();
        String prompt = PromptInput.read(words, ctx.in(), config.maxPromptChars());
        PrintStream out = ctx.out();
        try (Maestro maestro = CliMaestro.open(config, ctx.err(), false)) {
            UUID runId = UUID.randomUUID();
            String provider = config.provider().name().toLowerCase(Locale.ROOT);
            long start = System.nanoTime();
            TurnPrinter printer = new TurnPrinter(out, !json);
            RunResult result;
            try {
                result = maestro.run(ChatRequest.builder().message(prompt).listener(printer).build());
            } catch (MaestroException e) {
                maestro.runs().record(RunRecord.failed(runId, provider, config.chatModel(), (System.nanoTime() - start) / 1_000_000, e.getMessage()));
                printer.endLine();
                throw e;
            }
            maestro.runs().record(RunRecord.ok(runId, provider, result.model().isEmpty() ? config.chatModel() : result.model(),
                    result.inputTokens(), result.outputTokens(), result.latencyMs()));
            if (json) {
                out.println(toJson(result, printer.route()));
            } else {
                printer.finish(result);
                out.println(summary(config, result));
            }
            out.flush();
        }
        return ExitCodes.OK;
    }

    static String summary(AppConfig config, RunResult r) {
        return "[" + config.provider().displayName() + " · " + r.model() + " · tokens in " + r.inputTokens()
                + " / out " + r.outputTokens() + " · " + r.latencyMs() + " ms]";
    }

    static String toJson(RunResult r, Map<String, Object> route) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        node.put("answer", r.answer());
        node.put("route", r.route());
        node.put("decided_by", String.valueOf(route.getOrDefault("decided_by", "")));
        if (route.get("confidence") instanceof Number c) {
            node.put("confidence", c.doubleValue());
        } else {
            node.putNull("confidence");
        }
        if (route.get("reason") instanceof String reason) {
            node.put("route_reason", reason);
        }
        r.agents().forEach(node.putArray("agents")::add);
        r.sources().forEach(node.putArray("sources")::add);
        node.put("model", r.model());
        ObjectNode usage = node.putObject("usage");
        usage.put("input_tokens", r.inputTokens());
        usage.put("output_tokens", r.outputTokens());
        node.put("latency_ms", r.latencyMs());
        return node.toString();
    }
}
