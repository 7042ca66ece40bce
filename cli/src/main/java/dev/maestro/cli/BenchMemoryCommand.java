package dev.maestro.cli;

import dev.maestro.core.config.AppConfig;
import dev.maestro.MaestroDatabase;
import dev.maestro.core.ConfigException;
import dev.maestro.core.db.Database;
import dev.maestro.memory.PostgresMemory;
import dev.maestro.providers.Providers;
import dev.maestro.evals.memory.MemoryWriteBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maestro bench memory}: what writing a turn adds to the request path (target: p95 ≤ 20 ms). */
@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Benchmark the memory write path: time storing a turn (message + background jobs enqueued) while a "
                + "background worker embeds, and print p50/p95. Uses a throw-away user, deleted afterwards."})
final class BenchMemoryCommand implements Callable<Integer> {

    /** The target for the p95 of one write. */
    static final double TARGET_P95_MILLIS = 20.0;

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--turns", paramLabel = "N", defaultValue = "500", description = "Timed writes (default: ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "50", description = "Untimed writes first (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--no-worker", description = "Do not run the background worker during the benchmark.")
    boolean noWorker;

    @Override
    public Integer call() {
        if (turns <= 0 || warmup < 0) {
            throw new ConfigException("--turns must be > 0 and --warmup >= 0, were " + turns + " and " + warmup);
        }
        CliContext ctx = parent.root.context();
        AppConfig config = ctx.config();
        MemoryWriteBenchmark.Result r;
        try (Database db = MaestroDatabase.openReady(config, ctx.err())) {
            r = MemoryWriteBenchmark.run(memory(db, config), turns, warmup, !noWorker, null);
        }
        ctx.out().printf(Locale.ROOT, "memory write path: %d turns, p50 %.2f ms, p95 %.2f ms, max %.2f ms (%s) — target p95 <= %.0f ms: %s%n",
                r.turns(), r.p50Millis(), r.p95Millis(), r.maxMillis(), r.workerRunning() ? "background worker running" : "no worker",
                TARGET_P95_MILLIS, r.p95Millis() <= TARGET_P95_MILLIS ? "met" : "MISSED");
        return ExitCodes.OK;
    }

    /** A memory on {@code db} with the configured embedding model, as the chat path builds it. */
    private static PostgresMemory memory(Database db, AppConfig config) {
        return PostgresMemory.builder().dataSource(db.dataSource()).embeddingModel(Providers.embeddingModel(config)).build();
    }
}
