package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.cache.CacheStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maestro cache stats|clear}: the semantic answer cache's contents. */
@Command(name = "cache", mixinStandardHelpOptions = true, description = "Inspect or empty the semantic answer cache (cache.enabled).",
        subcommands = {CacheCommand.Stats.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: stats or clear (see maestro cache --help).");
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Entries, reuses and evidence (explorations and feedback), by agent.")
    static final class Stats implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant.")
        String tenant;

        @Override
        public Integer call() {
            CliContext ctx = parent.root.context();
            CacheStore.Stats s;
            try (Maestro maestro = CliMaestro.open(ctx.config(), ctx.err(), false)) {
                s = maestro.cacheStats(tenant);
            }
            PrintStream o = ctx.out();
            o.printf(Locale.ROOT, "answer cache%s: %,d entries, %,d reuses, %,d observations (%,d of a wrong reuse)%s%n",
                    tenant == null ? "" : " of tenant " + tenant, s.entries(), s.hits(), s.observations(), s.wrong(),
                    ctx.config().cacheEnabled() ? "" : " — cache.enabled is off");
            for (CacheStore.AgentCount a : s.byAgent()) {
                o.printf(Locale.ROOT, "  %-16s %,8d entries %,8d reuses%n", a.agent(), a.entries(), a.hits());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete the cached answers (and what they learnt) of one tenant, or all.")
    static final class Clear implements Callable<Integer> {
        @ParentCommand
        CacheCommand parent;

        @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant's entries.")
        String tenant;

        @Override
        public Integer call() {
            CliContext ctx = parent.root.context();
            int n;
            try (Maestro maestro = CliMaestro.open(ctx.config(), ctx.err(), false)) {
                n = maestro.clearCache(tenant);
            }
            ctx.out().printf(Locale.ROOT, "Deleted %,d cached answers%s.%n", n, tenant == null ? "" : " of tenant " + tenant);
            return ExitCodes.OK;
        }
    }
}
