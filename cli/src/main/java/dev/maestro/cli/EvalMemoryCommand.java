package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.MaestroDatabase;
import dev.maestro.providers.Providers;
import dev.maestro.providers.QueryAwareEmbeddingModel;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Progress;
import dev.maestro.core.db.Database;
import dev.maestro.evals.memory.MemoryEval;
import dev.maestro.evals.memory.MemoryEvalReport;
import dev.maestro.evals.memory.MemoryEvalResult;
import dev.maestro.evals.report.Metric;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.prompts.PromptLibrary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code maestro eval memory}: evidence recall@k of the long-term memory on LoCoMo, and the context size per question.
 * Offline (the default) the memory holds episodes only; {@code --with-model} adds facts and summaries from the chat model.
 */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Evaluate conversational memory on LoCoMo: feed every conversation turn by turn, then measure evidence "
                + "recall@k for each QA item and the tokens of the context assembled for it.",
                "Writes OUTDIR/results.json, report.md and report.html. Uses the configured database under a fresh tenant, "
                        + "deleted afterwards."})
final class EvalMemoryCommand implements Callable<Integer> {

    @ParentCommand
    EvalCommand parent;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "locomo10.json (e.g. ../shared/datasets/locomo/locomo10.json).")
    Path dataset;

    @Option(names = "--k", split = ",", paramLabel = "K", defaultValue = "5,10,25", description = "The k of recall@k (default: ${DEFAULT-VALUE}).")
    List<Integer> ks;

    @Option(names = "--conversations", paramLabel = "N", description = "Only the first N conversations (default: all).")
    Integer conversations;

    @Option(names = "--budget", paramLabel = "TOKENS", defaultValue = "" + MemoryEval.DEFAULT_CONTEXT_BUDGET,
            description = "Token budget of the context assembled per question (default: ${DEFAULT-VALUE}).")
    int budget;

    @Option(names = "--with-model", description = "Also extract facts and summaries with the configured chat model (slow; calls the model per turn).")
    boolean withModel;

    @Option(names = "--keep-data", description = "Keep the fed conversations in the database afterwards.")
    boolean keepData;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "Where results.json, report.md and report.html go.")
    Path out;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(dataset)) {
            throw new ConfigException("--dataset " + dataset + " is not a readable file (working directory: " + Path.of("").toAbsolutePath() + ")");
        }
        if (conversations != null && conversations <= 0) {
            throw new ConfigException("--conversations must be > 0, was " + conversations);
        }
        CliContext ctx = parent.root.context();
        AppConfig config = ctx.config();
        MemoryEvalResult result;
        try (Database db = MaestroDatabase.openReady(config, ctx.err())) {
            QueryAwareEmbeddingModel embeddings = Providers.embeddingModel(config);
            PostgresMemory.Builder memory = PostgresMemory.builder()
                    .dataSource(db.dataSource())
                    .embeddingModel(embeddings); // queries embedded as passages, as in MaestroRuntime
            if (withModel) {
                PromptLibrary prompts = PromptLibrary.standard();
                memory.chatModel(Providers.chatModel(config))
                        .summaryPrompt(prompts.latest("memory.summary").text())
                        .factPrompt(prompts.latest("memory.facts").text());
            }
            MemoryEval.Builder eval = MemoryEval.builder()
                    .memory(memory.build())
                    .ks(ks)
                    .contextBudget(budget)
                    .keepData(keepData)
                    .mode(withModel ? "model" : "offline")
                    .progress(new LineProgress(ctx.err()));
            if (conversations != null) {
                eval.conversations(conversations);
            }
            result = eval.build().run(dataset);
        }
        MemoryEvalReport.write(result, out);
        PrintStream o = ctx.out();
        o.printf(Locale.ROOT, "%s: %d QA items (%d skipped), evidence recall %s; context tokens p50 %d, p95 %d (budget %d)%n",
                result.dataset(), result.qaItems(), result.skipped(), recall(result), result.contextP50(), result.contextP95(),
                result.contextBudget());
        o.println("Wrote " + out.resolve("results.json") + ", report.md and report.html");
        return ExitCodes.OK;
    }

    private static String recall(MemoryEvalResult r) {
        StringBuilder s = new StringBuilder();
        r.recall().forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append("@").append(k).append(' ').append(Metric.percent(v, 1)));
        return s.toString();
    }

    /** One line when a task ends (per conversation); the evaluation runs for minutes. */
    private record LineProgress(PrintStream err) implements Progress {

        @Override
        public Task start(String name, long total, String unit) {
            long startNanos = System.nanoTime();
            return new Task() {
                private long done;

                @Override
                public void step(long n) {
                    done += n;
                }

                @Override
                public void message(String text) {
                }

                @Override
                public void close() {
                    err.printf(Locale.ROOT, "%s: %d %s in %.1f s%n", name, done, unit, (System.nanoTime() - startNanos) / 1e9);
                }
            };
        }
    }
}
