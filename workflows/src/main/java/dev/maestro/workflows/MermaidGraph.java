package dev.maestro.workflows;

import java.util.List;
import java.util.Map;

/**
 * A workflow's dependency graph as a Mermaid flowchart: a node per step (title and action), an edge from each step
 * to the steps that follow it, dashed and labelled when the later step has a condition, and each parallel group as a
 * subgraph.
 *
 * @since 0.1
 */
public final class MermaidGraph {

    private MermaidGraph() {
    }

    public static String of(Workflow wf) {
        StringBuilder b = new StringBuilder("flowchart TD\n");
        for (Workflow.ParallelGroup g : wf.parallelGroups()) {
            b.append("    subgraph ").append(id(g.name())).append("[\"").append(label(g.name() + " (max " + g.maxParallel() + ")"))
                    .append("\"]\n");
            for (String s : g.steps()) {
                wf.step(s).ifPresent(step -> b.append("    ").append(node(step)).append('\n'));
            }
            b.append("    end\n");
        }
        for (Step s : wf.steps()) {
            if (wf.groupOf(s.id()).isEmpty()) {
                b.append("    ").append(node(s)).append('\n');
            }
        }
        Map<String, List<String>> deps = WorkflowValidator.dependencies(wf);
        Map<String, String> conditions = ExecutionPlan.of(wf).conditions();
        for (Step s : wf.steps()) {
            String condition = conditions.get(s.id());
            for (String d : deps.get(s.id())) {
                b.append("    ").append(id(d));
                b.append(condition == null ? " --> " : " -.->|\"" + label("if " + condition) + "\"| ");
                b.append(id(s.id())).append('\n');
            }
        }
        return b.toString();
    }

    private static String node(Step s) {
        String action = switch (s.action()) {
            case StepAction.Agent a -> "@" + a.agent();
            case StepAction.Tool t -> "tool " + t.tool();
            case StepAction.SubWorkflow w -> "workflow " + w.workflow();
            case StepAction.Human h -> "human " + h.kind().name().toLowerCase(java.util.Locale.ROOT);
            case StepAction.Gate g -> "gate";
            case StepAction.Missing m -> "?";
        };
        String shape = s.action() instanceof StepAction.Human || s.action() instanceof StepAction.Gate ? "{{\"%s\"}}" : "[\"%s\"]";
        return id(s.id()) + shape.formatted(label(s.title()) + "<br/>" + label(action));
    }

    /** Mermaid ids: letters, digits and '_'; "end" is a keyword. */
    private static String id(String name) {
        String id = name.replaceAll("[^A-Za-z0-9_]", "_");
        return id.equals("end") ? "end_" : id;
    }

    private static String label(String text) {
        return text.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;");
    }
}
