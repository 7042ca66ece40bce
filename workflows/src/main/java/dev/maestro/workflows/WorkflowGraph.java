package dev.maestro.workflows;

import dev.maestro.core.Ensure;
import org.bsc.langgraph4j.CompileConfig;
import org.bsc.langgraph4j.CompiledGraph;
import org.bsc.langgraph4j.GraphInput;
import org.bsc.langgraph4j.GraphStateException;
import org.bsc.langgraph4j.RunnableConfig;
import org.bsc.langgraph4j.StateGraph;
import org.bsc.langgraph4j.checkpoint.BaseCheckpointSaver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.bsc.langgraph4j.GraphDefinition.END;
import static org.bsc.langgraph4j.GraphDefinition.START;
import static org.bsc.langgraph4j.action.AsyncNodeAction.node_async;

/**
 * A validated workflow compiled to a LangGraph4j graph and run in autopilot: a node per step, one stage of the
 * {@link ExecutionPlan} after another; a stage of several steps fans out to them (run at once, on their own threads)
 * and joins before the next. The state is checkpointed by the given saver after every node, so a run that stopped
 * (a step failed, the process died) resumes with {@link #resume} at the step it had reached; completed steps never
 * run again.
 *
 * <p>Per step: a condition that is false, or an input whose producer was skipped or failed, skips it; {@code retry}
 * runs it again with doubling backoff; {@code continue} records the failure and goes on; {@code abort} stops the run.
 * {@code fix_and_retry}, {@code rollback} and {@code escalate} are not built yet: the run stops, saying so.
 *
 * @since 0.1
 */
public final class WorkflowGraph {

    // step ids start with a letter and LangGraph4j reserves "__": these names cannot clash with a step's
    private static final String BEGIN = "#begin";

    private final Workflow workflow;
    private final StepExecutor executor;
    private final CompiledGraph<WorkflowState> graph;
    /** Nodes that fan out to a stage of several steps; each gets a thread per branch. */
    private final Set<String> fanOuts = new HashSet<>();

    private WorkflowGraph(Workflow workflow, StepExecutor executor, BaseCheckpointSaver saver) {
        this.workflow = workflow;
        this.executor = executor;
        ExecutionPlan plan = ExecutionPlan.of(workflow);
        Map<String, String> conditions = plan.conditions();
        ConditionEvaluator cel = new ConditionEvaluator(variables(workflow));
        try {
            StateGraph<WorkflowState> g = new StateGraph<>(WorkflowState.SCHEMA, WorkflowState::new);
            g.addNode(BEGIN, node_async(s -> Map.of()));
            g.addEdge(START, BEGIN);
            String previous = BEGIN;
            for (ExecutionPlan.Stage stage : plan.stages()) {
                for (Step step : stage.steps()) {
                    g.addNode(step.id(), node_async(s -> runStep(step, conditions.get(step.id()), cel, s)));
                    g.addEdge(previous, step.id());
                }
                if (stage.steps().size() == 1) {
                    previous = stage.steps().get(0).id();
                } else {
                    fanOuts.add(previous);
                    String join = "#join-" + stage.number();
                    g.addNode(join, node_async(s -> Map.of()));
                    for (Step step : stage.steps()) {
                        g.addEdge(step.id(), join);
                    }
                    previous = join;
                }
            }
            g.addEdge(previous, END);
            this.graph = g.compile(CompileConfig.builder().checkpointSaver(saver)
                    .recursionLimit(2 * workflow.steps().size() + 2 * plan.stages().size() + 10).build());
        } catch (GraphStateException e) {
            throw new WorkflowRunException("Cannot compile workflow " + workflow.name() + " to a graph: " + e.getMessage(), e);
        }
    }

    /** Compiles {@code workflow} (which must have validated); {@code saver} keeps its checkpoints. */
    public static WorkflowGraph compile(Workflow workflow, StepExecutor executor, BaseCheckpointSaver saver) {
        return new WorkflowGraph(Ensure.notNull(workflow, "workflow"), Ensure.notNull(executor, "executor"), Ensure.notNull(saver, "saver"));
    }

