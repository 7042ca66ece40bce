package dev.maestro.cli;

import dev.maestro.MaestroDatabase;
import dev.maestro.cache.bench.CacheLookupBenchmark;
import dev.maestro.core.ConfigException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.core.db.Database;
import dev.maestro.providers.Providers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maestro bench cache}: the answer cache's lookup latency with many entries (goal: p95 ≤ 5 ms for the lookup alone). */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"Benchmark the semantic answer cache: fill it with N entries (random 384-dimensional vectors, a throw-away tenant, "
                + "deleted afterwards), then time lookups (exact match, nearest entry by HNSW, the reuse decision) alone and with the "
                + "query's embedding by the configured model, and print p50/p95."})
final class BenchCacheCommand implements Callable<Integer> {

    static final double TARGET_P95_MILLIS = 5.0;
    private static final List<String> QUESTIONS = List.of("What is the capital of France?", "How do I reset my password?",
            "Which plans include priority support?", "How long does shipping to Portugal take?", "Can I change the billing date?");

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--entries", paramLabel = "N", defaultValue = "100000", description = "Entries in the cache (default: ${DEFAULT-VALUE}).")
    int entries;

    @Option(names = "--lookups", paramLabel = "N", defaultValue = "1000", description = "Timed lookups of each kind (default: ${DEFAULT-VALUE}).")
    int lookups;

    @Override
    public Integer call() {
        if (entries <= 0 || lookups <= 0) {
            throw new ConfigException("--entries and --lookups must be > 0, were " + entries + " and " + lookups);
        }
        CliContext ctx = parent.root.context();
        AppConfig config = ctx.config();
        var model = Providers.embeddingModel(config);
        if (model.dimension() != 384) {
            throw new ConfigException("bench cache uses 384-dimensional entries, the default embedding model's; the configured model has "
                    + model.dimension() + " — unset " + dev.maestro.core.config.Setting.EMBEDDING_PROVIDER.env());
        }
        CacheLookupBenchmark.Result r;
        try (Database db = MaestroDatabase.openReady(config, ctx.err())) {
            r = CacheLookupBenchmark.run(db.dataSource(), entries, lookups, q -> model.forQueries().embed(q).content().vector(), QUESTIONS,
                    new EvalRoutingCommand.LineProgress(ctx.err()));
        }
        ctx.out().printf(Locale.ROOT, "answer cache, %,d entries (filled in %.1f s), %d lookups each:%n", r.entries(), r.fillSeconds(), r.lookups());
        ctx.out().printf(Locale.ROOT, "  lookup alone:          p50 %.2f ms, p95 %.2f ms — goal p95 <= %.0f ms: %s%n", r.lookupP50(), r.lookupP95(),
                TARGET_P95_MILLIS, r.lookupP95() <= TARGET_P95_MILLIS ? "met" : "MISSED");
        ctx.out().printf(Locale.ROOT, "  with query embedding:  p50 %.2f ms, p95 %.2f ms (%s)%n", r.embeddedP50(), r.embeddedP95(),
                Providers.describeEmbeddings(config));
        return ExitCodes.OK;
    }
}
