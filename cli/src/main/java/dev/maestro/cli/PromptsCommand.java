package dev.maestro.cli;

import dev.maestro.Maestro;
import dev.maestro.core.ConfigException;
import dev.maestro.prompts.experiments.Experiment;
import dev.maestro.prompts.experiments.ExperimentSummary;
import dev.maestro.prompts.experiments.PromptExperiments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code maestro prompts}: the prompt experiments of {@code prompts.experiments}. */
@Command(name = "prompts", mixinStandardHelpOptions = true, description = "Prompt versions and their experiments.",
        subcommands = {PromptsCommand.Experiments.class})
final class PromptsCommand {

    @ParentCommand
    MaestroCommand root;

    @Command(name = "experiments", mixinStandardHelpOptions = true,
            description = {"The prompt experiments of prompts.experiments: arms, traffic, posterior means with 95 % credible intervals, "
                    + "the probability each arm is best, and the winner once declared.", "Without a subcommand: one line per experiment."},
            subcommands = {Show.class})
    static final class Experiments implements Runnable {
        @ParentCommand
        PromptsCommand parent;

        <T> T withExperiments(Function<PromptExperiments, T> work) {
            try (Maestro maestro = CliMaestro.open(parent.root.context().config(), parent.root.context().err(), false)) {
                return work.apply(maestro.promptExperiments());
            }
        }

        @Override
        public void run() {
            PrintStream out = parent.root.context().out();
            List<ExperimentSummary> all = withExperiments(p -> p.experiments().stream().map(p::summary).toList());
            if (all.isEmpty()) {
                out.println("(no prompt experiments: declare them under prompts.experiments in maestro.yaml)");
                return;
            }
            out.printf(Locale.ROOT, "%-20s %-20s %-10s %8s  %s%n", "experiment", "prompt", "versions", "turns", "state");
            for (ExperimentSummary s : all) {
                Experiment e = s.experiment();
                out.printf(Locale.ROOT, "%-20s %-20s %-10s %8d  %s%n", e.id(), e.promptId(),
                        e.versions().stream().map(v -> "v" + v).collect(Collectors.joining(",")),
                        s.arms().stream().mapToLong(ExperimentSummary.Arm::turns).sum(), ExperimentReport.state(s));
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One experiment's arms; --out DIR also writes report.md and report.html with a chart.")
    static final class Show implements Runnable {
        @ParentCommand
        Experiments parent;

        @Parameters(paramLabel = "ID", description = "The experiment's id.")
        String id;

        @Option(names = "--out", paramLabel = "DIR", description = "Also write report.md and report.html (with a chart) here.")
        Path out;

        @Override
        public void run() {
            ExperimentSummary summary = parent.withExperiments(p -> p.experiment(id).map(p::summary).orElseThrow(() ->
                    new ConfigException("No prompt experiment '" + id + "'; declared: "
                            + p.experiments().stream().map(Experiment::id).toList() + " (prompts.experiments in maestro.yaml)")));
            PrintStream o = parent.parent.root.context().out();
            ExperimentReport.print(o, summary);
            if (out != null) {
                ExperimentReport.report(summary).writeTo(out);
                o.println("wrote " + out.resolve("report.md") + " and " + out.resolve("report.html"));
            }
        }
    }
}
