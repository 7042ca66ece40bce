package dev.maestro.workflows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A workflow read from YAML or JSON: named steps that feed each other, with failure policies, parallel groups,
 * conditions, checkpoints and quality gates. Read with {@link WorkflowLoader}; see {@code workflow.schema.json}.
 *
 * @param inputs         the values a run needs; inferred from the steps when the file declares none
 * @param inputsDeclared whether the file has an {@code inputs} block (then every step input must be declared or produced)
 * @param conditions     workflow-level rules: {@code if} (CEL) then a step runs, or {@code abort_workflow}
 * @param rollback       checkpoints and cleanup actions; null when not declared
 * @param timeout        the longest a run may take; null for no limit
 * @since 0.1
 */
public record Workflow(String name, String description, String category, Map<String, WorkflowInput> inputs, boolean inputsDeclared,
                       List<Step> steps, List<ParallelGroup> parallelGroups, Duration timeout, Map<String, ErrorHandler> errorHandlers,
                       List<ActionRef> successActions, List<QualityGate> qualityGates, List<ConditionRule> conditions,
                       RollbackStrategy rollback, Location location) {

    /** The {@code then} of a condition rule that stops the workflow. */
    public static final String ABORT_WORKFLOW = "abort_workflow";

    public Workflow {
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
        steps = List.copyOf(steps);
        parallelGroups = List.copyOf(parallelGroups);
        errorHandlers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(errorHandlers));
        successActions = List.copyOf(successActions);
        qualityGates = List.copyOf(qualityGates);
        conditions = List.copyOf(conditions);
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<ParallelGroup> groupOf(String stepId) {
        return parallelGroups.stream().filter(g -> g.steps().contains(stepId)).findFirst();
    }

    /** A declared input of a run. */
    public record WorkflowInput(String name, String description, boolean required, String defaultValue, Location location) {
    }

    /** Steps that may run at once, at most {@code maxParallel} together. */
    public record ParallelGroup(String name, List<String> steps, int maxParallel, Location location) {
        public ParallelGroup {
            steps = List.copyOf(steps);
        }
    }

    /** An {@code error_handlers} entry, which word-form {@code on_failure} policies of the same name use. */
    public record ErrorHandler(String name, ActionRef action, boolean notifies, int maxAttempts, String message, Location location) {
    }

    /** A workflow-level quality gate: a CEL check evaluated when the steps whose outputs it reads are done. */
    public record QualityGate(String name, String check, String message, Location location) {
    }

    /** {@code if} a CEL expression holds {@code then} a step runs (and not otherwise), or the workflow aborts. */
    public record ConditionRule(String condition, String then, Location location) {
    }

    /** The {@code rollback} block: the checkpoints a rollback may return to, and what to clean up. */
    public record RollbackStrategy(String strategy, List<Checkpoint> checkpoints, List<ActionRef> cleanupActions, Location location) {
        public RollbackStrategy {
            checkpoints = List.copyOf(checkpoints);
            cleanupActions = List.copyOf(cleanupActions);
        }
    }

    /** A checkpoint {@code after} or {@code before} a step; named {@code after:STEP} or {@code before:STEP}. */
    public record Checkpoint(boolean after, String step, Location location) {
        public String name() {
            return (after ? "after:" : "before:") + step;
        }
    }
}