    /** Starts run {@code runId} with the given inputs and returns its final state; throws {@link WorkflowRunException}. */
    public WorkflowState run(String runId, Map<String, Object> inputs) {
        return invoke(runId, GraphInput.args(Map.of(WorkflowState.VALUES, new LinkedHashMap<>(inputs))));
    }

    /** Continues run {@code runId} from its last checkpoint. */
    public WorkflowState resume(String runId) {
        return invoke(runId, GraphInput.resume());
    }

    /** The checkpoint thread of a run. */
    public static String thread(String runId) {
        return "workflow:" + runId;
    }

    private WorkflowState invoke(String runId, GraphInput input) {
        try (ExecutorService branches = Executors.newVirtualThreadPerTaskExecutor()) {
            RunnableConfig.Builder config = RunnableConfig.builder().threadId(thread(runId));
            fanOuts.forEach(node -> config.addParallelNodeExecutor(node, branches));
            return graph.invoke(input, config.build())
                    .orElseThrow(() -> new WorkflowRunException("Run " + runId + " of workflow " + workflow.name() + " ended without a state"));
        } catch (WorkflowRunException e) {
            throw e;
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof WorkflowRunException)) {
                cause = cause.getCause();
            }
            if (cause instanceof WorkflowRunException w) {
                throw w;
            }
            throw new WorkflowRunException("Run " + runId + " of workflow " + workflow.name() + " failed: " + e.getMessage(), e);
        }
    }

    private Map<String, Object> runStep(Step step, String condition, ConditionEvaluator cel, WorkflowState state) {
        Map<String, Object> values = state.values();
        for (String in : step.inputs()) {
            if (!values.containsKey(in)) {
                return outcome(step, WorkflowState.SKIPPED);
            }
        }
        if (condition != null && !cel.holds(condition, values)) {
            return outcome(step, WorkflowState.SKIPPED);
        }
        Map<String, Object> inputs = new LinkedHashMap<>();
        step.inputs().forEach(in -> inputs.put(in, values.get(in)));
        int attempts = step.onFailure() instanceof OnFailure.Retry r ? 1 + r.count() : 1;
        Duration backoff = step.onFailure() instanceof OnFailure.Retry r ? r.backoff() : Duration.ZERO;
        Exception last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                Map<String, Object> out = executor.run(step, inputs);
                Map<String, Object> outputs = new LinkedHashMap<>();
                for (String name : step.outputs()) {
                    if (out == null || !out.containsKey(name)) {
                        throw new WorkflowRunException("step '" + step.id() + "' gave no value for its output '" + name + "'");
                    }
                    outputs.put(name, out.get(name));
                }
                return Map.of(WorkflowState.VALUES, outputs, WorkflowState.STEPS, Map.of(step.id(), WorkflowState.DONE));
            } catch (Exception e) {
                last = e;
                if (attempt < attempts) {
                    sleep(backoff.multipliedBy(1L << Math.min(attempt - 1, 20)));
                }
            }
        }
        return switch (step.onFailure()) {
            case OnFailure.Continue c -> outcome(step, WorkflowState.FAILED);
            case OnFailure.Abort a -> throw failed(step, attempts, last, "");
            case OnFailure.Retry r -> throw failed(step, attempts, last, "");
            default -> throw failed(step, attempts, last, "; its on_failure (" + DryRun.describe(step.onFailure())
                    + ") is not built yet, so the run stops");
        };
    }

    private static WorkflowRunException failed(Step step, int attempts, Exception e, String more) {
        return new WorkflowRunException("step '" + step.id() + "' failed" + (attempts > 1 ? " after " + attempts + " attempts" : "")
                + ": " + e.getMessage() + more, e);
    }

    private static Map<String, Object> outcome(Step step, String outcome) {
        return Map.of(WorkflowState.STEPS, Map.of(step.id(), outcome));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkflowRunException("interrupted while waiting to retry", e);
        }
    }

    private static List<String> variables(Workflow wf) {
        List<String> vars = new ArrayList<>(wf.inputs().keySet());
        wf.steps().forEach(s -> vars.addAll(s.outputs()));
        return vars;
    }
}
