package dev.maestro.workflows;

import org.bsc.langgraph4j.checkpoint.MemorySaver;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.maestro.workflows.TestEnvironment.LOADER;
import static dev.maestro.workflows.TestEnvironment.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workflows compiled to LangGraph4j and run in autopilot with scripted steps (no model, no tool). */
class WorkflowGraphTest {

    /** Answers every output of a step with "<output> by <step>", and records the order of calls. */
    static final class ScriptedSteps implements StepExecutor {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
        final Map<String, Object> answers = new ConcurrentHashMap<>();

        @Override
        public Map<String, Object> run(Step step, Map<String, Object> inputs) {
            calls.add(step.id());
            if (failuresLeft.merge(step.id(), -1, Integer::sum) >= 0) {
                throw new IllegalStateException("scripted failure of " + step.id());
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            step.outputs().forEach(o -> out.put(o, answers.getOrDefault(o, o + " by " + step.id())));
            return out;
        }
    }

    @Test
    void should_run_the_seed_example_end_to_end_in_data_order() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");
        ScriptedSteps steps = new ScriptedSteps();

        WorkflowState end = WorkflowGraph.compile(wf, steps, new MemorySaver()).run("r1", Map.of("specification", "Add login"));

        assertThat(steps.calls).containsExactly("analyze", "design", "implement", "test", "validate");
        assertThat(end.values()).containsEntry("specification", "Add login").containsEntry("quality_report", "quality_report by validate");
        assertThat(end.steps()).containsOnlyKeys("analyze", "design", "implement", "test", "validate").allSatisfy((k, v) -> assertThat(v).isEqualTo("done"));
    }

    @Test
    void should_run_a_step_whose_condition_holds_and_skip_one_whose_condition_does_not() {
        Workflow wf = LOADER.load(resource("conditional.yaml"), "conditional.yaml");
        ScriptedSteps steps = new ScriptedSteps();
        steps.answers.putAll(Map.of("test_coverage", 72, "complexity", 4, "security_issues", 0));

        WorkflowState end = WorkflowGraph.compile(wf, steps, new MemorySaver()).run("r1", Map.of("change", "PR 42"));

        assertThat(steps.calls).containsExactly("measure", "add_more_tests");
        assertThat(end.steps()).containsEntry("add_more_tests", "done").containsEntry("suggest_refactoring", "skipped");
    }

    @Test
    void should_never_run_more_steps_of_a_group_at_once_than_its_max_parallel() {
        Workflow wf = LOADER.load(resource("parallel.yaml"), "parallel.yaml");
        AtomicInteger running = new AtomicInteger();
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        ScriptedSteps scripted = new ScriptedSteps();
        StepExecutor observed = (step, inputs) -> {
            String group = wf.groupOf(step.id()).map(Workflow.ParallelGroup::name).orElse("none");
            int now = running.incrementAndGet();
            peak.merge(group, now, Math::max);
            try {
                Thread.sleep(100); // long enough for the branches of a stage to overlap
                return scripted.run(step, inputs);
            } finally {
                running.decrementAndGet();
            }
        };

        WorkflowGraph.compile(wf, observed, new MemorySaver()).run("r1", Map.of("design_doc", "d"));

        assertThat(peak).containsEntry("independent_features", 3).containsEntry("test_suite", 2).containsEntry("none", 1);
        assertThat(scripted.calls).hasSize(7).endsWith("report");
    }

    @Test
    void should_retry_then_continue_past_a_failing_step_and_skip_what_needs_it() {
        String yaml = """
                name: flaky
                steps:
                  - {id: a, command: "@context-analyzer", outputs: [x], on_failure: {retry: {count: 2, backoff: 1ms}}}
                  - {id: b, command: "@generate-design", inputs: [x], outputs: [y], on_failure: continue}
                  - {id: c, command: "@generate-tests", inputs: [y], outputs: [z]}
                  - {id: d, command: "@quality-assessor", inputs: [x], outputs: [w]}
                """;
        ScriptedSteps steps = new ScriptedSteps();
        steps.failuresLeft.putAll(Map.of("a", 2, "b", 1));

        WorkflowState end = WorkflowGraph.compile(LOADER.load(yaml, "flaky.yaml"), steps, new MemorySaver()).run("r1", Map.of());

        assertThat(steps.calls).containsExactly("a", "a", "a", "b", "d");
        assertThat(end.steps()).containsExactly(Map.entry("a", "done"), Map.entry("b", "failed"), Map.entry("c", "skipped"),
                Map.entry("d", "done"));
    }

    @Test
    void should_resume_a_stopped_run_at_the_failed_step_without_repeating_completed_steps() {
        Workflow wf = LOADER.load(resource("custom-workflow.json"), "custom-workflow.json");
        ScriptedSteps steps = new ScriptedSteps();
        steps.failuresLeft.put("implement", 1);
        WorkflowGraph graph = WorkflowGraph.compile(wf, steps, new MemorySaver());

        assertThatThrownBy(() -> graph.run("r1", Map.of("specification", "Add login")))
                .isInstanceOf(WorkflowRunException.class)
                .hasMessage("step 'implement' failed: scripted failure of implement; its on_failure (roll back to the start, then "
                        + "git checkout -- ., notify) is not built yet, so the run stops");
        WorkflowState end = graph.resume("r1");

        assertThat(steps.calls).containsExactly("analyze", "design", "implement", "implement", "test", "validate");
        assertThat(end.values()).containsEntry("specification", "Add login").containsKey("quality_report");
    }
}
