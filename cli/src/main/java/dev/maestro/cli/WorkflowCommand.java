package dev.maestro.cli;

import dev.maestro.agents.AgentCatalog;
import dev.maestro.agents.AgentSpec;
import dev.maestro.core.ConfigException;
import dev.maestro.core.config.AppConfig;
import dev.maestro.tools.builtin.BuiltinTools;
import dev.maestro.workflows.DryRun;
import dev.maestro.workflows.ExecutionPlan;
import dev.maestro.workflows.MermaidGraph;
import dev.maestro.workflows.Step;
import dev.maestro.workflows.Workflow;
import dev.maestro.workflows.WorkflowAgents;
import dev.maestro.workflows.WorkflowCatalog;
import dev.maestro.workflows.WorkflowEnvironment;
import dev.maestro.workflows.WorkflowError;
import dev.maestro.workflows.WorkflowLoader;
import dev.maestro.workflows.WorkflowSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code maestro workflow}: the declarative workflows (built-in and {@code workflows.dir}): list, show, validate,
 * graph and a dry run. Nothing here calls a model or a tool, or opens the database.
 */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Declarative multi-step workflows: list, show, validate, graph, and plan a run (--dry-run).",
        subcommands = {WorkflowCommand.ListWorkflows.class, WorkflowCommand.Show.class, WorkflowCommand.Validate.class,
                WorkflowCommand.Graph.class, WorkflowCommand.Run.class, WorkflowCommand.Schema.class})
final class WorkflowCommand implements Runnable {

