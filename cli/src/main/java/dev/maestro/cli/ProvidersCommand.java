package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.config.AppConfig;
import dev.maestro.ModelCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code maestro providers}: each chat-model chain, and whether each model's endpoint serves it now. */
@Command(name = "providers", mixinStandardHelpOptions = true,
        description = {"Show the chat-model chains (the configured model, chat.fallback, and agents' own models and fallbacks) "
                + "with the circuit-breaker settings, and ask each model's endpoint whether it serves the model "
                + "(Ollama /api/tags, OpenAI /models). Exit code 3 when a chain has no model that answers."})
final class ProvidersCommand implements Callable<Integer> {

    @ParentCommand
    MaestroCommand root;

    @Override
    public Integer call() {
        AppConfig config = root.context().config();
        PrintStream out = root.context().out();
        Map<String, List<String>> chains = Maestro.modelChains(config);
        Map<String, ModelCheck> probes = Maestro.checkModels(config, Duration.ofSeconds(3));
        out.printf(Locale.ROOT, "circuit breakers: open at %d%% failures among the last %d calls (or all slower than %ss), probe after %ss%n",
                config.breakerFailureRate(), config.breakerWindow(), config.breakerSlowCall().toSeconds(), config.breakerOpenFor().toSeconds());
        boolean everyChainServes = true;
        for (Map.Entry<String, List<String>> chain : chains.entrySet()) {
            out.println();
            out.println(chain.getKey() + ":");
            boolean any = false;
            for (int i = 0; i < chain.getValue().size(); i++) {
                ModelCheck p = probes.get(chain.getValue().get(i));
                any |= p.ok();
                out.printf(Locale.ROOT, "  %d. %-28s %-8s %5d ms  %s — %s%n", i + 1, p.model(), p.ok() ? "ok" : p.reachable() ? "WARNING" : "DOWN",
                        p.latencyMillis(), p.endpoint(), p.detail());
            }
            everyChainServes &= any;
        }
        return everyChainServes ? ExitCodes.OK : ExitCodes.PROVIDER;
    }
}
