package dev.maestro.workflows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a workflow's steps run in: stages, each a set of steps that run at once. A step's stage comes after the
 * stages of every step it follows (its inputs' producers and its {@code depends_on}); ties go by declaration order.
 * The ready steps of a parallel group share a stage, at most {@code max_parallel} of them; ready steps marked
 * {@code parallel: true} outside any group share one too; every other step has a stage of its own.
 *
 * @since 0.1
 */
public record ExecutionPlan(Workflow workflow, List<Stage> stages) {

    public ExecutionPlan {
        stages = List.copyOf(stages);
    }

    /** Steps that run together; {@code group} is the parallel group's name, or null. */
    public record Stage(int number, String group, List<Step> steps) {
        public Stage {
            steps = List.copyOf(steps);
        }
    }

    /** Plans a workflow that validated (no cycles, no unknown steps); throws {@link IllegalStateException} on a cycle. */
    public static ExecutionPlan of(Workflow wf) {
        Map<String, List<String>> deps = WorkflowValidator.dependencies(wf);
        Set<String> done = new LinkedHashSet<>();
        List<Stage> stages = new ArrayList<>();
        while (done.size() < wf.steps().size()) {
            List<Step> ready = wf.steps().stream()
                    .filter(s -> !done.contains(s.id()) && done.containsAll(deps.get(s.id()))).toList();
            if (ready.isEmpty()) {
                throw new IllegalStateException("Workflow " + wf.name() + " has a dependency cycle; validate it first");
            }
            Step first = ready.get(0);
            Workflow.ParallelGroup group = wf.groupOf(first.id()).orElse(null);
            List<Step> batch;
            if (group != null) {
                batch = ready.stream().filter(s -> group.steps().contains(s.id())).limit(group.maxParallel()).toList();
            } else if (first.parallel()) {
                batch = ready.stream().filter(s -> s.parallel() && wf.groupOf(s.id()).isEmpty()).toList();
            } else {
                batch = List.of(first);
            }
            batch.forEach(s -> done.add(s.id()));
            stages.add(new Stage(stages.size() + 1, group == null ? null : group.name(), batch));
        }
        return new ExecutionPlan(wf, stages);
    }

    /** The steps in execution order. */
    public List<Step> order() {
        return stages.stream().flatMap(s -> s.steps().stream()).toList();
    }

    /**
     * When each step runs: its own condition and the workflow's {@code conditions} rules that name it, joined with
     * {@code &&}; steps that always run are absent.
     */
    public Map<String, String> conditions() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Step s : workflow.steps()) {
            List<String> parts = new ArrayList<>();
            if (s.condition() != null) {
                parts.add(s.condition());
            }
            workflow.conditions().stream().filter(r -> s.id().equals(r.then())).forEach(r -> parts.add(r.condition()));
            if (!parts.isEmpty()) {
                out.put(s.id(), parts.size() == 1 ? parts.get(0) : "(" + String.join(") && (", parts) + ")");
            }
        }
        return out;
    }
}
