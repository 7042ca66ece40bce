package dev.maestro.cli;

import dev.maestro.cli.bench.ChatBenchmark;
import dev.maestro.core.config.AppConfig;
import dev.maestro.MaestroDatabase;
import dev.maestro.providers.Providers;
import dev.maestro.core.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code maestro bench chat}: Maestro's own cost per chat turn against a plain LangChain4j baseline. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Maestro's own cost per chat turn (memory, routing, graph, checkpoints) with an instant in-process model,",
                "next to a plain LangChain4j AI service (message window, pgvector retriever) on the same database."})
final class BenchChatCommand implements Runnable {

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--turns", defaultValue = "200", description = "Measured turns per side (default ${DEFAULT-VALUE}).")
    int turns;

    @Option(names = "--warmup", defaultValue = "1000", description = {"Unmeasured warm-up turns per side (default ${DEFAULT-VALUE}),",
            "so both sides are measured JIT-compiled, as a long-running server runs (the output says how much",
            "compiling was still going on while measuring)."})
    int warmup;

    @Override
    public void run() {
        CliContext ctx = parent.root.context();
        AppConfig config = ctx.config();
        if (turns < 1 || turns > 100_000 || warmup < 0 || warmup > 100_000) {
            throw new dev.maestro.core.ConfigException("--turns must be 1..100000 and --warmup 0..100000");
        }
        try (Database db = MaestroDatabase.openReady(config, ctx.err())) {
            new ChatBenchmark(config, db, Providers.embeddingModel(config), ctx.out()).run(turns, warmup);
        }
    }
}
