package dev.maestro.cli;

import dev.maestro.evals.report.Report;
import dev.maestro.prompts.experiments.Experiment;
import dev.maestro.prompts.experiments.ExperimentSummary;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code maestro prompts experiments show} prints an experiment, and its Markdown/HTML report. */
final class ExperimentReport {

    private static final List<String> HEADERS = List.of("arm", "turns", "traffic", "👍", "👎", "posterior mean", "95 % CrI", "P(best)");

    private ExperimentReport() {
    }

    static String state(ExperimentSummary s) {
        Experiment e = s.experiment();
        if (s.winner().isPresent()) {
            return "winner v" + s.winner().getAsInt() + " (it gets every turn)";
        }
        return String.format(Locale.ROOT, "no winner yet (declared when one arm leads every other by more than %.2f with probability ≥ %.2f, "
                + "after ≥ %d votes per arm)", e.minLift(), e.winnerAt(), e.minVotes());
    }

    static void print(PrintStream out, ExperimentSummary s) {
        Experiment e = s.experiment();
        out.printf(Locale.ROOT, "experiment %s · prompt %s · min share %.2f · %s%n", e.id(), e.promptId(), e.minShare(), state(s));
        out.printf(Locale.ROOT, "%-5s %7s %8s %6s %6s %15s %17s %8s%n", HEADERS.toArray());
        for (List<String> row : rows(s)) {
            out.printf(Locale.ROOT, "%-5s %7s %8s %6s %6s %15s %17s %8s%n", row.toArray());
        }
    }

    static Report report(ExperimentSummary s) {
        Experiment e = s.experiment();
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("traffic", new LinkedHashMap<>());
        bars.put("posterior mean 👍 rate", new LinkedHashMap<>());
        bars.put("P(best)", new LinkedHashMap<>());
        for (ExperimentSummary.Arm a : s.arms()) {
            String arm = e.promptId() + "@v" + a.version();
            bars.get("traffic").put(arm, a.share());
            bars.get("posterior mean 👍 rate").put(arm, a.mean());
            bars.get("P(best)").put(arm, a.probabilityBest());
        }
        return Report.titled("Prompt experiment " + e.id())
                .paragraph("Prompt " + e.promptId() + ", versions shared by Thompson sampling on thumbs up/down (Beta(1, 1) prior), "
                        + String.format(Locale.ROOT, "at least %.0f %% of turns per arm for exploration. ", e.minShare() * 100) + state(s) + ".")
                .table(HEADERS, rows(s))
                .barChart("Traffic, posterior mean and probability of being best per arm", "fraction", bars);
    }

    private static List<List<String>> rows(ExperimentSummary s) {
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentSummary.Arm a : s.arms()) {
            rows.add(List.of("v" + a.version(), Long.toString(a.turns()), String.format(Locale.ROOT, "%.1f %%", a.share() * 100),
                    Long.toString(a.up()), Long.toString(a.down()), String.format(Locale.ROOT, "%.3f", a.mean()),
                    String.format(Locale.ROOT, "[%.3f, %.3f]", a.low(), a.high()), String.format(Locale.ROOT, "%.3f", a.probabilityBest())));
        }
        return rows;
    }
}