    @ParentCommand
    MaestroCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (see maestro workflow --help).");
    }

    /** The catalog over the configured agents (workflow agents plus the chat agents) and the built-in tools. */
    WorkflowCatalog catalog() {
        AppConfig config = root.context().config();
        Set<String> agents = new LinkedHashSet<>();
        WorkflowAgents.builtIn().all().forEach(a -> agents.add(a.name()));
        AgentCatalog chat = config.agentsFile().isEmpty() ? AgentCatalog.builtIn() : AgentCatalog.load(Path.of(config.agentsFile()));
        chat.all().stream().map(AgentSpec::name).forEach(agents::add);
        WorkflowEnvironment env = new WorkflowEnvironment(agents, Set.copyOf(BuiltinTools.NAMES), Set.of());
        return WorkflowCatalog.load(config.workflowsDir().isEmpty() ? null : Path.of(config.workflowsDir()), env);
    }

    PrintStream out() {
        return root.context().out();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the built-in workflows and those of workflows.dir.")
    static final class ListWorkflows implements Runnable {

        @ParentCommand
        WorkflowCommand parent;

        @Option(names = "--category", paramLabel = "C", description = "Only workflows of this category.")
        String category;

        @Override
        public void run() {
            PrintStream out = parent.out();
            int shown = 0;
            for (WorkflowCatalog.Entry e : parent.catalog().all()) {
                Workflow wf = e.validated().workflow();
                String cat = wf == null || wf.category() == null ? "" : wf.category();
                if (category != null && !category.equals(cat)) {
                    continue;
                }
                shown++;
                String what = e.validated().ok() ? wf.steps().size() + " steps" : "INVALID (" + e.validated().errors().size()
                        + " errors; maestro workflow validate " + e.origin() + ")";
                out.printf(Locale.ROOT, "%-24s %-12s %-9s %s%n", e.name(), cat, e.builtIn() ? "built-in" : "user",
                        what + (wf != null && wf.description() != null && e.validated().ok() ? "  " + wf.description() : ""));
            }
            if (shown == 0) {
                out.println(category == null ? "No workflows." : "No workflow has category " + category + ".");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a workflow: its inputs and steps in execution order.")
    static final class Show implements Runnable {

        @ParentCommand
        WorkflowCommand parent;

        @Parameters(paramLabel = "NAME|FILE", description = "A workflow name (see list) or a workflow file.")
        String name;

        @Override
        public void run() {
            Workflow wf = parent.catalog().resolve(name);
            PrintStream out = parent.out();
            out.println(wf.name() + (wf.description() == null ? "" : ": " + wf.description()));
            if (wf.category() != null) {
                out.println("Category: " + wf.category());
            }
            out.println("Inputs:");
            wf.inputs().values().forEach(i -> out.println("  " + i.name() + (i.required() && i.defaultValue() == null ? " (required)"
                    : i.defaultValue() != null ? " (default: " + i.defaultValue() + ")" : " (optional)")
                    + (i.description() == null || i.description().isEmpty() ? "" : "  " + i.description())));
            out.println("Steps:");
            int n = 0;
            for (Step s : ExecutionPlan.of(wf).order()) {
                out.printf(Locale.ROOT, "  %d. %-22s %s%s%n", ++n, s.id(), s.title().equals(s.id()) ? "" : s.title() + "  ",
                        s.outputs().isEmpty() ? "" : "→ " + String.join(", ", s.outputs()));
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Validate a workflow file against the schema and the semantic checks; prints every error as file:line:col: message "
                    + "and exits 2 when there is one.")
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        WorkflowCommand parent;

        @Parameters(paramLabel = "FILE", description = "A workflow file (YAML or JSON).")
        Path file;

        @Override
        public Integer call() {
            WorkflowLoader.Validated v = new WorkflowLoader(parent.catalog().environment()).validate(file);
            if (v.ok()) {
                parent.out().println(file + ": ok (" + v.workflow().steps().size() + " steps)");
                return ExitCodes.OK;
            }
            PrintStream err = parent.root.context().err();
            for (WorkflowError e : v.errors()) {
                err.println(e.format(file.toString()));
            }
            err.println(v.errors().size() + " error" + (v.errors().size() == 1 ? "" : "s"));
            return ExitCodes.USAGE;
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true,
            description = "Print a workflow's dependency graph as a Mermaid flowchart (parallel groups as subgraphs).")
    static final class Graph implements Runnable {

        @ParentCommand
        WorkflowCommand parent;

        @Parameters(paramLabel = "NAME|FILE", description = "A workflow name or file.")
        String name;

        @Override
        public void run() {
            parent.out().print(MermaidGraph.of(parent.catalog().resolve(name)));
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run a workflow. Only --dry-run exists yet: it validates, resolves the inputs and prints the plan in "
                    + "execution order, making no model or tool call."})
    static final class Run implements Runnable {

        @ParentCommand
        WorkflowCommand parent;

        @Parameters(paramLabel = "NAME|FILE", description = "A workflow name or file.")
        String name;

        @Option(names = "--dry-run", description = "Print the plan instead of running it.")
        boolean dryRun;

        @Option(names = "--input", paramLabel = "KEY=VALUE", description = "A run input (repeatable).")
        List<String> inputs = List.of();

        @Override
        public void run() {
            Workflow wf = parent.catalog().resolve(name);
            Map<String, String> given = new LinkedHashMap<>();
            for (String kv : inputs) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigException("--input takes KEY=VALUE, got '" + kv + "'");
                }
                given.put(kv.substring(0, eq).strip(), kv.substring(eq + 1));
            }
            List<String> errors = DryRun.inputErrors(wf, given);
            if (!errors.isEmpty()) {
                throw new ConfigException(String.join("; ", errors));
            }
            if (!dryRun) {
                throw new ConfigException("Running workflows is not built yet; add --dry-run to see the plan.");
            }
            parent.out().print(DryRun.of(wf, given).render());
        }
    }

    @Command(name = "schema", mixinStandardHelpOptions = true, description = "Print the JSON Schema of workflow files.")
    static final class Schema implements Runnable {

        @ParentCommand
        WorkflowCommand parent;

        @Override
        public void run() {
            parent.out().print(WorkflowSchema.text());
        }
    }
}
