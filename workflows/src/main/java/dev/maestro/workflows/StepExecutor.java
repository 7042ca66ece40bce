package dev.maestro.workflows;

import java.util.Map;

/**
 * Runs one step's action. Given the step and the values of its inputs, returns its outputs by name (JSON-native
 * values); throws to fail the step, which its {@code on_failure} then handles.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface StepExecutor {

    Map<String, Object> run(Step step, Map<String, Object> inputs) throws Exception;
}
