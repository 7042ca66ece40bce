package dev.maestro.cli;

import dev.maestro.core.ConfigException;
import dev.maestro.providers.bench.FailoverBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code maestro bench failover}: what fallback chains and circuit breakers cost and save, on loopback fakes. */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"Benchmark fallback chains and breakers against fake OpenAI-compatible servers on loopback: the chain's "
                + "added latency when healthy (goal p50 <= 0.2 ms), the time to answer from the fallback when the primary refuses "
                + "connections (goal <= 50 ms over the fallback's own), and with the primary hanging before and after its breaker "
                + "opens (after: within 50 ms of the fallback's latency). Medians."})
final class BenchFailoverCommand implements Callable<Integer> {

    @ParentCommand
    BenchCommand parent;

    @Option(names = "--calls", paramLabel = "N", defaultValue = "500", description = "Measured calls per scenario (default: ${DEFAULT-VALUE}).")
    int calls;

    @Option(names = "--read-timeout", paramLabel = "MS", defaultValue = "500", description = "The hanging primary's read timeout in ms (default: ${DEFAULT-VALUE}).")
    int readTimeoutMs;

    @Override
    public Integer call() {
        if (calls <= 0 || readTimeoutMs <= 0) {
            throw new ConfigException("--calls and --read-timeout must be > 0, were " + calls + " and " + readTimeoutMs);
        }
        PrintStream out = parent.root.context().out();
        FailoverBenchmark.Result r;
        try {
            r = FailoverBenchmark.run(calls, Duration.ofMillis(readTimeoutMs), line -> out.println("… " + line));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the benchmark's fake servers on loopback", e);
        }
        out.printf(Locale.ROOT, "healthy: direct %.3f ms, through chain and breaker %.3f ms: added %.3f ms — goal <= 0.2 ms: %s%n",
                r.directMs(), r.chainMs(), r.overheadMs(), r.overheadMs() <= 0.2 ? "met" : "MISSED");
        out.printf(Locale.ROOT, "primary refuses connections: answered by the fallback in %.3f ms, %.3f ms over the fallback alone — goal <= 50 ms: %s%n",
                r.refusedMs(), r.refusedMs() - r.directMs(), r.refusedMs() - r.directMs() <= 50 ? "met" : "MISSED");
        out.printf(Locale.ROOT, "primary hangs (%d ms read timeout): %.1f ms before its breaker opens, %.3f ms after (%.3f ms over the fallback) — goal after <= 50 ms over: %s%n",
                r.readTimeout().toMillis(), r.hangingBeforeOpenMs(), r.hangingAfterOpenMs(), r.hangingAfterOpenMs() - r.directMs(),
                r.hangingAfterOpenMs() - r.directMs() <= 50 ? "met" : "MISSED");
        return ExitCodes.OK;
    }
}
