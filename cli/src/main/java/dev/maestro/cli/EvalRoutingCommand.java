package dev.maestro.cli;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.maestro.providers.Providers;
import dev.maestro.core.ConfigException;
import dev.maestro.core.Progress;
import dev.maestro.evals.report.Metric;
import dev.maestro.evals.routing.RoutingDataset;
import dev.maestro.evals.routing.RoutingEval;
import dev.maestro.evals.routing.RoutingReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code maestro eval routing}: the embedding router on CLINC150 (or two CSVs): in-scope accuracy, out-of-scope
 * recall, latency and the most confused intents, for kNN, centroids and their mix. No LLM is called.
 */
@Command(name = "routing", mixinStandardHelpOptions = true,
        description = {"Evaluate intent routing without an LLM: route examples from the training split, thresholds fitted on the "
                + "held-out split, accuracy and out-of-scope recall on the test split, latency per request.",
                "With --agents [FILE]: the routing chain on the configured agents, scored on labelled requests (--requests CSV, default the shipped set).",
                "Writes OUTDIR/results.json, report.md and report.html."})
final class EvalRoutingCommand implements Callable<Integer> {

    @ParentCommand
    EvalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "FILE", description = "CLINC150 data_full.json (e.g. ../shared/datasets/clinc150/data_full.json).")
    Path dataset;

    @Option(names = "--train", paramLabel = "FILE", description = "CSV with text,category columns; category 'oos' marks out-of-scope rows.")
    Path train;

    @Option(names = "--test", paramLabel = "FILE", description = "CSV with text,category columns, scored.")
    Path test;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "Where results.json, report.md and report.html go.")
    Path out;

    @Option(names = "--latency-samples", paramLabel = "N", defaultValue = "" + RoutingEval.DEFAULT_LATENCY_SAMPLES,
            description = "Test queries timed end to end, query embedding included (default: ${DEFAULT-VALUE}; 0 skips).")
    int latencySamples;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Embedding cache, reused across runs (default: OUTDIR/embedding-cache).")
    Path cache;

    @Option(names = "--no-cache", description = "Embed everything afresh and keep nothing on disk.")
    boolean noCache;

    @Option(names = "--agents", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Evaluate the routing chain on the configured agents (or those in FILE) instead of a dataset's intents.")
    String agents;

    @Option(names = "--requests", paramLabel = "CSV",
            description = "With --agents: labelled requests, a CSV with text,agent columns (default: the shipped set for the built-in agents).")
    Path set;

    @Option(names = "--llm", description = "With --agents: let the configured chat model classify when the embedding router abstains.")
    boolean llm;

    @Option(names = "--compare", description = "With --agents: also score the rules the router replaced (one absolute threshold; margins "
            + "without descriptions), without an LLM.")
    boolean compare;

    @Override
    public Integer call() {
        CliContext ctx = parent.root.context();
        String command = "maestro " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        if (agents != null) {
            if (dataset != null || train != null || test != null) {
                throw new ConfigException("--agents evaluates the configured agents; it takes --requests CSV, not --dataset, --train or --test");
            }
            return EvalAgentRouting.run(ctx, agents, set, llm, compare, out, command);
        }
        if (set != null || llm || compare) {
            throw new ConfigException("--requests, --llm and --compare go with --agents");
        }
        PrintStream err = ctx.err();
        RoutingDataset data = load();
        EmbeddingModel model = Providers.embeddingModel(ctx.config());
        RoutingEval.Result result = RoutingEval.builder()
                .embeddingModel(model)
                .cacheDir(noCache ? null : cache != null ? cache : out.resolve("embedding-cache"))
                .latencySamples(latencySamples)
                .progress(new LineProgress(err))
                .build()
                .run(data);
        RoutingReport.write(result, out, command);
        RoutingEval.VariantResult p = result.primary();
        // a metric without a denominator (no out-of-scope test rows: OOS recall) prints as n/a
        ctx.out().printf(Locale.ROOT, "%s: in-scope accuracy %s, out-of-scope recall %s, p50 %s, p95 %s (%s, %d test queries)%n",
                result.dataset(), Metric.percent(p.inScopeAccuracy(), 2), Metric.percent(p.oosRecall(), 2),
                Metric.format("%.2f ms", result.latencyPercentile(50)), Metric.format("%.2f ms", result.latencyPercentile(95)),
                p.variant().name(), result.testQueries());
        for (RoutingEval.VariantResult v : result.variants()) {
            ctx.out().printf(Locale.ROOT, "  %-9s accuracy %s  OOS recall %s  top-1 %s%n", v.variant().name(),
                    Metric.percent(v.inScopeAccuracy(), 2), Metric.percent(v.oosRecall(), 2), Metric.percent(v.topOneAccuracy(), 2));
        }
        ctx.out().println("Wrote " + out.resolve("results.json") + ", report.md and report.html");
        return ExitCodes.OK;
    }

    private RoutingDataset load() {
        if (dataset != null && (train != null || test != null)) {
            throw new ConfigException("Give either --dataset FILE (CLINC150 JSON) or --train FILE --test FILE (CSV), not both");
        }
        if (dataset != null) {
            return RoutingDataset.clinc150(EvalAgentRouting.existing(dataset, "--dataset"));
        }
        if (train == null || test == null) {
            throw new ConfigException("Say what to evaluate: --dataset ../shared/datasets/clinc150/data_full.json, or --train FILE --test FILE "
                    + "(CSV with text,category columns)");
        }
        return RoutingDataset.csv(EvalAgentRouting.existing(train, "--train"), EvalAgentRouting.existing(test, "--test"));
    }

    /** One line when a task starts and ends, and every tenth of the way; swap for a bar when the CLI has one. */
    record LineProgress(PrintStream err) implements Progress {

        @Override
        public Task start(String name, long total, String unit) {
            long startNanos = System.nanoTime();
            return new Task() {
                private long done;
                private long nextReport = total / 10;

                @Override
                public void step(long n) {
                    done += n;
                    if (total > 0 && done >= nextReport && done < total) {
                        err.printf(Locale.ROOT, "  %s: %d/%d %s%n", name, done, total, unit);
                        nextReport += Math.max(1, total / 10);
                    }
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
