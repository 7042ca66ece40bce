package dev.maestro.workflows;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * One step of a workflow.
 *
 * @param inputs       names of values it reads: workflow inputs or outputs of other steps (which it then follows)
 * @param outputs      names of the values it produces
 * @param dependsOn    steps it follows without reading their outputs
 * @param condition    CEL expression over inputs and outputs; the step is skipped when false; null means always
 * @param timeout      longest the step may run; null means the workflow's
 * @param outputSchema JSON Schema its answer must satisfy; null for none
 * @param compensate   the action that undoes it when a later step rolls back; null for none
 * @param parallel     whether it may run beside other ready steps marked parallel
 * @param supervised   whether hybrid mode asks before it, whatever its risk
 * @since 0.1
 */
public record Step(String id, String name, StepAction action, List<String> inputs, List<String> outputs, List<String> dependsOn,
                   String condition, Duration timeout, Risk risk, JsonNode outputSchema, OnFailure onFailure, ActionRef compensate,
                   boolean parallel, boolean supervised, Location location) {

    public Step {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        dependsOn = List.copyOf(dependsOn);
    }

    /** The name to show: {@code name}, or the id when there is none. */
    public String title() {
        return name == null || name.isBlank() ? id : name;
    }
}
