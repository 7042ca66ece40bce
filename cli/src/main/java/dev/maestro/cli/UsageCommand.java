package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.ConfigException;
import dev.maestro.core.db.UsageLog;
import dev.maestro.evals.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code maestro usage}: tokens and cost by tenant, agent and model, from every stored model call. */
@Command(name = "usage", mixinStandardHelpOptions = true,
        description = {"Tokens and cost by tenant, agent and model since a time (every model call of chat, ask and serve is "
                + "stored with its cost from cost.prices; a model without a price counts as unknown, never as 0). "
                + "--out DIR also writes report.md and report.html with a chart."})
final class UsageCommand implements Callable<Integer> {

    @ParentCommand
    MaestroCommand root;

    @Option(names = "--tenant", paramLabel = "T", description = "Only this tenant.")
    String tenant;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "24h",
            description = "A duration back from now (24h, 7d, 30m) or a date (2026-12-01, UTC); default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md and report.html (with a chart) here.")
    Path out;

    @Override
    public Integer call() {
        Instant from = since(since);
        List<UsageLog.Line> lines;
        try (Maestro maestro = CliMaestro.open(root.context().config(), root.context().err(), false)) {
            lines = maestro.usage().report(tenant, from);
        }
        PrintStream o = root.context().out();
        o.printf(Locale.ROOT, "usage since %s%s: %d model calls%n", from, tenant == null ? "" : " for tenant " + tenant,
                lines.stream().mapToLong(UsageLog.Line::calls).sum());
        List<List<String>> rows = new ArrayList<>();
        for (UsageLog.Line l : lines) {
            rows.add(List.of(l.tenant(), l.agent(), l.model(), Long.toString(l.calls()), Long.toString(l.inputTokens()),
                    Long.toString(l.outputTokens()), cost(l)));
        }
        List<String> headers = List.of("tenant", "agent", "model", "calls", "input tokens", "output tokens", "cost (USD)");
        if (rows.isEmpty()) {
            o.println("(no model calls in this period)");
        } else {
            o.printf(Locale.ROOT, "%-12s %-12s %-24s %7s %13s %13s %s%n", headers.toArray());
            rows.forEach(r -> o.printf(Locale.ROOT, "%-12s %-12s %-24s %7s %13s %13s %s%n", r.toArray()));
        }
        if (out != null) {
            Map<String, Map<String, Double>> tokens = new LinkedHashMap<>();
            tokens.put("input", new LinkedHashMap<>());
            tokens.put("output", new LinkedHashMap<>());
            for (UsageLog.Line l : lines) {
                String key = l.tenant() + " · " + l.agent() + " · " + l.model();
                tokens.get("input").merge(key, (double) l.inputTokens(), Double::sum);
                tokens.get("output").merge(key, (double) l.outputTokens(), Double::sum);
            }
            Report report = Report.titled("Maestro usage since " + from).paragraph((tenant == null ? "All tenants" : "Tenant " + tenant)
                    + ". Costs from cost.prices; 'unknown' marks calls of models without a price (never counted as 0).")
                    .table(headers, rows);
            if (!lines.isEmpty()) {
                report.barChart("Tokens by tenant, agent and model", "tokens", tokens);
            }
            report.writeTo(out);
            o.println("wrote " + out.resolve("report.md") + " and " + out.resolve("report.html"));
        }
        return ExitCodes.OK;
    }

    private static String cost(UsageLog.Line l) {
        String priced = l.cost().setScale(6, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        if (l.unpriced() == 0) {
            return "$" + priced;
        }
        return l.unpriced() == l.calls() ? "unknown" : "$" + priced + " + unknown (" + l.unpriced() + " unpriced calls)";
    }

    static Instant since(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.matches("\\d+[mhd]")) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                Duration d = switch (t.charAt(t.length() - 1)) {
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
                return Instant.now().minus(d);
            }
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new ConfigException("--since must be a duration such as 24h, 7d or 30m, or a date such as 2026-12-01, was '" + text + "'");
        }
    }
}
