package dev.maestro.workflows;

import java.util.Map;

/**
 * What a step does: exactly one of an agent, a tool call, a sub-workflow, a human step or a quality gate.
 *
 * @since 0.1
 */
public sealed interface StepAction {

    /** {@code command: "@agent"} with an optional prompt template ({@code {{name}}} over the step's inputs). */
    record Agent(String agent, String prompt) implements StepAction {
    }

    /** {@code tool: NAME} with argument templates. */
    record Tool(String tool, Map<String, String> arguments) implements StepAction {
    }

    /** {@code workflow: NAME}: the step's inputs are passed on by name, its outputs are taken from the child's. */
    record SubWorkflow(String workflow) implements StepAction {
    }

    /** {@code human}: ask a person for input (the step's first output) or for an approval. */
    record Human(Kind kind, String message) implements StepAction {
        public enum Kind { INPUT, APPROVAL }
    }

    /** {@code gate}: a CEL check over state; a false result fails the step. */
    record Gate(String check, String message) implements StepAction {
    }

    /** A step whose action could not be read (the validator reports why). */
    record Missing() implements StepAction {
    }
}
