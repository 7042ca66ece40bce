package dev.maestro.workflows;

import java.time.Duration;

/**
 * What happens when a step fails. Written as a word ({@code on_failure: retry}, taking its parameters from the step's
 * {@code retry_count} or from the workflow's {@code error_handlers} entry of the same name) or as a one-key object
 * ({@code on_failure: {retry: {count: 2, backoff: 5s}}}).
 *
 * @since 0.1
 */
public sealed interface OnFailure {

    int DEFAULT_RETRIES = 3;
    Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    int DEFAULT_FIX_ATTEMPTS = 3;

    /** Stop the workflow; the default. */
    record Abort() implements OnFailure {
    }

    /** Run the step again up to {@code count} more times, waiting {@code backoff}, doubled after each attempt. */
    record Retry(int count, Duration backoff) implements OnFailure {
    }

    /** Run {@code handler} (an action), then the step again, up to {@code maxAttempts} times. */
    record FixAndRetry(ActionRef handler, int maxAttempts) implements OnFailure {
    }

    /**
     * Undo back to checkpoint {@code to} (empty: the start): the {@code compensate} actions of completed steps run in
     * reverse order, then {@code action} (an error handler's, may be null).
     */
    record Rollback(String to, ActionRef action, boolean notifies) implements OnFailure {
    }

    /** Pause the workflow for a person, showing {@code message}. */
    record Escalate(String message) implements OnFailure {
    }

    /** Record the failure and go on; steps needing this step's outputs are skipped. */
    record Continue() implements OnFailure {
    }
}
