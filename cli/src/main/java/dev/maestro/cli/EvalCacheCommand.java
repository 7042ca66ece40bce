package dev.maestro.cli;

import dev.maestro.core.ConfigException;
import dev.maestro.evals.cache.CacheEval;
import dev.maestro.evals.cache.CacheReport;
import dev.maestro.evals.report.Metric;
import dev.maestro.evals.routing.CachedEmbeddingModel;
import dev.maestro.evals.routing.RoutingDataset;
import dev.maestro.providers.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code maestro eval cache}: the semantic cache's error bound on CLINC150, vCache's verified decision at several
 * bounds against a sweep of static thresholds. No LLM is called: an entry's answer is its request's intent label.
 */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Evaluate the semantic answer cache on CLINC150's test split (in scope and out of scope), replayed in a fixed "
                + "shuffled order: hit rate and error rate of the verified cache at each error bound δ and of static similarity thresholds.",
                "Writes OUTDIR/results.json (with the goal at δ = 0.02 under \"goal\"), report.md and report.html."})
final class EvalCacheCommand implements Callable<Integer> {

    @ParentCommand
    EvalCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--dataset", required = true, paramLabel = "FILE", description = "CLINC150 data_full.json (e.g. ../shared/datasets/clinc150/data_full.json).")
    Path dataset;

    @Option(names = "--out", required = true, paramLabel = "OUTDIR", description = "Where results.json, report.md and report.html go.")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the replay order and of the exploration draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--deltas", split = ",", paramLabel = "D", description = "Error bounds of the verified cache (default: 0.01,0.02,0.03,0.05,0.1).")
    List<Double> deltas;

    @Option(names = "--fallback-threshold", paramLabel = "S", description = "Similarity at which an entry without a learned boundary "
            + "is reused (default: cache.fallback-threshold).")
    Double fallback;

    @Option(names = "--limit", paramLabel = "N", description = "Replay only the first N requests of the shuffled order (a quick look).")
    Integer limit;

    @Option(names = "--cache", paramLabel = "DIR", description = "Embedding cache, reused across runs (default: OUTDIR/embedding-cache).")
    Path cacheDir;

    @Override
    public Integer call() {
        CliContext ctx = parent.root.context();
        String command = "maestro " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        RoutingDataset data = RoutingDataset.clinc150(EvalAgentRouting.existing(dataset, "--dataset"));
        List<Double> bounds = deltas == null || deltas.isEmpty() ? CacheEval.DEFAULT_DELTAS : deltas;
        for (double d : bounds) {
            if (!(d > 0 && d < 1)) {
                throw new ConfigException("--deltas takes error bounds between 0 and 1 (e.g. 0.02), not " + d);
            }
        }
        if (!bounds.contains(CacheEval.GOAL_DELTA)) {
            bounds = new java.util.ArrayList<>(bounds);
            bounds.add(CacheEval.GOAL_DELTA);
        }
        var model = Providers.embeddingModel(ctx.config());
        Path dir = cacheDir != null ? cacheDir : out.resolve("embedding-cache");
        CachedEmbeddingModel cached = new CachedEmbeddingModel(model, CachedEmbeddingModel.fileFor(model, dir));
        double fallbackThreshold = fallback != null ? fallback : ctx.config().cacheFallbackThreshold();
        CacheEval.Result result = new CacheEval(cached, seed, fallbackThreshold, bounds, CacheEval.DEFAULT_THRESHOLDS,
                new EvalRoutingCommand.LineProgress(ctx.err())).run(data.name(), data.test(), limit == null ? 0 : limit);
        CacheReport.write(result, out, command);
        CacheEval.Run v = result.atGoalDelta();
        CacheEval.Run s = result.bestStatic(CacheEval.GOAL_DELTA);
        ctx.out().printf(Locale.ROOT, "%s: %d requests; budgeted δ = %.2f: error rate %s, hit rate %s; best static within 2 %%: %s%n",
                result.dataset(), result.queries(), CacheEval.GOAL_DELTA, Metric.percent(v.errorRate(), 2), Metric.percent(v.hitRate(), 2),
                s == null ? "none" : String.format(Locale.ROOT, "threshold %.2f, error rate %s, hit rate %s", s.parameter(),
                        Metric.percent(s.errorRate(), 2), Metric.percent(s.hitRate(), 2)));
        for (int i = 0; i < result.budgeted().size(); i++) {
            CacheEval.Run b = result.budgeted().get(i);
            CacheEval.Run r = result.verified().get(i);
            ctx.out().printf(Locale.ROOT, "  δ = %-5s budgeted: hit rate %8s  error rate %7s   vCache verified: hit rate %8s  error rate %7s%n",
                    b.parameter(), Metric.percent(b.hitRate(), 2), Metric.percent(b.errorRate(), 2), Metric.percent(r.hitRate(), 2),
                    Metric.percent(r.errorRate(), 2));
        }
        ctx.out().println("Wrote " + out.resolve("results.json") + ", report.md and report.html");
        return ExitCodes.OK;
    }
}
